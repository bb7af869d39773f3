// Failover under traffic (features/failover/cucm-under-traffic.feature): calls in progress when a
// CUCM service fails, the list of which survived and which were cleared (attached to the scenario's
// report), and the check that no CSTA event for a monitored device was lost or duplicated.
//
// The ground truth is the call model's own event stream: every model event names in
// `monitoredDevices` each device whose device monitor must report it (ECMA-269 §7.4.1 device
// monitors; simulators/calls/call-events.ts). A monitor open on such a device in an active session
// must deliver exactly one CSTA event of the same type and call; events that happen while no
// monitor of the device is open (the application is reconnecting) are not expected, nor is
// CallCleared (a call monitor's event).
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { CallEvent } from '../simulators/calls/call-events.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import type { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { client, eventually, phoneOn, scenario, tel } from './cucm-steps.ts';
import { calls, hears, idle, ringing } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

interface TruthEvent {
  readonly type: string;
  readonly callID: string;
  readonly devices: readonly string[];
  /** The monitors open on a device of the event when it happened: "device crossRef". */
  readonly openMonitors: ReadonlySet<string>;
}

interface OpenMonitor {
  readonly device: string;
  readonly crossRef: string;
  readonly owner: Tr87Client;
}

interface Traffic {
  readonly truth: TruthEvent[];
  readonly monitors: OpenMonitor[];
  readonly calls: Map<string, { readonly callID: string; readonly parties: readonly [string, string] }>;
}

const traffic = new WeakMap<LabWorld, Traffic>();

function trafficOf(world: LabWorld): Traffic {
  let t = traffic.get(world);
  if (t === undefined) {
    const fresh: Traffic = { truth: [], monitors: [], calls: new Map() };
    const model = scenario(world).cluster.calls.model;
    const off = model.on((e: CallEvent) => {
      const callID = callIdOf(e);
      // CallCleared is a call monitor's event; device monitors do not get it (ECMA-269 §17.2.2;
      // simulators/cme/cti/cti-events.ts cstaEventFor).
      if (callID === undefined || e.type === 'CallClearedEvent') return;
      const open = fresh.monitors.filter(
        (m) => m.owner.state === 'active' && e.monitoredDevices.includes(m.device),
      );
      fresh.truth.push({
        type: e.type,
        callID,
        devices: e.monitoredDevices,
        openMonitors: new Set(open.map((m) => `${m.device} ${m.crossRef}`)),
      });
    });
    world.cleanups.push(async () => off());
    traffic.set(world, fresh);
    t = fresh;
  }
  return t;
}

/** The call an event is about: the callID of its first connection (or clearedCall). */
function callIdOf(e: object): string | undefined {
  for (const v of Object.values(e)) {
    if (v !== null && typeof v === 'object' && typeof (v as { callID?: unknown }).callID === 'string')
      return (v as { callID: string }).callID;
  }
  return undefined;
}

Given(
  '{string} monitors the phones {string}, keeping the monitor references',
  async function (this: LabWorld, user: string, list: string) {
    const t = trafficOf(this);
    const c = client(this, user);
    for (const device of list.split(/,\s*/)) {
      const crossRef = await c.monitorStart(tel(device));
      t.monitors.push({ device, crossRef, owner: c });
    }
  },
);

Given(
  'these calls are connected:',
  async function (this: LabWorld, table: { hashes(): Record<string, string>[] }) {
    const t = trafficOf(this);
    const model = scenario(this).cluster.calls.model;
    for (const { from, to } of table.hashes()) {
      const a = phoneOn(this, from!);
      const b = phoneOn(this, to!);
      a.offHook();
      await a.waitFor((st) => hears(st, 'InsideDialTone'), 5000, `${from} dial tone`);
      a.dial(to!);
      await eventually(this, () => ringing(b.state), `${to} rings`, 30);
      b.answer();
      await eventually(
        this,
        () =>
          calls(a.state).some((c) => c.state === 'Connected') &&
          calls(b.state).some((c) => c.state === 'Connected'),
        `${from} and ${to} connected`,
        30,
      );
      const item = model
        .snapshotDevice(from!)
        .find((i) => i.endpoints.some((e) => e.deviceID === to) && i.localConnectionState === 'connected');
      assert.ok(item, `the call model has a connected call between ${from} and ${to}`);
      t.calls.set(`${from}-${to}`, { callID: item.callID, parties: [from!, to!] });
    }
  },
);

