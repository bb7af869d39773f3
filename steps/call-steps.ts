import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { calls, hasCallIn, hears, idle, ringing, sendsTo } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

function mark(world: LabWorld): void {
  world.markIndex = world.observed.length;
}

When('phone {int} goes off hook', function (this: LabWorld, tag: number) {
  mark(this);
  this.existingPhone(tag).offHook();
});

When('phone {int} dials {string}', async function (this: LabWorld, tag: number, digits: string) {
  mark(this);
  const p = this.existingPhone(tag);
  await p.waitFor((s) => hasCallIn(s, 'OffHook'), 5000, 'off hook before dialling');
  p.dial(digits);
});

When('phone {int} calls {string}', async function (this: LabWorld, tag: number, digits: string) {
  const p = this.existingPhone(tag);
  p.offHook();
  await p.waitFor((s) => hears(s, 'InsideDialTone'), 5000, 'dial tone');
  mark(this);
  p.dial(digits);
});

When('phone {int} hangs up', function (this: LabWorld, tag: number) {
  mark(this);
  this.existingPhone(tag).onHook();
});

When('phone {int} answers', async function (this: LabWorld, tag: number) {
  const p = this.existingPhone(tag);
  await p.waitFor(ringing, 5000, 'ringing before answering');
  mark(this);
  p.answer();
});

When('phone {int} presses {string}', function (this: LabWorld, tag: number, key: string) {
  mark(this);
  this.existingPhone(tag).softKey(key);
});

When('phone {int} presses line {int}', function (this: LabWorld, tag: number, line: number) {
  mark(this);
  this.existingPhone(tag).pressLine(line);
});

When(
  'phone {int} forwards all calls to {string}',
  async function (this: LabWorld, tag: number, digits: string) {
    const p = this.existingPhone(tag);
    p.softKey('CfwdAll');
    await p.waitFor((s) => s.prompt?.text === 'Enter number', 5000, 'forward prompt');
    p.dial(`${digits}#`);
  },
);

Then('phone {int} hears {tone}', async function (this: LabWorld, tag: number, tone: string) {
  await this.existingPhone(tag).waitFor((s) => hears(s, tone), 5000, tone);
});

Then('phone {int} rings', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor(ringing, 5000, 'ringing');
});

/** SCCP messages the CMEs sent on the phone's current connection that the phone has not taken in yet. */
function undelivered(world: LabWorld, deviceName: string): number {
  let port: number | undefined;
  for (const o of world.observed)
    if (
      o.kind === 'wire' &&
      o.source === deviceName &&
      (o.decoded as { type?: string })?.type === 'RegisterReq'
    )
      port = o.src.port;
  let pending = 0;
  for (const o of world.observed) {
    if (o.kind !== 'wire' || o.protocol !== 'sccp' || o.dst.port !== port) continue;
    if (world.cmes.has(o.source)) pending++;
    else if (o.source === deviceName) pending--;
  }
  return pending;
}

/**
 * Resolves once the phone has taken in every SCCP message the CMEs have sent it: a CME sends a
 * phone what a call does to it (CallState RingIn, SetRinger) in the same turn it handles the
 * caller's message, and TCP delivers in order, so from then on nothing already decided can still
 * ring it. The deadline is real time, like SccpPhone.waitFor: it guards against a silent peer.
 */
