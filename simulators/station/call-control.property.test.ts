/**
 * Random phone-level action sequences against the CME's call control (fast-check, real TCP):
 * four bare SCCP stations press hook, keypad, line and soft keys in any order; after every step
 * the node must not have thrown, every callReference a station sees in a CallState was opened
 * by the node (a first CallState that is not OnHook) and is never used again after its OnHook,
 * and once everybody hangs up nothing is left: no calls in the model, no station views, and an
 * OnHook for every callReference each station saw.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { encodeMessage } from '../sccp/codec.ts';
import { DCallState, DeviceStimulus, KeyPadButtonByChar, SoftKeyEvent } from '../sccp/enums.ts';
import { messageWith } from '../sccp/message-defaults.ts';
import type { MessageOf, SccpMessage, SccpMessageType } from '../sccp/messages.ts';
import { testDn, testEphone, testStationConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import type { StationConfig } from './station-config.ts';

const OnHookState = DCallState.OnHook;
const StimulusLine = DeviceStimulus.Line;
const SoftKey = SoftKeyEvent;

const stationsConfig = [
  { mac: '00AA00000001', dn: '301', dualLine: true },
  { mac: '00AA00000002', dn: '302', dualLine: true },
  { mac: '00AA00000003', dn: '303', dualLine: true },
  { mac: '00AA00000004', dn: '304', dualLine: false },
] as const;

function config(): StationConfig {
  return testStationConfig(
    stationsConfig.map((s, i) => testDn(i + 1, s.dn, { dualLine: s.dualLine })),
    stationsConfig.map((s, i) => testEphone(i + 1, s.mac, [i + 1])),
    { hostname: 'cme-prop', maxDn: 10 },
  );
}

// ------------------------------------------------------------------ actions

const softKeys = {
  Answer: SoftKey.Answer,
  Hold: SoftKey.Hold,
  Resume: SoftKey.Resume,
  Transfer: SoftKey.Transfer,
  Confrn: SoftKey.Confrn,
  EndCall: SoftKey.EndCall,
  NewCall: SoftKey.NewCall,
  DND: SoftKey.DND,
  CfwdAll: SoftKey.CfwdAll,
} as const;

/** Valid numbers, a prefix (waits for the interdigit timeout), unknown numbers, * and #. */
const numbers = ['301', '302', '303', '304', '30', '399', '9', '*3', '301#'];

type Action =
  | { st: number; kind: 'offHook'; line: 0 | 1; pick: number }
  | { st: number; kind: 'onHook'; pick: number }
  | { st: number; kind: 'dial'; number: string }
  | { st: number; kind: 'call'; to: number | string }
  | { st: number; kind: 'answer'; how: 'OffHook' | 'Answer' | 'Line' }
  | { st: number; kind: 'consult'; key: 'Transfer' | 'Confrn'; to: number; complete: boolean }
  | { st: number; kind: 'complete'; key: 'again' | 'Resume' }
  | { st: number; kind: 'softKey'; key: keyof typeof softKeys; pick: number }
  | { st: number; kind: 'line' }
  | { st: number; kind: 'ackMedia' }
  | { st: number; kind: 'wait' };

