import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../lab/manual-clock.ts';
import { CallRefusedError, type StrictCallModel, strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent, ForwardingType } from './call-events.ts';
import { reportedConnections } from './call-events.ts';
import { CallModel } from './call-model.ts';
import type { ConnectionID } from './connection-state.ts';
import { isActiveState, LOCAL_CONNECTION_STATES } from './connection-state.ts';

/**
 * Model-based test: random sequences of every operation on four devices (single- and dual-line,
 * one `cti notify`), with failures allowed (only as refusals, CallRefusedError through strictCallModel). The model is deliberately
 * simple: the devices' line counts and the call IDs seen and retired according to the events.
 * After every command the invariants are checked against the real model and its events.
 */

const DEVICES = [
  { number: '201', maxCalls: 2 },
  { number: '202', maxCalls: 2 },
  { number: '203', maxCalls: 2 },
  { number: '204', maxCalls: 1, allowPhonelessUp: true },
] as const;

interface Model {
  readonly maxCalls: ReadonlyMap<string, number>;
  readonly seen: Set<string>;
  readonly retired: Set<string>;
  /** Connections a MakeCall took off-hook (ServiceInitiated cause makeCall), as `call/device`. */
  readonly madeCalls: Set<string>;
  /** Those of them now in `fail`, with the clock time of their Failed event. */
  readonly failedAt: Map<string, number>;
}

/** CallModelOptions.failedCallReleaseMs here: one of the `advance` steps, so both sides of it are hit. */
const RELEASE_MS = 10_000;

const connKey = (c: ConnectionID) => `${c.callID}/${c.deviceID}`;

interface Real {
  readonly calls: StrictCallModel;
  readonly clock: ManualClock;
  readonly events: CallEvent[];
}

type Op = (real: Real) => unknown;

class OpCommand implements fc.Command<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly op: Op,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    try {
      this.op(real);
    } catch (error) {
      // Random failures are allowed, but only as typed errors.
      if (!(error instanceof CallRefusedError)) throw error;
    }
    checkInvariants(model, real);
  }

  toString(): string {
    return this.label;
  }
}

/** Runs one step of a compound command; a step may fail like any command, but only with a typed error. */
function attempt(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof CallRefusedError)) throw error;
  }
}

/** The device's first connection in `state` (the useful choice), else any connection. */
function pickIn(real: Real, device: string, state: string): ConnectionID {
  const snap = real.calls.snapshotDevice(device);
  return (
    (snap.find((s) => s.localConnectionState === state) ?? snap[0])?.connection ?? {
      callID: 'C0',
      deviceID: device,
    }
  );
}

/** The k-th connection of a device, or a connection that does not exist (to exercise errors). */
function pick(real: Real, device: string, k: number): ConnectionID {
  const snap = real.calls.snapshotDevice(device);
  return snap[k % Math.max(1, snap.length)]?.connection ?? { callID: 'C0', deviceID: device };
}

function callIdsOf(event: CallEvent): string[] {
  const ids = reportedConnections(event).map((c) => c.callID);
  if (event.type === 'CallClearedEvent') ids.push(event.clearedCall.callID);
  return ids;
}

function checkInvariants(model: Model, real: Real): void {
  const { calls } = real;
  // Events: monitors cover the reported connections; call IDs are fresh and never used once retired.
  for (const event of real.events.splice(0)) {
    for (const c of reportedConnections(event))
      assert.ok(event.monitoredDevices.includes(c.deviceID), `${event.type} not monitored by ${c.deviceID}`);
    if ('localConnectionInfo' in event)
      for (const s of Object.values(event.localConnectionInfo))
        assert.ok(LOCAL_CONNECTION_STATES.includes(s));
    if (event.type === 'ServiceInitiatedEvent') {
      const id = event.initiatedConnection.callID;
      assert.ok(!model.seen.has(id), `call id ${id} reused`);
      model.seen.add(id);
      if (event.cause === 'makeCall') model.madeCalls.add(connKey(event.initiatedConnection));
    }
    if (event.type === 'FailedEvent' && model.madeCalls.has(connKey(event.failedConnection)))
      model.failedAt.set(connKey(event.failedConnection), real.clock.now());
    if (event.type === 'ConnectionClearedEvent') {
      model.madeCalls.delete(connKey(event.droppedConnection));
      model.failedAt.delete(connKey(event.droppedConnection));
    }
    for (const id of callIdsOf(event)) {
      assert.ok(model.seen.has(id), `${event.type} names unknown call ${id}`);
      assert.ok(!model.retired.has(id), `${event.type} names retired call ${id}`);
    }
    if (event.type === 'CallClearedEvent') model.retired.add(event.clearedCall.callID);
    if ((event.type === 'TransferedEvent' || event.type === 'ConferencedEvent') && event.secondaryOldCall)
      model.retired.add(event.secondaryOldCall.callID);
  }
  // The live calls are exactly those created and not yet retired.
  const live = [...model.seen].filter((id) => !model.retired.has(id)).sort();
  assert.deepEqual(calls.callIds().slice().sort(), live);
  // Every connection is in a valid state and appears in both snapshots.
  let endpoints = 0;
  for (const id of calls.callIds()) {
    const snap = calls.snapshotCall(id);
    assert.ok(snap.endpoints.length >= 1, `call ${id} has no connection`);
    for (const e of snap.endpoints) {
      assert.ok(LOCAL_CONNECTION_STATES.includes(e.localConnectionState));
      assert.notEqual(e.localConnectionState, 'null');
      assert.notEqual(e.localConnectionState, 'queued');
      assert.equal(e.connection.callID, id);
      if (e.localConnectionState === 'initiated')
        assert.equal(snap.endpoints.length, 1, 'dialling with parties');
    }
    if (snap.conference) assert.ok(snap.endpoints.length >= 3);
    endpoints += snap.endpoints.length;
  }
  let perDevice = 0;
  for (const [number, max] of model.maxCalls) {
    const snap = calls.snapshotDevice(number);
    assert.ok(snap.length <= max, `${number} has ${snap.length} calls > maxCalls ${max}`);
    assert.ok(
      snap.filter((s) => isActiveState(s.localConnectionState)).length <= 1,
      `${number}: two active calls`,
    );
    perDevice += snap.length;
  }
  assert.equal(perDevice, endpoints);
  // A MakeCall's failed connection (nobody to hang up) does not stay in `fail` past the release time.
  for (const [key, since] of model.failedAt) {
    const [callID, deviceID] = key.split('/') as [string, string];
    const still = calls
      .snapshotDevice(deviceID)
      .some((s) => s.callID === callID && s.localConnectionState === 'fail');
    if (still)
      assert.ok(
        real.clock.now() - since < RELEASE_MS,
        `${key} still failed ${real.clock.now() - since} ms after its Failed event`,
      );
  }
}

