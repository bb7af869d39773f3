import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../lab/manual-clock.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { InMemoryCtiBackend, type MemorySession } from '../testing/in-memory-cti-backend.ts';
import { Tr87Client } from './tr87-client.ts';
import { CstaRequestError } from './tr87-errors.ts';
import { Tr87Server } from './tr87-server.ts';

/**
 * Model-based test (issue 3 "Tests that must exist": fc.commands of session and monitor
 * lifecycles including expiry and refresh with an injected clock). The model predicts which
 * sessions live, their expiry times and monitors; the real server, backend and clients run on
 * real TCP sockets and one ManualClock.
 */

const DEVICES = ['201', '202', '203'];

interface ModelSession {
  readonly key: number;
  serverId: number;
  sessionExpires: number;
  autoRefresh: boolean;
  /** Clock time the server deletes the session unless refreshed. */
  expiresAt: number;
  /** Clock time the client refreshes (auto-refresh only). */
  refreshAt: number;
  refreshes: number;
  alive: boolean;
  monitors: Map<string, string>;
}

interface Model {
  sessions: ModelSession[];
  nextKey: number;
}

interface Real {
  clock: ManualClock;
  endpoint: SipEndpoint;
  backend: InMemoryCtiBackend;
  server: Tr87Server<MemorySession>;
  clients: Map<number, Tr87Client>;
}

async function waitFor(pred: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const settledAcks = (r: Real) =>
  waitFor(() => [...r.endpoint.dialogs.values()].every((d) => d.pendingAck === undefined), 'ACKs');

function live(m: Model): ModelSession[] {
  return m.sessions.filter((s) => s.alive);
}

/** Compare the backend's `show cti session` and monitors with the model. */
function check(m: Model, r: Real): void {
  const rows = r.backend.rows();
  assert.deepEqual(
    rows.map((row) => row.id),
    live(m).map((s) => s.serverId),
    `closed: ${JSON.stringify(r.backend.closed.map((c) => [c.session.id, c.reason]))} at ${r.clock.now() % 1e6}`,
  );
  for (const s of live(m)) {
    const row = rows.find((x) => x.id === s.serverId);
    assert.equal(row?.expires, s.expiresAt, `session ${s.serverId} expiry`);
    assert.deepEqual([...(row?.monitors ?? [])].sort(), [...s.monitors.keys()].sort());
  }
  assert.equal(
    r.backend.monitors.size,
    live(m).reduce((n, s) => n + s.monitors.size, 0),
  );
}

class Connect implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sessionExpires: number,
    readonly autoRefresh: boolean,
  ) {}
  check(m: Readonly<Model>): boolean {
    return live(m as Model).length < 4;
  }
  async run(m: Model, r: Real): Promise<void> {
    const client = await Tr87Client.connect({
      host: '127.0.0.1',
      port: r.endpoint.address.port,
      user: `u${m.nextKey}`,
      line: '201',
      clock: r.clock,
      sessionExpires: this.sessionExpires,
      autoRefresh: this.autoRefresh,
    });
    await settledAcks(r);
    const now = r.clock.now();
    const serverId = Math.max(0, ...r.backend.rows().map((row) => row.id));
    const key = m.nextKey++;
    r.clients.set(key, client);
    m.sessions.push({
      key,
      serverId,
      sessionExpires: this.sessionExpires,
      autoRefresh: this.autoRefresh,
      expiresAt: now + this.sessionExpires * 1000,
      refreshAt: now + (this.sessionExpires * 1000) / 2,
      refreshes: 0,
      alive: true,
      monitors: new Map(),
    });
    check(m, r);
  }
  toString(): string {
    return `Connect(${this.sessionExpires}s, refresh=${this.autoRefresh})`;
  }
}