const station = fc.integer({ min: 0, max: stationsConfig.length - 1 });
const pick = fc.nat({ max: 7 });
const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model) as fc.Arbitrary<T>;
const action: fc.Arbitrary<Action> = fc.oneof(
  // Off-hook and dial in one go (what a person does), mostly valid numbers.
  // Off-hook and dial in one go (what a person does): another station (1-3 on from this one) or any number.
  {
    weight: 4,
    arbitrary: rec({
      st: station,
      kind: fc.constant('call' as const),
      to: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
        { weight: 1, arbitrary: fc.constantFrom(...numbers) },
      ),
    }),
  },
  // `st` picks among the stations that are ringing (answer) / talking (consult), if any.
  {
    weight: 5,
    arbitrary: rec({
      st: station,
      kind: fc.constant('answer' as const),
      how: fc.constantFrom('OffHook' as const, 'Answer' as const, 'Line' as const),
    }),
  },
  // Transfer / Confrn, dial the consulted party, and maybe press the key again at once.
  {
    weight: 3,
    arbitrary: rec({
      st: station,
      kind: fc.constant('consult' as const),
      key: fc.constantFrom('Transfer' as const, 'Confrn' as const),
      to: fc.integer({ min: 1, max: 3 }),
      complete: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: rec({ st: station, kind: fc.constant('dial' as const), number: fc.constantFrom(...numbers) }),
  },
  {
    weight: 1,
    arbitrary: rec({
      st: station,
      kind: fc.constant('offHook' as const),
      line: fc.constantFrom(0 as const, 1 as const),
      pick,
    }),
  },
  { weight: 2, arbitrary: rec({ st: station, kind: fc.constant('onHook' as const), pick }) },
  {
    weight: 4,
    arbitrary: rec({
      st: station,
      kind: fc.constant('softKey' as const),
      key: fc.constantFrom(...(Object.keys(softKeys) as (keyof typeof softKeys)[])),
      pick,
    }),
  },
  // The second press of the station's last Transfer / Confrn (or Resume) by a station holding a call.
  {
    weight: 3,
    arbitrary: rec({
      st: station,
      kind: fc.constant('complete' as const),
      key: fc.constantFrom('again' as const, 'again' as const, 'Resume' as const),
    }),
  },
  { weight: 1, arbitrary: rec({ st: station, kind: fc.constant('line' as const) }) },
  { weight: 2, arbitrary: rec({ st: station, kind: fc.constant('ackMedia' as const) }) },
  { weight: 1, arbitrary: rec({ st: station, kind: fc.constant('wait' as const) }) },
);

function keypad(c: string): number {
  const button = KeyPadButtonByChar.get(c);
  if (button === undefined) throw new Error(`'${c}' is not a keypad button`);
  return button;
}

/** One frame; several go out in one TCP write (the bare client's socket runs Nagle). */
function frame<T extends SccpMessageType>(type: T, fields: Partial<MessageOf<T>> = {}): Buffer {
  return Buffer.from(encodeMessage(messageWith(type, fields) as SccpMessage, 0));
}

/** SccpTestClient.register in two writes instead of four (no Nagle / delayed-ACK stalls). */
async function register(p: SccpTestClient, mac: string): Promise<void> {
  p.raw(frame('RegisterReq', { deviceName: `SEP${mac}`, deviceType: 30018, maxStreams: 5, protocolVer: 5 }));
  await p.waitFor('CapabilitiesReq');
  p.raw(
    Buffer.concat([
      frame('CapabilitiesRes', {
        caps: [{ payloadCapability: 4, maxFramesPerPacket: 40, payloadParams: '' }],
      }),
      frame('ButtonTemplateReq'),
      frame('TimeDateReq'),
    ]),
  );
  await p.until(
    (r) => r.some((m) => m.type === 'TimeDateRes') && r.some((m) => m.type === 'DisplayPromptStatus'),
    'registration complete',
  );
}

/** Hand-written sequences run first: a consultation conference and transfer, then hang-ups. */
const examples: Action[][] = [
  [
    { st: 0, kind: 'call', to: 1 },
    { st: 0, kind: 'answer', how: 'Answer' },
    { st: 0, kind: 'ackMedia' },
    { st: 1, kind: 'ackMedia' },
    { st: 0, kind: 'consult', key: 'Confrn', to: 2, complete: false },
    { st: 0, kind: 'answer', how: 'OffHook' },
    { st: 0, kind: 'complete', key: 'again' },
    { st: 3, kind: 'call', to: 1 },
    { st: 2, kind: 'onHook', pick: 0 },
  ],
  [
    { st: 1, kind: 'call', to: 1 },
    { st: 0, kind: 'answer', how: 'Line' },
    { st: 1, kind: 'consult', key: 'Transfer', to: 2, complete: true },
    { st: 0, kind: 'answer', how: 'Answer' },
    { st: 0, kind: 'softKey', key: 'Hold', pick: 0 },
    { st: 0, kind: 'complete', key: 'Resume' },
    { st: 0, kind: 'wait' },
  ],
  // Found by this test: 303 transfers 301's held call away; 301's pending Transfer kept the old
  // key and stayed set after every call was gone (call-signalling.ts rename).
  [
    { st: 1, kind: 'call', to: 1 },
    { st: 0, kind: 'answer', how: 'OffHook' },
    { st: 1, kind: 'softKey', key: 'Transfer', pick: 0 },
    { st: 0, kind: 'consult', key: 'Transfer', to: 2, complete: false },
    { st: 0, kind: 'answer', how: 'OffHook' },
    { st: 0, kind: 'consult', key: 'Transfer', to: 1, complete: false },
    { st: 0, kind: 'consult', key: 'Transfer', to: 1, complete: false },
    { st: 0, kind: 'softKey', key: 'Answer', pick: 0 },
  ],
];

// ------------------------------------------------------------------ per-station bookkeeping

interface RefLedger {
  open: Set<number>;
  closed: Set<number>;
  violations: string[];
}

function callRefOf(m: SccpMessage): number {
  const ref = (m as { callReference?: unknown }).callReference;
  return typeof ref === 'number' ? ref : 0;
}

/**
 * Walk what a station received: a callReference is opened by a CallState that is not OnHook and
 * closed by CallState OnHook (reference §6 frames 80-87 / 132-138: CallState comes first for a new
 * call). Other messages may only name an open reference, or one closed by the CallState just
 * before them (the hang-up's SelectSoftKeys / ClearPromptStatus, reference §6).
 */
function ledger(received: SccpMessage[]): RefLedger {
  const l: RefLedger = { open: new Set(), closed: new Set(), violations: [] };
  let justClosed = 0;
  for (const [i, m] of received.entries()) {
    const ref = callRefOf(m);
    if (m.type === 'CallState') {
      justClosed = 0;
      if (l.closed.has(ref)) l.violations.push(`#${i} CallState ${m.callState} for closed ref ${ref}`);
      else if (m.callState === OnHookState) {
        if (!l.open.has(ref)) l.violations.push(`#${i} CallState OnHook for unannounced ref ${ref}`);
        l.open.delete(ref);
        l.closed.add(ref);
        justClosed = ref;
      } else l.open.add(ref);
      continue;
    }
    if (ref === 0 || l.open.has(ref)) continue;
    if (ref === justClosed && (m.type === 'SelectSoftKeys' || m.type === 'ClearPromptStatus')) continue;
    l.violations.push(`#${i} ${m.type} names ${l.closed.has(ref) ? 'closed' : 'unannounced'} ref ${ref}`);
  }
  return l;
}

// ------------------------------------------------------------------ the property

describe('CME call control: random phone actions (fast-check, real TCP)', () => {
  test('no crash, call references announced before use, nothing left after everybody hangs up', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const started = Date.now();
    /** Call events seen over all runs: the sequences must reach the interesting states. */
    const seen = new Map<string, number>();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25, size: 'max' }), async (actions) => {
          uncaught.length = 0;
          const handlerErrors: string[] = [];
          const clock = new ManualClock();
          const lab = new CmeLab({
            config: config(),
            sccpPort: 0,
            clock,
            log: (line) => {
              // station-session.ts logs (and swallows) handler exceptions: each one is a bug.
              if (/error handling/.test(line)) handlerErrors.push(line);
            },
          });
          lab.observations.subscribe((o) => {
            if (o.kind === 'state' && o.topic === 'error') handlerErrors.push(JSON.stringify(o.detail));
          });
          lab.calls.model.on((ev) => seen.set(ev.type, (seen.get(ev.type) ?? 0) + 1));
          const port = (await lab.start()).endpoints.sccp.port;
          const phones: SccpTestClient[] = [];
          const acked = new Set<number>();
          const lastConsult = new Map<SccpTestClient, 'Transfer' | 'Confrn'>();
          try {
            for (const _ of stationsConfig) phones.push(await SccpTestClient.connect(port));
            await Promise.all(stationsConfig.map((s, i) => register(phones[i]!, s.mac)));
            /** Every station's KeepAliveReq answered: everything the node wrote before has arrived. */
            /**
             * Send each station's frames (if any) plus a KeepAliveReq in one write, and wait for every
             * KeepAliveAck: the node handles a connection's messages in order, so everything it wrote
             * because of them has then arrived everywhere.
             */
            const barrier = async (pre = new Map<SccpTestClient, Buffer[]>()) => {
              await Promise.all(
                phones.map(async (p) => {
                  const before = p.received.filter((m) => m.type === 'KeepAliveAck').length;
                  p.raw(Buffer.concat([...(pre.get(p) ?? []), frame('KeepAliveReq')]));
                  await p.until(
                    (r) => r.filter((m) => m.type === 'KeepAliveAck').length > before,
                    'KeepAliveAck (barrier)',
                  );
                }),
              );
            };
            const refOf = (p: SccpTestClient, k: number) => {
              const open = [...ledger(p.received).open];
              return k < open.length ? open[k]! : 0;
            };
            const check = (where: string) => {
              assert.deepEqual(uncaught, [], `${where}: uncaught exception`);
              assert.deepEqual(handlerErrors, [], `${where}: handler error`);
              for (const [i, p] of phones.entries())
                assert.deepEqual(ledger(p.received).violations, [], `${where}: station ${i} call references`);
            };

            for (const [n, a] of actions.entries()) {
              const ringingRef = (q: SccpTestClient) => {
                const open = ledger(q.received).open;
                const m = [...q.received]
                  .reverse()
                  .find(
                    (x) =>
                      x.type === 'CallState' &&
                      x.callState === DCallState.RingIn &&
                      open.has(x.callReference),
                  );
                return m ? callRefOf(m) : 0;
              };
              /** Stations whose latest CallState for some open reference is `state`. */
              const inState = (state: number) =>
                phones.filter((q) => {
                  const last = new Map<number, number>();
                  for (const m of q.received)
                    if (m.type === 'CallState') last.set(m.callReference, m.callState);
                  return [...last.values()].includes(state);
                });
              const wanted = {
                answer: DCallState.RingIn,
                consult: DCallState.Connected,
                complete: DCallState.Hold,
              } as Record<string, number | undefined>;
              const state = wanted[a.kind];
              const candidates = state === undefined ? [] : inState(state);
              const p = candidates.length > 0 ? candidates[a.st % candidates.length]! : phones[a.st]!;
              const numberOf = (to: number | string) =>
                typeof to === 'string'
                  ? to
                  : stationsConfig[(phones.indexOf(p) + to) % stationsConfig.length]!.dn;
              const digits = (n: string) =>
                [...n].map((c) => frame('KeypadButton', { kpButton: keypad(c), lineInstance: 1 }));
              const out: Buffer[] = [];
              switch (a.kind) {
                case 'offHook':
                  out.push(frame('OffHook', { lineInstance: a.line, callReference: refOf(p, a.pick) }));
                  break;
                case 'onHook':
                  out.push(frame('OnHook', { lineInstance: 1, callReference: refOf(p, a.pick) }));
                  break;
                case 'dial':
                  for (const c of a.number)
                    out.push(frame('KeypadButton', { kpButton: keypad(c), lineInstance: 1 }));
                  break;
                case 'call':
                  out.push(frame('OffHook', { lineInstance: 1 }), ...digits(numberOf(a.to)));
                  break;
                case 'answer': {
                  const ref = ringingRef(p);
                  if (a.how === 'OffHook')
                    out.push(frame('OffHook', { lineInstance: 1, callReference: ref }));
                  else if (a.how === 'Answer')
                    out.push(
                      frame('SoftKeyEvent', {
                        softKeyEvent: SoftKey.Answer,
                        lineInstance: 1,
                        callReference: ref,
                      }),
                    );
                  else
                    out.push(
                      frame('Stimulus', { stimulus: StimulusLine, stimulusStatus: 0, lineInstance: 1 }),
                    );
                  break;
                }
                case 'consult': {
                  lastConsult.set(p, a.key);
                  const key = frame('SoftKeyEvent', { softKeyEvent: softKeys[a.key], lineInstance: 1 });
                  out.push(key, ...digits(numberOf(a.to)));
                  if (a.complete) out.push(key);
                  break;
                }
                case 'complete': {
                  const key = a.key === 'again' ? (lastConsult.get(p) ?? 'Transfer') : a.key;
                  out.push(frame('SoftKeyEvent', { softKeyEvent: softKeys[key], lineInstance: 1 }));
                  break;
                }
                case 'softKey':
                  out.push(
                    frame('SoftKeyEvent', {
                      softKeyEvent: softKeys[a.key],
                      lineInstance: 1,
                      callReference: refOf(p, a.pick),
                    }),
                  );
                  break;
                case 'line':
                  out.push(frame('Stimulus', { stimulus: StimulusLine, stimulusStatus: 0, lineInstance: 1 }));
                  break;
                case 'ackMedia':
                  for (const m of p.received) {
                    if (m.type !== 'OpenReceiveChannel' || acked.has(m.passThroughPartyId)) continue;
                    acked.add(m.passThroughPartyId);
                    out.push(
                      frame('OpenReceiveChannelAck', {
                        mediaReceptionStatus: 0,
                        ipAddr: `127.0.0.${a.st + 10}`,
                        portNumber: 16384 + 2 * a.st,
                        passThroughPartyId: m.passThroughPartyId,
                      }),
                    );
                  }
                  break;
                case 'wait':
                  // Interdigit timeout (T302, 10 s) and any other call-model timer.
                  clock.advance(11_000);
                  break;
              }
              await barrier(new Map([[p, out]]));
              check(`after action ${n} (${JSON.stringify(a)})`);
            }

            // Everybody hangs up: EndCall on every call a station still shows, then OnHook.
            for (let round = 0; round < 8 && lab.calls.model.callIds().length > 0; round++) {
              const hangUps = new Map<SccpTestClient, Buffer[]>();
              for (const p of phones) {
                const endCalls = [...ledger(p.received).open].map((ref) =>
                  frame('SoftKeyEvent', {
                    softKeyEvent: SoftKey.EndCall,
                    lineInstance: 1,
                    callReference: ref,
                  }),
                );
                hangUps.set(p, [...endCalls, frame('OnHook', { lineInstance: 1, callReference: 0 })]);
              }
              await barrier(hangUps);
            }
            check('after hang-up');
            assert.deepEqual(lab.calls.model.callIds(), [], 'no calls left in the model');
            for (const [name, s] of lab.calls.stations) {
              assert.deepEqual([...s.views.keys()], [], `${name}: no call views left`);
              assert.equal(s.pending, undefined, `${name}: no transfer/conference pending`);
            }
            assert.deepEqual([...lab.calls.signalling.owners], [], 'no owners left');
            for (const [i, p] of phones.entries()) {
              const l = ledger(p.received);
              assert.deepEqual([...l.open], [], `station ${i}: a CallState OnHook for every call reference`);
            }
          } finally {
            for (const p of phones) p.close();
            await lab.stop();
          }
        }),
        {
          numRuns: Number(process.env.PROP_RUNS ?? 200),
          interruptAfterTimeLimit: 45_000,
          seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
          includeErrorInReport: true,
          examples: examples.map((e) => [e]),
        },
      );
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
    assert.ok(Date.now() - started < 60_000);
    if (process.env.PROP_STATS) console.log(Object.fromEntries(seen));
    for (const t of [
      'EstablishedEvent',
      'HeldEvent',
      'RetrievedEvent',
      'FailedEvent',
      'TransferedEvent',
      'ConferencedEvent',
    ])
      assert.ok((seen.get(t) ?? 0) > 0, `no run produced a ${t}`);
  });
});