Then(
  'the phones on {string} are registered with {string}',
  async function (this: LabWorld, list: string, node: string) {
    const s = scenario(this);
    for (const dn of list.split(/,\s*/)) {
      const p = phoneOn(this, dn);
      await eventually(
        this,
        () => s.cluster.registeredNode(p.deviceName) === node && p.state.registered,
        `${p.deviceName} registered with ${node}`,
      );
    }
  },
);

Then(
  'the calls fared as follows:',
  async function (this: LabWorld, table: { hashes(): Record<string, string>[] }) {
    const t = trafficOf(this);
    const model = scenario(this).cluster.calls.model;
    const connectedOn = (dn: string, callID: string) =>
      model.snapshotDevice(dn).some((i) => i.callID === callID && i.localConnectionState === 'connected');
    const report: string[] = [];
    for (const { call, fate } of table.hashes()) {
      const c = t.calls.get(call!);
      assert.ok(c, `call ${call} was connected in this scenario`);
      const [a, b] = c.parties;
      if (fate === 'survived') {
        await eventually(
          this,
          () =>
            model.callIds().includes(c.callID) &&
            connectedOn(a, c.callID) &&
            connectedOn(b, c.callID) &&
            calls(phoneOn(this, a).state).some((x) => x.state === 'Connected') &&
            calls(phoneOn(this, b).state).some((x) => x.state === 'Connected'),
          `call ${call} (${c.callID}) still connected at both phones`,
          5,
        );
      } else {
        assert.equal(fate, 'cleared', `fate is survived or cleared, not ${fate}`);
        await eventually(
          this,
          () =>
            !model.callIds().includes(c.callID) &&
            idle(phoneOn(this, a).state) &&
            idle(phoneOn(this, b).state),
          `call ${call} (${c.callID}) cleared and both phones idle`,
          60,
        );
      }
      report.push(`${call} (call ${c.callID}): ${fate}`);
    }
    this.attach(`Calls:\n${report.join('\n')}`, 'text/plain');
  },
);

/** CSTA events of one monitor that are about a call, as "type callID". */
function received(c: Tr87Client, crossRef: string): string[] {
  return c.events
    .filter((e: CstaEvent) => (e as { monitorCrossRefID?: string }).monitorCrossRefID === crossRef)
    .map((e) => [e.type, callIdOf(e)] as const)
    .filter(([, id]) => id !== undefined)
    .map(([type, id]) => `${type} ${id}`);
}

function counts(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

Then(
  'every event of the call model for {string} reached {string} exactly once',
  async function (this: LabWorld, list: string, _user: string) {
    const t = trafficOf(this);
    const lines: string[] = [];
    // Events travel over SIP INFO: let the last ones arrive (bounded).
    const settle = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    for (const device of list.split(/,\s*/)) {
      const mine = t.monitors.filter((m) => m.device === device);
      assert.ok(mine.length > 0, `the application monitored ${device}`);
      for (const m of mine) {
        const expected = t.truth
          .filter((e) => e.openMonitors.has(`${device} ${m.crossRef}`))
          .map((e) => `${e.type} ${e.callID}`);
        await settle(() => received(m.owner, m.crossRef).length >= expected.length);
        const got = counts(received(m.owner, m.crossRef));
        const want = counts(expected);
        const lost = [...want].filter(([k, n]) => (got.get(k) ?? 0) < n).map(([k]) => k);
        const duplicated = [...got].filter(([k, n]) => n > (want.get(k) ?? 0)).map(([k]) => k);
        lines.push(
          `${device} monitor ${m.crossRef}: ${expected.length} expected, ${[...got.values()].reduce((a, b) => a + b, 0)} received, lost [${lost.join(', ')}], duplicated or unexpected [${duplicated.join(', ')}]`,
        );
        assert.deepEqual({ lost, duplicated }, { lost: [], duplicated: [] }, lines.at(-1));
      }
    }
    this.attach(`Events per monitored device:\n${lines.join('\n')}`, 'text/plain');
  },
);

When('the phone on {string} hangs up', function (this: LabWorld, dn: string) {
  phoneOn(this, dn).hangup();
});