class MonitorStart implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly device: string,
  ) {}
  check(m: Readonly<Model>): boolean {
    return live(m as Model).length > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const s = live(m)[this.pick % live(m).length] as ModelSession;
    const client = r.clients.get(s.key) as Tr87Client;
    if (DEVICES.includes(this.device)) {
      const id = await client.monitorStart(this.device);
      assert.ok(!s.monitors.has(id));
      s.monitors.set(id, this.device);
    } else {
      await assert.rejects(() => client.monitorStart(this.device), CstaRequestError);
    }
    check(m, r);
  }
  toString(): string {
    return `MonitorStart(#${this.pick}, ${this.device})`;
  }
}

class MonitorStop implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly which: number,
  ) {}
  check(m: Readonly<Model>): boolean {
    return live(m as Model).length > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const s = live(m)[this.pick % live(m).length] as ModelSession;
    const client = r.clients.get(s.key) as Tr87Client;
    const ids = [...s.monitors.keys()];
    const id = ids[this.which % (ids.length + 1)];
    if (id === undefined) {
      // not one of this session's monitors
      await assert.rejects(() => client.monitorStop('no-such-monitor'), CstaRequestError);
    } else {
      await client.monitorStop(id);
      s.monitors.delete(id);
    }
    check(m, r);
  }
  toString(): string {
    return `MonitorStop(#${this.pick}, ${this.which})`;
  }
}

class Emit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: string) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    const expected = live(m).map((s) => ({
      client: r.clients.get(s.key) as Tr87Client,
      before: (r.clients.get(s.key) as Tr87Client).events.length,
      ids: [...s.monitors].filter(([, d]) => d === this.device).map(([id]) => id),
    }));
    const dialog = (id: number) => {
      const handle = r.backend.sessions.get(id);
      return handle === undefined ? undefined : r.server.dialogOf(handle);
    };
    const sent = () => live(m).reduce((k, s) => k + (dialog(s.serverId)?.eventStats.sent ?? 0), 0);
    const sentBefore = sent();
    const n = r.backend.emit(this.device, {
      type: 'DoNotDisturbEvent',
      device: { deviceIdentifier: this.device },
      doNotDisturbOn: true,
    });
    assert.equal(
      n,
      expected.reduce((k, e) => k + e.ids.length, 0),
    );
    await waitFor(() => expected.every((e) => e.client.events.length === e.before + e.ids.length), 'events');
    // ...and the server has the 200s, before a later Advance could fire Timer F on them.
    await waitFor(() => sent() === sentBefore + n, 'event 200s');
    for (const e of expected) {
      const got = e.client.events
        .slice(e.before)
        .map((ev) => ('monitorCrossRefID' in ev ? ev.monitorCrossRefID : ''));
      assert.deepEqual(got.sort(), [...e.ids].sort());
    }
  }
  toString(): string {
    return `Emit(${this.device})`;
  }
}

/**
 * Let `seconds` pass (<= 40 s: less than half the smallest interval, so refreshes land in time),
 * or (`seconds` undefined) exactly up to the next refresh or expiry, to hit the boundaries.
 */
