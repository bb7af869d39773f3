import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, before, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { freePort } from '../testing/free-port.ts';
import { RETRY_BACKOFF, SccpPhone } from './phone.ts';
import type { PhoneEvents } from './phone-events.ts';

// A phone whose only call manager goes away keeps trying it with back-off (phone.ts RETRY_BACKOFF)
// and registers again when it returns: a real CME (CmeLab) on 127.0.0.1, the phone and the CME on
// one ManualClock, so the back-off is checked to the millisecond without waiting for it.

const { config } = loadCmeConfig(readFileSync(new URL('../../labs/cme-moc.cfg', import.meta.url), 'utf8'));
const mac = [...config.ephones.values()][0]!.mac;

/** A TCP port nothing listens on now (bound, then released), so the CME restarts on the same one. */
/** Real-time poll (a test guard, not a protocol timer) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets sockets and promises run without moving the injected clock. */
const settle = () => new Promise((r) => setTimeout(r, 30));

let clock: ManualClock;
let lab: CmeLab;
let port: number;
let phone: SccpPhone | undefined;
let retries: Array<PhoneEvents['retrying']>;

before(async () => {
  port = await freePort();
});

afterEach(async () => {
  await phone?.stop();
  phone = undefined;
  await lab?.stop();
});

function newLabAndPhone(): SccpPhone {
  clock = new ManualClock();
  lab = new CmeLab({ config, host: '127.0.0.1', sccpPort: port, clock, log: () => {} });
  phone = new SccpPhone({ mac, model: '7961', servers: [{ host: '127.0.0.1', port }], clock });
  retries = [];
  phone.on('retrying', (r) => retries.push(r));
  return phone;
}

const registeredOnCme = () => lab.node.registeredDevices.some((d) => d.deviceName === `SEP${mac}`);

/**
 * `expected` lists successive retry pauses, the first one already announced. For each pause the
 * clock is moved to 1 ms before its end (no attempt may happen) and then to its end (the attempt
 * fails against the absent call manager and announces the next pause of the list).
 */
async function stepThrough(expected: number[]): Promise<void> {
  for (let i = 1; i < expected.length; i++) {
    const due = expected[i - 1]!;
    const seen = retries.length;
    clock.advance(due - 1);
    await settle();
    assert.equal(retries.length, seen, `no attempt 1 ms before the ${due} ms pause ends`);
    clock.advance(1);
    await until(() => retries.length === seen + 1, `retry after ${due} ms`);
    assert.equal(retries.at(-1)?.delayMs, expected[i]);
  }
}

test('one call manager: after it is lost the phone retries 1 s, 2 s, 4 s ... 30 s (cap) and registers when it is back', async () => {
  const p = newLabAndPhone();
  await lab.start();
  assert.equal(lab.running.endpoints.sccp.port, port);
  await p.start();
  assert.equal(p.state.registered, true);
  const failovers: Array<PhoneEvents['failover']> = [];
  p.on('failover', (f) => failovers.push(f));

  await lab.stop();
  // Lost TCP: the phone tries its only server again at once; refused -> first pause 1 s.
  await until(() => retries.length === 1, 'first retry');
  assert.equal(p.state.registered, false);
  assert.deepEqual(
    retries.map((r) => [r.round, r.delayMs]),
    [[1, RETRY_BACKOFF.initialMs]],
  );
  assert.match(retries[0]!.reason, /ECONNREFUSED/);
  await stepThrough([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  assert.deepEqual(
    retries.map((r) => r.round),
    [1, 2, 3, 4, 5, 6, 7],
  );

  // The call manager comes back on the same port while the phone waits out a 30 s pause.
  await lab.start();
  assert.equal(lab.running.endpoints.sccp.port, port);
  clock.advance(30_000 - 1);
  await settle();
  assert.equal(p.state.registered, false, 'not before the pause ends');
  assert.equal(registeredOnCme(), false);
  clock.advance(1);
  await p.waitFor((s) => s.registered && s.serverIndex === 0, 3000, 'registered again');
  await until(registeredOnCme, 'the CME to list the phone');
  assert.equal(retries.length, 7, 'no retry once registered');
  assert.deepEqual(
    failovers.map((f) => [f.from, f.to]),
    [[0, 0]],
  );

  // Registered again: the back-off starts over from 1 s at the next loss.
  await lab.stop();
  await until(() => retries.length === 8, 'retry after the second loss');
  assert.deepEqual(
    retries.slice(7).map((r) => [r.round, r.delayMs]),
    [[1, 1000]],
  );
});

test('powerOn with the call manager down: refused at once, keeps retrying, registers when it starts', async () => {
  const p = newLabAndPhone();
  const outcome = await p.powerOn();
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok && outcome.error === 'no-call-manager');
  assert.match(outcome.ok ? '' : outcome.reason, /ECONNREFUSED/);
  assert.deepEqual(
    retries.map((r) => r.delayMs),
    [1000],
  );
  await stepThrough([1000, 2000, 4000]);
  await lab.start();
  clock.advance(4000);
  await p.waitFor((s) => s.registered, 3000, 'registered');
  await until(registeredOnCme, 'the CME to list the phone');
  assert.equal(retries.length, 3);
});

test('stop() while waiting for a retry cancels it: no timer is left on the clock', async () => {
  const p = newLabAndPhone();
  await p.powerOn();
  assert.equal(retries.length, 1);
  await p.stop();
  assert.equal(clock.pending, 0);
  await lab.start();
  clock.advance(60_000);
  await settle();
  assert.equal(p.state.registered, false);
  assert.equal(registeredOnCme(), false);
});

test('retry options are checked: a pause of 0 or a cap below the first pause is a PhoneConfigError', () => {
  const servers = [{ host: '127.0.0.1', port: 2000 }];
  const make = (retryIntervalMs?: number, retryMaxIntervalMs?: number) =>
    new SccpPhone({ mac, model: '7961', servers, retryIntervalMs, retryMaxIntervalMs });
  assert.throws(() => make(0), /retryIntervalMs/);
  assert.throws(() => make(5000, 1000), /retryMaxIntervalMs/);
  assert.doesNotThrow(() => make(60_000));
});

test('a call manager that closes during registration: the attempt fails naming the server and the close', async () => {
  // A bare listener on the port: it reads the RegisterReq, then closes the connection (reset).
  const { createServer } = await import('node:net');
  const server = createServer((s) => s.once('data', () => s.resetAndDestroy()));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    clock = new ManualClock();
    phone = new SccpPhone({ mac, model: '7961', servers: [{ host: '127.0.0.1', port }], clock });
    retries = [];
    phone.on('retrying', (r) => retries.push(r));
    const outcome = await phone.powerOn();
    assert.equal(outcome.ok, false);
    assert.match(
      outcome.ok ? '' : outcome.reason,
      new RegExp(`server #0 127\\.0\\.0\\.1:${port}: (socket error: .*ECONNRESET|closed by server)`),
    );
    assert.equal(retries.length, 1, 'the phone goes on trying after the failed attempt');
  } finally {
    await phone?.stop();
    phone = undefined;
    await new Promise((r) => server.close(r));
  }
});
