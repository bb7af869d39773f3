import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObservationStream, type StateObservation } from '../lab/observation.ts';
import { AlarmLog, alarmOf } from './dashboard-alarms.ts';

const state = (topic: string, detail: Record<string, unknown>, time = 1000): StateObservation => ({
  kind: 'state',
  time,
  source: 'cluster1',
  topic,
  detail,
});

test('each alarm topic becomes one row with its text; other state changes are no alarm', () => {
  assert.deepEqual(
    alarmOf(
      state('alarm', { parameter: 'Maximum Devices Per Node', node: 'cucm-pub', limit: 800, count: 801 }),
    ),
    {
      time: 1000,
      source: 'cluster1',
      kind: 'device-limit',
      severity: 'raised',
      text: 'Maximum Devices Per Node 800 exceeded on cucm-pub (801 devices)',
    },
  );
  assert.deepEqual(
    [
      state('node', { node: 'cucm-pub', service: 'callmanager', state: 'down' }),
      state('node', { node: 'cucm-pub', service: 'ctimanager', state: 'up' }),
      state('cti-gateway', { gateway: 'cucm-imp', state: 'down' }),
      state('cti-server-side', { side: 'B', state: 'up', active: 'A' }),
      state('registration', {
        device: 'SEP0000000CA001',
        state: 'unregistered',
        reason: 'no keepalive for 90 s',
      }),
    ].map((o) => {
      const a = alarmOf(o);
      return [a?.kind, a?.severity, a?.text];
    }),
    [
      ['service', 'raised', 'CallManager on cucm-pub stopped'],
      ['service', 'cleared', 'CTIManager on cucm-pub started'],
      ['cti-gateway', 'raised', 'CTI gateway cucm-imp failed'],
      ['cti-server-side', 'cleared', 'CTI Server side B back (standby); side A is active'],
      ['unregistered', 'raised', 'SEP0000000CA001 unregistered: no keepalive for 90 s'],
    ],
  );
  assert.equal(alarmOf(state('registration', { device: 'SEP0000000CA001', state: 'registered' })), undefined);
  assert.equal(alarmOf(state('call', { callID: 'C1' })), undefined);
});

test('the log keeps the newest first, at most its limit, once per stream however many nodes share it', () => {
  const stream = new ObservationStream();
  const log = new AlarmLog([stream, stream], 3);
  for (let i = 1; i <= 5; i++)
    stream.publish(state('cti-gateway', { gateway: `g${i}`, state: 'down' }, i * 10));
  stream.publish(state('call', {}, 60));
  assert.deepEqual(
    log.list().map((a) => [a.time, a.text]),
    [
      [50, 'CTI gateway g5 failed'],
      [40, 'CTI gateway g4 failed'],
      [30, 'CTI gateway g3 failed'],
    ],
  );
  log.close();
  stream.publish(state('cti-gateway', { gateway: 'g6', state: 'down' }, 70));
  assert.equal(log.list().length, 3, 'closed: no more rows');
  assert.equal(stream.listenerCount, 0);
});
