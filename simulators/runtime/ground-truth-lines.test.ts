import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEvent } from '../calls/call-events.ts';
import type { PeripheralEvent } from '../cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../cti-server/wire.ts';
import {
  callEventLine,
  greetingLine,
  groundTruthOf,
  peripheralEventLine,
  streamGroundTruth,
} from './ground-truth-lines.ts';
import { LineLog } from './line-log.ts';

const delivered = {
  type: 'DeliveredEvent',
  monitoredDevices: ['8000000', '8000001'],
  localConnectionInfo: { '8000000': 'connected', '8000001': 'alerting' },
  cause: 'newCall',
} as unknown as CallEvent;

const peripheral: PeripheralEvent = {
  kind: 'call',
  callMsgMask: 2,
  devices: ['3001'],
  message: {
    type: 9,
    name: 'CALL_DELIVERED_EVENT',
    fixed: { PeripheralID: 5000, ConnectionCallID: 7, Held: false },
    floating: [
      { name: 'ConnectionDeviceID', value: '3001' },
      { name: 'CallVariable1', value: { name: 'v', value: 'x' } },
      { name: 'RawBytes', value: new Uint8Array([0, 1, 254]) },
    ],
  },
};

test('a call-model event and a peripheral event survive their line, byte fields included', () => {
  const call = groundTruthOf(JSON.parse(callEventLine(delivered, 1234)));
  assert.deepEqual(call, { kind: 'call', event: delivered, t: 1234 });
  const p = groundTruthOf(JSON.parse(peripheralEventLine('acd', peripheral, 99)));
  assert.equal(p?.kind, 'peripheral');
  assert.deepEqual(p, { kind: 'peripheral', node: 'acd', event: peripheral, t: 99 });
  assert.ok(p.kind === 'peripheral' && p.event.message.floating[2]!.value instanceof Uint8Array);
});

test('a greeting line carries its node, the MonitorID of its session and the message, bytes included', () => {
  const g = groundTruthOf(JSON.parse(greetingLine('acd', 42, peripheral.message, 7)));
  assert.deepEqual(g, { kind: 'greeting', node: 'acd', monitorID: 42, message: peripheral.message, t: 7 });
  assert.ok(g?.kind === 'greeting' && g.message.floating[2]!.value instanceof Uint8Array);
  assert.equal(groundTruthOf({ greeting: 42, node: 'acd', t: 7 }), undefined, 'no message: no ground truth');
});

test('a LineLog tap takes the ground-truth lines as they come and keeps the rest', () => {
  const log = new LineLog('n');
  const taken: string[] = [];
  log.tap = (v) => {
    const g = groundTruthOf(v);
    if (g !== undefined) taken.push(g.kind);
    return g !== undefined;
  };
  log.onStdout(
    `{"node":"cme"}\n${callEventLine(delivered, 1)}\n${peripheralEventLine('acd', peripheral, 2)}\n{"console":{}}\n`,
  );
  assert.deepEqual(taken, ['call', 'peripheral']);
  assert.deepEqual(
    log.lines.map((l) => Object.keys(l.value)[0]),
    ['node', 'console'],
  );
});

test('other lines of a node (ready, console, status) carry no ground truth', () => {
  assert.equal(groundTruthOf({ node: 'cme', endpoints: {} }), undefined);
  assert.equal(groundTruthOf({ console: { ok: true } }), undefined);
  assert.equal(groundTruthOf({ callEvent: delivered }), undefined);
  assert.equal(groundTruthOf({ peripheralEvent: peripheral, t: 1 }), undefined);
});

test('streamGroundTruth writes one line per event of every source until unsubscribed', () => {
  const modelListeners = new Set<(e: CallEvent) => void>();
  const periListeners = new Set<(e: PeripheralEvent) => void>();
  const greetListeners = new Set<(monitorID: number, messages: readonly CtiMessage[]) => void>();
  const lines: string[] = [];
  const off = streamGroundTruth(
    {
      model: {
        on: (l) => {
          modelListeners.add(l);
          return () => modelListeners.delete(l);
        },
      },
      peripherals: [
        {
          node: 'acd',
          subscribe: (l) => {
            periListeners.add(l);
            return () => periListeners.delete(l);
          },
          onGreeting: (l) => {
            greetListeners.add(l);
            return () => greetListeners.delete(l);
          },
        },
      ],
    },
    (line) => lines.push(line),
    () => 5,
  );
  for (const l of modelListeners) l(delivered);
  for (const l of periListeners) l(peripheral);
  for (const l of greetListeners) l(3, [peripheral.message, peripheral.message]);
  off();
  assert.equal(modelListeners.size + periListeners.size + greetListeners.size, 0);
  assert.deepEqual(
    lines.map((l) => groundTruthOf(JSON.parse(l))?.kind),
    ['call', 'peripheral', 'greeting', 'greeting'],
  );
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
});
