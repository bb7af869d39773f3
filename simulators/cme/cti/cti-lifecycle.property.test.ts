/**
 * Model-based test (fast-check commands) of CTI session and monitor lifecycles: open, MonitorStart,
 * MonitorStop, requests, events, close (BYE / expiry) and `clear cti session id N`, in any order.
 * The model says which sessions are open and which monitors each has; after every command
 * `sessions()` must match it, requests on closed sessions must be refused, and an event on a DN
 * must reach exactly the open monitors of that DN, each once with its own monitorCrossRefID.
 * (Session timers belong to the TR/87 layer; here expiry is just a close.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { accepted, CtiTestLab, refusal, response } from '../../testing/cti-test-lab.ts';
import type { CtiSession } from './cti-session.ts';

const DNS = ['201', '202', '203'] as const;
const CFG = `voice service voip\n no cti shutdown\n${DNS.map(
  (n, i) => `ephone-dn ${i + 1}\n number ${n}\n cti watch\n cti notify\n`,
).join('')}`;

interface Model {
  /** Sessions in open order; closed ones stay with open=false. */
  sessions: { id: number; dn: string; open: boolean; monitors: Set<string> }[];
  allMonitorIds: Set<string>;
}
interface Real {
  t: CtiTestLab;
  handles: CtiSession[];
}
type Cmd = fc.Command<Model, Real>;

const pickOf = <T>(list: readonly T[], pick: number): T | undefined =>
  list.length === 0 ? undefined : list[pick % list.length];

class Open implements Cmd {
  constructor(readonly dn: (typeof DNS)[number]) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const s = r.t.cti.openSession({
      user: 'u',
      line: `tel:${this.dn}`,
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed4,
    });
    assert.ok(s.ok, 'session opens');
    const session = s.value;
    assert.ok(
      m.sessions.every((x) => x.id < session.id),
      'session ids increase',
    );
    r.handles.push(session);
    m.sessions.push({ id: session.id, dn: this.dn, open: true, monitors: new Set() });
  }
  toString = () => `Open(${this.dn})`;
}

class Start implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const i = this.pick % m.sessions.length;
    const ms = m.sessions[i]!;
    const res = r.t.cti.handle(r.handles[i]!, {
      type: 'MonitorStart',
      monitorObject: { deviceObject: ms.dn },
    });
    if (!ms.open) {
      assert.deepEqual(refusal(res), { operation: 'invalidCrossRefID' });
      return;
    }
    const id = response(res, 'MonitorStartResponse').monitorCrossRefID;
    assert.ok(!m.allMonitorIds.has(id), 'monitorCrossRefIDs are never reused');
    m.allMonitorIds.add(id);
    ms.monitors.add(id);
  }
  toString = () => `Start(${this.pick})`;
}

class Stop implements Cmd {
  constructor(
    readonly pick: number,
    readonly monitorPick: number,
    readonly bogus: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const i = this.pick % m.sessions.length;
    const ms = m.sessions[i]!;
    const id = this.bogus
      ? `x${this.monitorPick}`
      : (pickOf([...m.allMonitorIds], this.monitorPick) ?? 'none');
    const res = r.t.cti.handle(r.handles[i]!, { type: 'MonitorStop', monitorCrossRefID: id });
    if (!ms.open) assert.deepEqual(refusal(res), { operation: 'invalidCrossRefID' });
    else if (ms.monitors.has(id)) {
      assert.deepEqual(accepted(res), { type: 'MonitorStopResponse' });
      ms.monitors.delete(id);
    } else
      assert.deepEqual(
        refusal(res),
        { operation: 'invalidMonitorCrossRefID' },
        "another session's monitor is not ours",
      );
  }
  toString = () => `Stop(${this.pick},${this.monitorPick},${this.bogus})`;
}

class Close implements Cmd {
  constructor(
    readonly pick: number,
    readonly how: 'bye' | 'clear',
  ) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const i = this.pick % m.sessions.length;
    const ms = m.sessions[i]!;
    const done =
      this.how === 'clear' ? r.t.cti.clearSession(ms.id) : r.t.cti.closeSession(r.handles[i]!, 'BYE');
    assert.equal(done, ms.open);
    ms.open = false;
    ms.monitors.clear();
  }
  toString = () => `Close(${this.pick},${this.how})`;
}

class Request implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const i = this.pick % m.sessions.length;
    const ms = m.sessions[i]!;
    const res = r.t.cti.handle(r.handles[i]!, { type: 'GetDoNotDisturb', device: ms.dn });
    if (ms.open) response(res, 'GetDoNotDisturbResponse');
    else assert.deepEqual(refusal(res), { operation: 'invalidCrossRefID' });
  }
  toString = () => `Request(${this.pick})`;
}

class Event implements Cmd {
  constructor(
    readonly dn: (typeof DNS)[number],
    readonly on: boolean,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    r.t.events.length = 0;
    r.t.lab.calls.model.setDoNotDisturb(this.dn, this.on);
    const expected = m.sessions
      .filter((s) => s.open && s.dn === this.dn)
      .flatMap((s) => [...s.monitors].map((id) => `${s.id}:${id}`))
      .sort();
    const got = r.t.events.map((e) => `${e.session}:${e.event.monitorCrossRefID}`).sort();
    assert.deepEqual(got, expected);
  }
  toString = () => `Event(${this.dn},${this.on})`;
}

const commands = [
  fc.constantFrom(...DNS).map((dn) => new Open(dn)),
  fc.nat(20).map((p) => new Start(p)),
  fc.nat(20).map((p) => new Start(p)),
  fc.tuple(fc.nat(20), fc.nat(40), fc.boolean()).map(([p, q, b]) => new Stop(p, q, b)),
  fc.tuple(fc.nat(20), fc.constantFrom('bye' as const, 'clear' as const)).map(([p, h]) => new Close(p, h)),
  fc.nat(20).map((p) => new Request(p)),
  fc.tuple(fc.constantFrom(...DNS), fc.boolean()).map(([dn, on]) => new Event(dn, on)),
  fc.tuple(fc.constantFrom(...DNS), fc.boolean()).map(([dn, on]) => new Event(dn, on)),
];

test('CTI session and monitor lifecycles follow the model (fc.commands)', () => {
  fc.assert(
    fc.property(fc.commands(commands, { maxCommands: 60, size: 'large' }), (cmds) => {
      const t = new CtiTestLab(CFG);
      const m: Model = { sessions: [], allMonitorIds: new Set() };
      const r: Real = { t, handles: [] };
      try {
        fc.modelRun(() => ({ model: m, real: r }), cmds);
        const rows = t.cti.sessions();
        assert.deepEqual(
          rows.map((row) => [row.id, row.monitors.length]),
          m.sessions.filter((s) => s.open).map((s) => [s.id, s.monitors.size]),
        );
      } finally {
        t.cti.dispose();
      }
    }),
    { numRuns: 200 },
  );
});