/** Clearing every connection leaves no calls, no connections and no pending timers. */
function clearEverything(model: Model, real: Real): void {
  for (const id of real.calls.callIds()) {
    for (const e of real.calls.snapshotCall(id).endpoints) {
      try {
        real.calls.clear(e.connection);
      } catch (error) {
        // An earlier clear may have ended the call; nothing else may fail.
        assert.ok(error instanceof CallRefusedError && error.refusal.code === 'invalidConnectionID');
      }
    }
  }
  checkInvariants(model, real);
  assert.deepEqual(real.calls.callIds(), []);
  for (const d of DEVICES) assert.deepEqual(real.calls.snapshotDevice(d.number), []);
  for (const d of DEVICES) real.calls.setForwarding(d.number, { type: 'forwardNoAns', activate: false });
  assert.equal(real.clock.pending, 0, 'leaked timers');
}

const device = fc.constantFrom(...DEVICES.map((d) => d.number));
const k = fc.nat(3);
const digits = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('201', '202', '203', '204') },
  { weight: 1, arbitrary: fc.constantFrom('2', '0', '1', '20', '9', '2019', '2x') },
);
const fwdType = fc.constantFrom<ForwardingType>('forwardImmediate', 'forwardBusy', 'forwardNoAns');

const likely = [
  // A consultation set up in one command (call, answer, consult, answer), so that transfer and
  // conference find their preconditions often enough.
  fc
    .tuple(device, device, device)
    .map(
      ([a, b, c]) =>
        new OpCommand(`consulted(${a} -> ${b}, ${c})`, (r) => {
          attempt(() => r.calls.makeCall(a, b));
          attempt(() => r.calls.answer(pickIn(r, b, 'alerting')));
          attempt(() => r.calls.consultation(pickIn(r, a, 'connected'), c));
          attempt(() => r.calls.answer(pickIn(r, c, 'alerting')));
        }),
    ),
  fc
    .tuple(device, digits)
    .map(([d, g]) => new OpCommand(`makeCall(${d}, ${g})`, (r) => r.calls.makeCall(d, g))),
  device.map((d) => new OpCommand(`answer(${d} alerting)`, (r) => r.calls.answer(pickIn(r, d, 'alerting')))),
  fc
    .tuple(device, digits)
    .map(
      ([d, g]) =>
        new OpCommand(`consultation(${d} connected, ${g})`, (r) =>
          r.calls.consultation(pickIn(r, d, 'connected'), g),
        ),
    ),
  fc
    .tuple(device, digits)
    .map(
      ([d, g]) =>
        new OpCommand(`singleStepTransfer(${d} connected, ${g})`, (r) =>
          r.calls.singleStepTransfer(pickIn(r, d, 'connected'), g),
        ),
    ),
];