function allDelivered(world: LabWorld, deviceName: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (undelivered(world, deviceName) > 0) return;
      finish();
      resolve();
    };
    const unsubscribe = world.observations.subscribe(check);
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `${deviceName} still lacks ${undelivered(world, deviceName)} SCCP messages after ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const finish = () => {
      unsubscribe();
      clearTimeout(timer);
    };
    check();
  });
}

// Follows a step that shows the CME has handled the call (another phone rings, the caller hears
// busy): the CFwdAll and DND decisions are made at set-up, on no timer, so once the phone has
// every message the CME sent it, its state is final.
Then('phone {int} does not ring', async function (this: LabWorld, tag: number) {
  const phone = this.existingPhone(tag);
  await allDelivered(this, phone.state.deviceName);
  assert.equal(ringing(phone.state), false, `phone ${tag} rings`);
});

Then('phone {int} shows a call from {string}', async function (this: LabWorld, tag: number, number: string) {
  await this.existingPhone(tag).waitFor(
    (s) => calls(s).some((c) => c.state === 'RingIn' && c.callInfo?.callingParty === number),
    5000,
    `a call from ${number}`,
  );
});

Then('phone {int} and phone {int} are connected', async function (this: LabWorld, a: number, b: number) {
  const pa = this.existingPhone(a);
  const pb = this.existingPhone(b);
  await pa.waitFor((s) => hasCallIn(s, 'Connected') && sendsTo(s, pb.state), 5000, `media to phone ${b}`);
  await pb.waitFor((s) => hasCallIn(s, 'Connected') && sendsTo(s, pa.state), 5000, `media to phone ${a}`);
});

Then('phone {int} is idle', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor(idle, 5000, 'idle');
});

Then('phone {int} has a call on hold', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor((s) => hasCallIn(s, 'Hold'), 5000, 'a call on hold');
});

Then('phone {int} has no media open', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor(
    (s) => Object.keys(s.media.receive).length === 0 && Object.keys(s.media.transmit).length === 0,
    5000,
    'no media',
  );
});

Then('phone {int} shows the line in use on another phone', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor(
    (s) => hasCallIn(s, 'CallRemoteMultiline') && !ringing(s),
    5000,
    'remote in use',
  );
});

Then('phone {int} shows {string}', async function (this: LabWorld, tag: number, text: string) {
  await this.existingPhone(tag).waitFor(
    (s) => (s.prompt?.text ?? '').includes(text) || (s.notify?.text ?? '').includes(text),
    5000,
    `"${text}" on the display`,
  );
});

Then(
  'phone {int} rings on line {int} for {string}',
  async function (this: LabWorld, tag: number, line: number, from: string) {
    await this.existingPhone(tag).waitFor(
      (s) =>
        Object.values(s.lines[String(line)]?.calls ?? {}).some(
          (c) => c.state === 'RingIn' && c.callInfo?.callingParty === from,
        ),
      5000,
      `ringing on line ${line} for ${from}`,
    );
  },
);

Then('phones {phones} are in one conference', async function (this: LabWorld, tags: number[]) {
  for (const t of tags)
    await this.existingPhone(t).waitFor((s) => hasCallIn(s, 'Connected'), 5000, 'connected');
  const model = this.cme().calls.model;
  const dns = tags.map((t) => this.existingPhone(t).state.lines['1']?.dirNumber);
  const conf = model
    .callIds()
    .map((id) => model.snapshotCall(id))
    .find((c) => c.conference);
  assert.ok(conf, 'no conference call in the CME');
  const parties = conf.endpoints
    .filter((e) => e.localConnectionState === 'connected')
    .map((e) => e.connection.deviceID);
  assert.deepEqual([...parties].sort(), [...dns].sort());
});

Then('the CME sent phone {int} in this order:', async function (this: LabWorld, tag: number, table) {
  const expected = (table.raw() as string[][]).map((r) => r[0]!);
  const device = this.ephone(tag).deviceName;
  const deadline = Date.now() + 3000;
  let sent: string[] = [];
  const found = () => {
    sent = this.sentTo(device, this.markIndex);
    for (let i = 0; i + expected.length <= sent.length; i++) {
      if (expected.every((e, j) => sent[i + j] === e)) return true;
    }
    return false;
  };
  while (!found() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(found(), `expected ${expected.join(', ')} in order; sent: ${sent.join(', ')}`);
});

Then('the CME has no calls left', async function (this: LabWorld) {
  const model = this.cme().calls.model;
  const deadline = Date.now() + 3000;
  while (model.callIds().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(model.callIds(), []);
});
