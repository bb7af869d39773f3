// The CTI Server event check of a load run against a real duplexed CTI Server on real sockets: what
// a session's server sends of its own with OPEN_CONF (its greeting, tagged with the OPEN_CONF's
// MonitorID) is expected exactly once on that session, so a greeting message sent twice is counted
// as duplicated, on the embedded runtime (greetings straight from the pair) and in late mode (the
// ground truth as the process runtime's JSON lines, handed over only after the clients got it all).
// The duplicate comes from a TCP relay in front of side A that writes the first SYSTEM_EVENT frame
// after OPEN_CONF twice (a CTI Server repeating its greeting).
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { CtiServerPair } from '../../simulators/cti-server/server/cti-server-pair.ts';
import {
  CallMsgMask,
  CtiFrameReader,
  ctiMessage,
  MESSAGES_BY_NAME,
} from '../../simulators/cti-server/wire.ts';
import { systemClock } from '../../simulators/lab/clock.ts';
import {
  greetingLine,
  groundTruthOf,
  peripheralEventLine,
} from '../../simulators/runtime/ground-truth-lines.ts';
import { InMemoryCtiPeripheral } from '../../simulators/testing/in-memory-cti-peripheral.ts';
import { waitUntil } from '../../simulators/testing/raw-cti-peer.ts';
import { CtiServerLoad } from './cti-server-load.ts';
import type { CtiServerTarget } from './load-target.ts';
import type { Scenario } from './scenario-schema.ts';

const SYSTEM_EVENT = MESSAGES_BY_NAME.get('SYSTEM_EVENT')!.id;

/** A relay to `to`; with `duplicate`, the first SYSTEM_EVENT frame of each connection goes twice. */
async function relay(to: { host: string; port: number }, duplicate: boolean) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(to.port, to.host);
    sockets.add(client).add(upstream);
    const reader = new CtiFrameReader();
    let doubled = false;
    client.on('data', (b) => upstream.write(b));
    upstream.on('data', (chunk: Buffer) => {
      for (const r of reader.push(chunk)) {
        if (!r.ok) return client.destroy();
        client.write(r.frame.raw);
        if (duplicate && !doubled && r.frame.messageType === SYSTEM_EVENT) {
          doubled = true;
          client.write(r.frame.raw);
        }
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: { host: '127.0.0.1', port },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const scenario = {
  cti: {
    ctiServer: { bridges: [{ name: 'b1', requestRate: 0 }], workstations: { count: 1, requestRate: 0 } },
  },
} as unknown as Scenario;

/**
 * One bridge (b1) and one workstation (agent 5001 on 3001) through the relay; a call in progress
 * on 3001 (each session's greeting: SYSTEM_EVENT for the bridge, BEGIN_CALL_EVENT for both) and
 * one call event published after the opens. `late`: the ground truth goes through the process
 * runtime's lines and reaches the ledger only after the clients received every message.
 */
async function check(opts: { late: boolean; duplicate: boolean }) {
  const peripheral = new InMemoryCtiPeripheral({ supported: ['SET_AGENT_STATE_REQ'] });
  peripheral.openEvents = [
    ctiMessage('BEGIN_CALL_EVENT', { PeripheralID: 5000, ConnectionCallID: 77 }, [
      { name: 'ConnectionDeviceID', value: '3001' },
    ]),
  ];
  const pair = new CtiServerPair({ peripheral, ports: { A: 0, B: 0 } });
  await pair.start();
  const front = await relay(pair.endpoint('A'), opts.duplicate);
  const held: string[] = [];
  const periListeners = new Set<Parameters<CtiServerTarget['subscribe']>[0]>();
  const greetListeners = new Set<Parameters<CtiServerTarget['greetings']>[0]>();
  const offs = [
    peripheral.subscribe((e) => {
      if (opts.late) held.push(peripheralEventLine('acd', e, systemClock.now()));
      else for (const l of periListeners) l(e);
    }),
    pair.onGreeting((monitorID, messages) => {
      for (const m of messages)
        if (opts.late) held.push(greetingLine('acd', monitorID, m, systemClock.now()));
        else for (const l of greetListeners) l(monitorID, m);
    }),
  ];
  const target: CtiServerTarget = {
    peripheralId: 5000,
    sides: () => [front.endpoint, pair.endpoint('B')],
    bridge: { clientId: 'load-bridge', password: '' },
    agents: [{ id: '5001', extension: '3001' }],
    active: () => pair.active,
    subscribe: (l) => {
      periListeners.add(l);
      return () => periListeners.delete(l);
    },
    greetings: (l) => {
      greetListeners.add(l);
      return () => greetListeners.delete(l);
    },
    lateEmissions: opts.late,
  };
  const load = new CtiServerLoad(target, scenario, systemClock, () => {});
  try {
    await load.start();
    peripheral.emit({
      kind: 'call',
      callMsgMask: CallMsgMask.CLEARED,
      devices: ['3001'],
      message: ctiMessage('CALL_CLEARED_EVENT', { PeripheralID: 5000, ConnectionCallID: 77 }, [
        { name: 'ConnectionDeviceID', value: '3001' },
      ]),
    });
    // b1: SYSTEM_EVENT (twice through a duplicating relay), BEGIN_CALL_EVENT, CALL_CLEARED_EVENT;
    // the workstation: BEGIN_CALL_EVENT, CALL_CLEARED_EVENT.
    const all = 5 + (opts.duplicate ? 1 : 0);
    await waitUntil(() => load.received >= all, 5000, `${all} messages received`);
    // Late: every receipt came before its emission (the ground truth still on its way).
    for (const line of held.splice(0)) {
      const truth = groundTruthOf(JSON.parse(line) as Record<string, unknown>);
      if (truth?.kind === 'peripheral') for (const l of periListeners) l(truth.event, truth.t);
      else if (truth?.kind === 'greeting')
        for (const l of greetListeners) l(truth.monitorID, truth.message, truth.t);
    }
    load.closeWindows(systemClock.now());
    return load.result().events;
  } finally {
    await load.stop();
    for (const off of offs) off();
    await front.close();
    await pair.stop();
  }
}

for (const late of [false, true]) {
  const mode = late ? 'late mode (process runtime lines)' : 'embedded';
  test(`${mode}: each session's greeting is expected once on it; nothing duplicated or unexpected`, async () => {
    const e = await check({ late, duplicate: false });
    assert.deepEqual(
      [e.received, e.onOpen, e.expected, e.delivered, e.lost, e.duplicated, e.unexpected],
      [5, 3, 5, 5, 0, 0, 0],
      JSON.stringify(e),
    );
  });

  test(`${mode}: a greeting SYSTEM_EVENT sent twice is counted as duplicated`, async () => {
    const e = await check({ late, duplicate: true });
    assert.deepEqual(
      [e.received, e.onOpen, e.expected, e.delivered, e.lost, e.duplicated, e.unexpected],
      [6, 3, 5, 5, 0, 1, 0],
      JSON.stringify(e),
    );
  });
}
