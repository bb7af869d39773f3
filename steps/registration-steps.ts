import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { systemClock } from '../simulators/lab/clock.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { RegistrationRejectedError } from '../simulators/phone/phone-errors.ts';
import { pixitLine, pixitSccp } from './pixit-target.ts';
import { sccpEndpoint } from './runtime-lab.ts';
import type { LabWorld } from './world.ts';

Given('phones {phones} are registered', async function (this: LabWorld, tags: number[]) {
  for (const t of tags) await this.phone(t).start();
});

Given(
  'phone {int} is registered with the primary and secondary CME',
  async function (this: LabWorld, tag: number) {
    await this.phone(tag, ['CME', 'CME-B']).start();
  },
);

When('phone {int} registers', function (this: LabWorld, tag: number) {
  const p = this.phone(tag).start();
  p.catch(() => {});
  this.pendingStarts.set(tag, p);
});

/** As a precondition it registers the phone; after "phone N registers" it checks the outcome. */
Then('phone {int} is registered', async function (this: LabWorld, tag: number) {
  const pending = this.pendingStarts.get(tag);
  if (pending) await pending;
  else if (!this.phones.has(tag)) await this.phone(tag).start();
  const p = this.existingPhone(tag);
  await p.waitFor((s) => s.registered, 5000, 'registered');
  // A real target (steps/pixit-target.ts) is seen through SCCP only: its RegisterAck.
  if (!this.pixit) assert.ok(this.cme().node.device(p.deviceName), 'the CME does not list the phone');
});

Then('phone {int} is rejected with {string}', async function (this: LabWorld, tag: number, text: string) {
  const start = this.pendingStarts.get(tag);
  assert.ok(start, `phone ${tag} did not try to register`);
  await assert.rejects(start, (err: unknown) => {
    assert.ok(err instanceof RegistrationRejectedError, `expected a RegisterReject, got ${String(err)}`);
    assert.match(err.message, new RegExp(text));
    return true;
  });
});

When('a phone with MAC {string} tries to register', async function (this: LabWorld, mac: string) {
  const phone = new SccpPhone({
    mac,
    model: '7961',
    servers: [this.pixit ? pixitSccp(this.pixit) : this.cme().node.endpoint],
    clock: this.pixit ? systemClock : this.clock,
    observations: this.observations,
  });
  try {
    await phone.start();
    this.lastError = undefined;
    await phone.stop();
  } catch (err) {
    this.lastError = err as Error;
  }
});

Then('it is rejected with {string}', function (this: LabWorld, text: string) {
  assert.ok(
    this.lastError instanceof RegistrationRejectedError,
    `expected a RegisterReject, got ${String(this.lastError)}`,
  );
  assert.match(this.lastError.message, new RegExp(text));
});

Then(
  "the CME answered phone {int}'s registration in this order:",
  function (this: LabWorld, tag: number, table) {
    const expected = (table.raw() as string[][]).map((r) => r[0]!);
    const sent = this.sentTo(this.ephone(tag).deviceName);
    assert.deepEqual(sent.slice(0, expected.length), expected);
  },
);

Then(
  'phone {int} shows line {int} as {string}',
  function (this: LabWorld, tag: number, line: number, dn: string) {
    const l = this.existingPhone(tag).state.lines[String(line)];
    // A real target shows its own DN for the line (the PIXIT's numbers.lines).
    assert.equal(l?.dirNumber, pixitLine(this.pixit, dn));
  },
);

Then('phone {int} shows the idle screen', async function (this: LabWorld, tag: number) {
  await this.existingPhone(tag).waitFor(
    (s) => s.prompt?.text === 'Your current options' && s.selectedSoftKeys?.softKeySet === 'OnHook',
    5000,
    'idle screen',
  );
});

Then(
  'phone {int} is registered with the {word} CME',
  // Real-time runtimes wait as long as the scenario let pass (steps/runtime-lab.ts).
  { timeout: 400_000 },
  async function (this: LabWorld, tag: number, which: string) {
    const index = which === 'primary' ? 0 : 1;
    const p = this.existingPhone(tag);
    if (this.runtimeLab) {
      // Real time (steps/runtime-lab.ts): the condition may take the seconds the scenario let pass.
      const waitMs = Math.max(5000, this.realTimeBudgetMs + 5000);
      this.realTimeBudgetMs = 0;
      await p.waitFor(
        (s) => s.registered && s.serverIndex === index,
        waitMs,
        `registered with the ${which} CME`,
      );
      const endpoint = sccpEndpoint(this.runtimeLab, index === 0 ? 'CME' : 'CME-B');
      const server = p.state.server;
      assert.deepEqual(
        { host: server?.host, port: server?.port },
        { host: endpoint.host, port: endpoint.port },
        `the phone's call manager is the ${which} node's endpoint`,
      );
      return;
    }
    await p.waitFor((s) => s.registered && s.serverIndex === index, 5000, `registered with the ${which} CME`);
    const cme = this.cme(index === 0 ? 'CME' : 'CME-B');
    assert.ok(cme.node.device(p.deviceName), `the ${which} CME does not list the phone`);
  },
);

Then('the CME no longer has phone {int} registered', async function (this: LabWorld, tag: number) {
  const name = this.ephone(tag).deviceName;
  const deadline = Date.now() + 3000;
  while (this.cme().node.device(name) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(this.cme().node.device(name), undefined);
});

Then('the CME still has phone {int} registered', function (this: LabWorld, tag: number) {
  assert.ok(this.cme().node.device(this.ephone(tag).deviceName));
});
