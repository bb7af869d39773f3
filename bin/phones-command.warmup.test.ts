import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { CmeLab } from '../simulators/cme/cme.ts';
import type { Observation } from '../simulators/lab/observation.ts';
import type { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { testDn, testEphone, testStationConfig } from '../simulators/testing/call-control-test-lab.ts';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';

// `ctilab phones --count N --warmup W --warmup-hold` (phones-command.ts warmupRound), a real child
// against a real CME on real TCP (in this process, so its devices can be read): the first W
// phones register and unregister once (UnregisterReq, Wireshark packet-skinny 0x0027), and only
// then, on SIGUSR2, do all N register.

const { start: spawnCtilab } = ctilabChildren();

const MACS = ['00AA00000001', '00AA00000002', '00AA00000003'];
const lab = new CmeLab({
  config: testStationConfig(
    MACS.map((_, i) => testDn(i + 1, `60${i + 1}`)),
    MACS.map((mac, i) => testEphone(i + 1, mac, [i + 1])),
    { hostname: 'cme-warmup' },
  ),
  sccpPort: 0,
  log: () => {},
});
after(() => lab.stop());

const registeredNow = () =>
  lab.node.registeredDevices.map((d) => d.deviceName).sort((a, b) => a.localeCompare(b));

const [A, B, C] = ['SEP00AA00000001', 'SEP00AA00000002', 'SEP00AA00000003'];

/** RegisterReq device names and UnregisterReq connections, in order, as the CME read them. */
function watchRegistrations() {
  const registers: string[] = [];
  const unregisters: string[] = [];
  const unsubscribe = lab.observations.subscribe(
    (o: Observation) => {
      if (o.kind !== 'wire' || o.protocol !== 'sccp') return;
      const m = o.decoded as { type?: string; deviceName?: string } | undefined;
      if (m?.type === 'RegisterReq') registers.push(m.deviceName ?? '');
      if (m?.type === 'UnregisterReq') unregisters.push(o.connection);
    },
    ['wire'],
  );
  return { registers, unregisters, unsubscribe };
}

/** `ctilab phones --count 3 --warmup W --warmup-hold` against the lab, and its warm-up line. */
async function warmPhones(warmup: number) {
  const port = (await lab.start()).endpoints.sccp.port;
  const phones = spawnCtilab('phones', [
    'phones',
    '--target',
    `127.0.0.1:${port}`,
    ...['--count', '3', '--mac-base', MACS[0]!, '--warmup', String(warmup), '--warmup-hold'],
  ]);
  const line = await phones.waitForLine((v) => 'warmup' in v, 30_000, 'warm-up line', 0);
  const w = line.value.warmup as { phones: number; rounds: number; registered: number; failed: number };
  return {
    phones,
    warmup: { phones: w.phones, rounds: w.rounds, registered: w.registered, failed: w.failed },
  };
}

/** SIGUSR2: the measured round; all three register; then SIGTERM and a clean exit. */
async function measuredRoundThenStop(phones: CtilabChild): Promise<void> {
  phones.signal('SIGUSR2');
  const summary = await phones.waitForLine((v) => 'phones' in v && 'registered' in v, 30_000, 'summary', 0);
  assert.deepEqual(
    { phones: summary.value.phones, registered: summary.value.registered, failed: summary.value.failed },
    { phones: 3, registered: 3, failed: 0 },
  );
  assert.deepEqual(registeredNow(), [A, B, C]);
  phones.signal('SIGTERM');
  await phones.waitForLine((v) => 'stopping' in v, 10_000, 'stopping line');
  assert.deepEqual(await phones.waitForExit(10_000), { code: 0, signal: null });
}

test(
  '--warmup 2: the first two of --count 3 register and unregister once before the held round',
  { timeout: 60_000 },
  async () => {
    const seen = watchRegistrations();
    let phones: CtilabChild | undefined;
    try {
      const warm = await warmPhones(2);
      phones = warm.phones;
      assert.deepEqual(warm.warmup, { phones: 2, rounds: 1, registered: 2, failed: 0 });
      assert.deepEqual(seen.registers.sort(), [A, B]);
      assert.equal(seen.unregisters.length, 2, 'both warm-up phones sent UnregisterReq');
      // Held: no measured phone registers before SIGUSR2.
      await delay(300);
      assert.deepEqual(registeredNow(), []);
      assert.equal(
        phones.lines.some((l) => 'registered' in l.value && 'phones' in l.value),
        false,
        'no outcome line while held',
      );
      await measuredRoundThenStop(phones);
      // The warm-up devices registered once more, in the measured round.
      assert.deepEqual(seen.registers.slice(2).sort(), [A, B, C]);
    } finally {
      seen.unsubscribe();
      // A failed check leaves no phone registered for the next test.
      if (phones !== undefined && !phones.exited) await phones.stop(5000).catch(() => undefined);
    }
  },
);

test(
  '--warmup 7 with --count 3: rounds of all three phones, then the first one, before the held round',
  { timeout: 60_000 },
  async () => {
    const seen = watchRegistrations();
    let phones: CtilabChild | undefined;
    try {
      const warm = await warmPhones(7);
      phones = warm.phones;
      assert.deepEqual(warm.warmup, { phones: 7, rounds: 3, registered: 7, failed: 0 });
      // Round by round: all three, all three, then the first.
      assert.deepEqual(seen.registers.slice(0, 3).sort(), [A, B, C]);
      assert.deepEqual(seen.registers.slice(3, 6).sort(), [A, B, C]);
      assert.deepEqual(seen.registers.slice(6), [A]);
      assert.equal(seen.unregisters.length, 7, 'every warm-up registration ended with UnregisterReq');
      assert.deepEqual(registeredNow(), []);
      await measuredRoundThenStop(phones);
    } finally {
      seen.unsubscribe();
      if (phones !== undefined && !phones.exited) await phones.stop(5000).catch(() => undefined);
    }
  },
);

test('--warmup-hold without --warmup is refused before any phone starts', { timeout: 30_000 }, async () => {
  const port = (await lab.start()).endpoints.sccp.port;
  const phones = spawnCtilab('phones', [
    'phones',
    '--target',
    `127.0.0.1:${port}`,
    ...['--count', '3', '--mac-base', MACS[0]!, '--warmup-hold'],
  ]);
  const exit = await phones.waitForExit(20_000);
  assert.notEqual(exit.code, 0);
  assert.match(phones.stderr.join('\n'), /--warmup-hold: there is no warm-up round/);
  assert.deepEqual(registeredNow(), []);
});