class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: number | undefined) {}
  check(m: Readonly<Model>): boolean {
    return this.seconds !== undefined || live(m as Model).length > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const next = Math.min(...live(m).map((s) => (s.autoRefresh ? s.refreshAt : s.expiresAt)));
    r.clock.advance(this.seconds === undefined ? next - r.clock.now() : this.seconds * 1000);
    const now = r.clock.now();
    const expectRefresh: ModelSession[] = [];
    for (const s of live(m)) {
      if (s.autoRefresh && s.refreshAt <= now) {
        // RFC 4028 §10: the client re-INVITEs at half the interval; the server restarts the timer
        // when the re-INVITE arrives (clock time `now`, since the clock stands still meanwhile).
        s.refreshes++;
        s.expiresAt = now + s.sessionExpires * 1000;
        s.refreshAt = now + (s.sessionExpires * 1000) / 2;
        expectRefresh.push(s);
      } else if (s.expiresAt <= now) {
        s.alive = false; // CME CSTA guide: the dialog is deleted when the session expires
        s.monitors.clear();
      }
    }
    await waitFor(
      () =>
        expectRefresh.every(
          (s) =>
            (r.clients.get(s.key) as Tr87Client).refreshes === s.refreshes &&
            r.backend.rows().find((row) => row.id === s.serverId)?.expires === s.expiresAt,
        ),
      'refreshes',
    ).catch((e) => {
      const detail = expectRefresh.map((s) => ({
        model: [s.serverId, s.refreshes, s.expiresAt - now],
        client: [(r.clients.get(s.key) as Tr87Client).refreshes, (r.clients.get(s.key) as Tr87Client).state],
        row: (r.backend.rows().find((row) => row.id === s.serverId)?.expires ?? 0) - now,
      }));
      throw new Error(`${(e as Error).message}: ${JSON.stringify(detail)}`);
    });
    await settledAcks(r);
    for (const s of m.sessions.filter((x) => !x.alive))
      await waitFor(() => (r.clients.get(s.key) as Tr87Client).state === 'ended', 'client ended');
    check(m, r);
  }
  toString(): string {
    return this.seconds === undefined ? 'AdvanceToNextTimer' : `Advance(${this.seconds}s)`;
  }
}

class End implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly how: 'bye' | 'clear',
  ) {}
  check(m: Readonly<Model>): boolean {
    return live(m as Model).length > 0;
  }
  async run(m: Model, r: Real): Promise<void> {
    const s = live(m)[this.pick % live(m).length] as ModelSession;
    const client = r.clients.get(s.key) as Tr87Client;
    const closedBefore = r.backend.closed.length;
    if (this.how === 'bye') await client.close();
    else assert.equal(r.backend.clearSession(s.serverId), true);
    await waitFor(() => r.backend.closed.length === closedBefore + 1 && client.state === 'ended', 'end');
    assert.equal(r.backend.closed.at(-1)?.reason, this.how === 'bye' ? 'bye' : 'cleared');
    s.alive = false;
    s.monitors.clear();
    check(m, r);
  }
  toString(): string {
    return `End(#${this.pick}, ${this.how})`;
  }
}

const commands = [
  fc
    .tuple(fc.constantFrom(90, 120, 300), fc.boolean())
    .map(([se, refresh]) => new Connect(se, refresh) as fc.AsyncCommand<Model, Real>),
  fc
    .tuple(fc.nat(7), fc.constantFrom(...DEVICES, '999'))
    .map(([p, d]) => new MonitorStart(p, d) as fc.AsyncCommand<Model, Real>),
  fc.tuple(fc.nat(7), fc.nat(7)).map(([p, w]) => new MonitorStop(p, w) as fc.AsyncCommand<Model, Real>),
  fc.constantFrom(...DEVICES).map((d) => new Emit(d) as fc.AsyncCommand<Model, Real>),
  fc.integer({ min: 1, max: 40 }).map((s) => new Advance(s) as fc.AsyncCommand<Model, Real>),
  fc.constant(new Advance(undefined) as fc.AsyncCommand<Model, Real>),
  fc
    .tuple(fc.nat(7), fc.constantFrom('bye' as const, 'clear' as const))
    .map(([p, how]) => new End(p, how) as fc.AsyncCommand<Model, Real>),
];

test('model: sessions, monitors, events, refresh and expiry on a ManualClock', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'medium' }), async (cmds) => {
      const clock = new ManualClock();
      const endpoint = await SipEndpoint.start({ name: 'cme', clock });
      const backend = new InMemoryCtiBackend(new Set(DEVICES), undefined, undefined, clock);
      const server = new Tr87Server({ endpoint, backend, clock });
      const real: Real = { clock, endpoint, backend, server, clients: new Map() };
      try {
        await fc.asyncModelRun(() => ({ model: { sessions: [], nextKey: 1 }, real }), cmds);
      } finally {
        for (const c of real.clients.values()) await c.close();
        await server.close();
        await endpoint.close();
      }
    }),
    { numRuns: 30 },
  );
});