const anyOf = [
  device.map((d) => new OpCommand(`offHook(${d})`, (r) => r.calls.offHook(d))),
  fc
    .tuple(device, k, digits)
    .map(([d, i, g]) => new OpCommand(`dial(${d}#${i}, ${g})`, (r) => r.calls.dial(pick(r, d, i), g))),
  fc
    .tuple(device, digits)
    .map(([d, g]) => new OpCommand(`makeCall(${d}, ${g})`, (r) => r.calls.makeCall(d, g))),
  fc
    .tuple(device, k)
    .map(([d, i]) => new OpCommand(`answer(${d}#${i})`, (r) => r.calls.answer(pick(r, d, i)))),
  device.map(
    (d) =>
      new OpCommand(`transfer(${d} held, active)`, (r) =>
        r.calls.transfer(pickIn(r, d, 'hold'), pickIn(r, d, 'connected')),
      ),
  ),
  device.map(
    (d) =>
      new OpCommand(`conference(${d} held, active)`, (r) =>
        r.calls.conference(pickIn(r, d, 'hold'), pickIn(r, d, 'connected')),
      ),
  ),
  fc.tuple(device, k).map(([d, i]) => new OpCommand(`clear(${d}#${i})`, (r) => r.calls.clear(pick(r, d, i)))),
  fc.tuple(device, k).map(([d, i]) => new OpCommand(`hold(${d}#${i})`, (r) => r.calls.hold(pick(r, d, i)))),
  fc
    .tuple(device, k)
    .map(([d, i]) => new OpCommand(`retrieve(${d}#${i})`, (r) => r.calls.retrieve(pick(r, d, i)))),
  fc
    .tuple(device, k, digits)
    .map(
      ([d, i, g]) =>
        new OpCommand(`consultation(${d}#${i}, ${g})`, (r) => r.calls.consultation(pick(r, d, i), g)),
    ),
  fc
    .tuple(device, k, k)
    .map(
      ([d, i, j]) =>
        new OpCommand(`transfer(${d}#${i}, ${d}#${j})`, (r) =>
          r.calls.transfer(pick(r, d, i), pick(r, d, j)),
        ),
    ),
  fc
    .tuple(device, k, k)
    .map(
      ([d, i, j]) =>
        new OpCommand(`conference(${d}#${i}, ${d}#${j})`, (r) =>
          r.calls.conference(pick(r, d, i), pick(r, d, j)),
        ),
    ),
  fc
    .tuple(device, k, k)
    .map(
      ([d, i, j]) =>
        new OpCommand(`alternate(${d}#${i}, ${d}#${j})`, (r) =>
          r.calls.alternate(pick(r, d, i), pick(r, d, j)),
        ),
    ),
  fc
    .tuple(device, k, digits)
    .map(
      ([d, i, g]) =>
        new OpCommand(`singleStepTransfer(${d}#${i}, ${g})`, (r) =>
          r.calls.singleStepTransfer(pick(r, d, i), g),
        ),
    ),
  fc
    .tuple(device, k, digits)
    .map(([d, i, g]) => new OpCommand(`deflect(${d}#${i}, ${g})`, (r) => r.calls.deflect(pick(r, d, i), g))),
  fc
    .tuple(device, k)
    .map(
      ([d, i]) =>
        new OpCommand(`generateDigits(${d}#${i})`, (r) => r.calls.generateDigits(pick(r, d, i), '5')),
    ),
  fc
    .tuple(device, fc.boolean())
    .map(([d, on]) => new OpCommand(`setDoNotDisturb(${d}, ${on})`, (r) => r.calls.setDoNotDisturb(d, on))),
  fc
    .tuple(device, fwdType, fc.boolean(), device)
    .map(
      ([d, type, activate, to]) =>
        new OpCommand(`setForwarding(${d}, ${type}, ${activate}, ${to})`, (r) =>
          r.calls.setForwarding(d, { type, activate, destination: to, noAnswerTimeoutMs: 3_000 }),
        ),
    ),
  fc
    .tuple(device, fc.boolean())
    .map(([d, on]) => new OpCommand(`setInService(${d}, ${on})`, (r) => r.calls.setInService(d, on))),
  fc
    .constantFrom(1_000, 3_000, 10_000, 20_000)
    .map((ms) => new OpCommand(`advance(${ms})`, (r) => r.clock.advance(ms))),
];

/** Call-building operations are drawn more often than feature toggles, so deep call states are reached. */
const command = fc.oneof(
  { weight: 2, arbitrary: fc.oneof(...likely) },
  { weight: 3, arbitrary: fc.oneof(...anyOf) },
);

function setup(maxConferences: number): { model: Model; real: Real } {
  const clock = new ManualClock();
  const calls = strictCallModel(new CallModel({ clock, maxConferences, failedCallReleaseMs: RELEASE_MS }));
  for (const d of DEVICES) calls.addDevice(d);
  const events: CallEvent[] = [];
  calls.on((e) => events.push(e));
  return {
    model: {
      maxCalls: new Map(DEVICES.map((d) => [d.number, d.maxCalls])),
      seen: new Set(),
      retired: new Set(),
      madeCalls: new Set(),
      failedAt: new Map(),
    },
    real: { calls, clock, events },
  };
}

describe('CallModel model-based properties', () => {
  it('keeps its invariants over random operation sequences and leaks nothing when cleared', () => {
    fc.assert(
      fc.property(
        fc.commands([command], { maxCommands: 60, size: 'max' }),
        fc.nat(2),
        (cmds, maxConferences) => {
          const s = setup(maxConferences);
          fc.modelRun(() => s, cmds);
          clearEverything(s.model, s.real);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
