/**
 * Dial-via-office under fuzzing (CME 8.8, cti-dial-via-office.ts; issue 13 "Bad input"): random
 * sequences of MakeCall requests whose callingDevice, calledDirectoryNumber and autoOriginate are
 * drawn from the forms a client may send (the snr number as tel:, sip:, bare or padded, the snr of a
 * line without mobility, an ambiguous snr, directory numbers, unknown numbers, arbitrary text),
 * interleaved with the lab's remote party (answer, busy, unreachable, on any form of any number),
 * ClearConnection of a made call, and the CME's clock running past `snr ... timeout`. Real CME,
 * real SCCP phones on TCP, the CTI layer driven directly, manual clock (labs/cme-cti-dvo.cfg).
 *
 * Oracles, after every step: every answer is a MakeCallResponse or a CSTA error that encodes
 * (ECMA-323 §9.2 / §15); a callback rings for an accepted request on the capable snr number only,
 * at most one per remote number (a second one is refused, resourceBusy), and its office connection
 * is `initiated` in the call model; the remote party's word is taken only for a ringing callback;
 * a callback unanswered for the timeout (20 s) is gone. After each run, once the calls are
 * cleared, nothing rings, no call is left on any line, and a new dial-via-office call is served.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { encodeCsta, encodeCstaError } from '../../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import { CtiTestLab } from '../../testing/cti-test-lab.ts';
import { collectUncaught } from '../../testing/uncaught-errors.ts';
import type { CtiSession } from './cti-session.ts';

const CFG = readFileSync(new URL('../../../labs/cme-cti-dvo.cfg', import.meta.url), 'utf8');
const MOBILE = '0612345678'; // 201: mobility, snr ... timeout 20
const TIMEOUT_MS = 20_000;
const DNS = ['201', '202', '203', '204', '205'];
const ns = { namespace: CSTA_NAMESPACES.ed3 };

/** The forms a client may write a number in (device-id.ts reads tel:, sip: and bare digits). */
const numberForms = (n: string) =>
  fc.constantFrom(
    n,
    `tel:${n}`,
    `sip:${n}@cme.lab`,
    `tel:${n};phone-context=dialstring`,
    ` ${n} `,
    `TEL:${n}`,
  );
const someNumber = fc.oneof(
  { weight: 6, arbitrary: numberForms(MOBILE) },
  { weight: 1, arbitrary: numberForms('0611111111') }, // 203's snr, no mobility
  { weight: 1, arbitrary: numberForms('0698765432') }, // the snr of both 204 and 205
  { weight: 1, arbitrary: numberForms('0699999999') }, // nobody's
  { weight: 2, arbitrary: fc.constantFrom(...DNS).chain(numberForms) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);
const autoOriginate = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom('prompt', 'doNotPrompt') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

type Step =
  | { kind: 'make'; line: '201' | '202'; callingDevice: string; called: string; auto: string | undefined }
  | { kind: 'remote'; word: 'answer' | 'busy' | 'unreachable'; number: string }
  | { kind: 'clear'; which: number }
  | { kind: 'advance'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('make' as const),
      line: fc.constantFrom('201' as const, '201' as const, '202' as const),
      callingDevice: someNumber,
      called: someNumber,
      auto: autoOriginate,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('remote' as const),
      word: fc.constantFrom('answer' as const, 'busy' as const, 'unreachable' as const),
      number: someNumber,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), which: fc.nat(7) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 25_000 }) }),
  },
);

let t: CtiTestLab;
/** What the runs reached, so that a generator that stopped reaching a path fails the test. */
const reached = { callbacks: 0, refused: 0, remoteTaken: 0, timedOut: 0, cleared: 0 };
const uncaught = collectUncaught();

before(async () => {
  t = await new CtiTestLab(CFG).start();
  for (const mac of ['000000000001', '000000000002', '000000000003', '000000000004']) await t.phone(mac);
});
after(async () => {
  await t?.stop();
});

/** Every call on every line cleared through the model, as the lab's `clear` does. */
function clearAll(): void {
  for (const dn of DNS)
    for (const item of t.lab.calls.model.snapshotDevice(dn)) t.lab.calls.model.clear(item.connection);
}

/**
 * The CME unregisters a phone silent for 3 keepalive intervals on its clock (station-server.ts,
 * 90 s here); the test phones send none of their own, so each answers the clock's advance with one
 * (KeepAliveReq -> KeepAliveAck, Wireshark packet-skinny 0x0000 / 0x0100).
 */
async function keepalives(): Promise<void> {
  for (const phone of t.phones.values()) {
    const acks = () => phone.received.filter((m) => m.type === 'KeepAliveAck').length;
    const before = acks();
    phone.send('KeepAliveReq');
    await phone.until(() => acks() > before, 'KeepAliveAck');
  }
}

/** The invariants that hold between any two steps. */
function checkRinging(startedAt: Map<string, number>): void {
  const ringing = t.cti.dialViaOffice.ringing();
  const remotes = ringing.map((r) => r.remote);
  assert.equal(new Set(remotes).size, remotes.length, `one callback per remote number: ${remotes}`);
  for (const r of ringing) {
    assert.equal(r.remote, MOBILE, 'only the capable snr number rings');
    assert.equal(r.dn, '201');
    const office = t.lab.calls.model.snapshotDevice('201').find((i) => i.connection.callID === r.callID);
    assert.equal(
      office?.localConnectionState,
      'initiated',
      'the office connection is initiated while it rings',
    );
    const since = startedAt.get(r.remote);
    assert.ok(since !== undefined, 'a callback rings only for an accepted request');
    assert.ok(t.clock.now() - since < TIMEOUT_MS, 'a callback unanswered for the snr timeout is gone');
  }
  for (const remote of [...startedAt.keys()]) if (!remotes.includes(remote)) startedAt.delete(remote);
}

async function run(steps: readonly Step[]): Promise<void> {
  const s201 = t.open('201');
  const s202 = t.open('202');
  const sessions: Record<'201' | '202', CtiSession> = { '201': s201, '202': s202 };
  const made: Array<{ readonly callID?: string; readonly deviceID?: string }> = [];
  const startedAt = new Map<string, number>();
  try {
    for (const s of steps) {
      if (s.kind === 'make') {
        const wasRinging = t.cti.dialViaOffice.ringing().length > 0;
        const result = t.cti.handle(sessions[s.line], {
          type: 'MakeCall',
          callingDevice: s.callingDevice,
          calledDirectoryNumber: s.called,
          ...(s.auto === undefined ? {} : { autoOriginate: s.auto as 'prompt' }),
        });
        if (!result.ok) {
          encodeCstaError(result.error, ns);
          reached.refused++;
          continue;
        }
        encodeCsta(result.value, ns);
        assert.equal(result.value.type, 'MakeCallResponse');
        if (result.value.type !== 'MakeCallResponse') continue;
        made.push(result.value.callingDevice);
        const asDvo =
          typeof s.callingDevice === 'string' &&
          dialableNumber(s.callingDevice) === MOBILE &&
          s.line === '201';
        if (asDvo) {
          assert.equal(wasRinging, false, 'a second callback to a ringing number is refused');
          assert.notEqual(s.auto, 'doNotPrompt', 'doNotPrompt cannot take a remote phone off-hook');
          startedAt.set(MOBILE, t.clock.now());
          reached.callbacks++;
        }
      } else if (s.kind === 'remote') {
        const n = dialableNumber(s.number);
        const wasRinging = t.cti.dialViaOffice.ringing().some((r) => r.remote === n);
        const result = t.cti.dialViaOffice[s.word](s.number);
        if (result.ok) reached.remoteTaken++;
        assert.equal(
          result.ok,
          wasRinging,
          `${s.word} ${JSON.stringify(s.number)}: taken only while it rings`,
        );
        assert.equal(
          t.cti.dialViaOffice.ringing().some((r) => r.remote === n),
          false,
          'the callback no longer rings',
        );
      } else if (s.kind === 'clear') {
        const c = made[s.which % Math.max(1, made.length)];
        if (c !== undefined) {
          const result = t.cti.handle(s201, { type: 'ClearConnection', connectionToBeCleared: c });
          if (result.ok) reached.cleared++;
          if (result.ok) encodeCsta(result.value, ns);
          else encodeCstaError(result.error, ns);
        }
      } else {
        const ringing = t.cti.dialViaOffice.ringing().length;
        t.clock.advance(s.ms);
        await keepalives();
        if (t.cti.dialViaOffice.ringing().length < ringing) reached.timedOut++;
      }
      checkRinging(startedAt);
    }
  } finally {
    clearAll();
    t.cti.closeSession(s201, 'bye');
    t.cti.closeSession(s202, 'bye');
    t.events.length = 0;
  }
  assert.deepEqual(t.cti.dialViaOffice.ringing(), [], 'nothing rings once the calls are cleared');
  for (const dn of DNS) assert.deepEqual(t.lab.calls.model.snapshotDevice(dn), [], `no call left on ${dn}`);
  // The timers of cleared callbacks are gone: running the clock past them changes nothing.
  t.clock.advance(TIMEOUT_MS + 1);
  await keepalives();
  assert.deepEqual(t.events, []);
  assert.deepEqual(uncaught, []);
}

test('dial-via-office: random MakeCall forms, remote answers and timeouts leave no callback, call or timer behind', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
      runs++;
      try {
        await run(steps);
      } catch (e) {
        // fast-check reports the counterexample; the failed check itself is printed here.
        console.error(e);
        throw e;
      }
    }),
    { numRuns: 200 },
  );
  // The node still serves a well-formed request afterwards.
  const s = t.open('201');
  try {
    const r = t.cti.handle(s, {
      type: 'MakeCall',
      callingDevice: `tel:${MOBILE}`,
      calledDirectoryNumber: '202',
    });
    assert.equal(r.ok && r.value.type, 'MakeCallResponse', JSON.stringify(r));
    assert.equal(t.cti.dialViaOffice.ringing().length, 1);
  } finally {
    clearAll();
    t.cti.closeSession(s, 'bye');
  }
  if (!process.env.CTILAB_FC_PATH) {
    assert.ok(runs >= 200);
    for (const [what, n] of Object.entries(reached))
      assert.ok(n >= 5, `${what} reached ${n} times: ${JSON.stringify(reached)}`);
  }
});
