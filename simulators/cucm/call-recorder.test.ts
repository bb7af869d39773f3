import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallModel } from '../calls/call-model.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { CallRecorder } from './call-recorder.ts';

// The cluster's recording list (CUCM-ACG-010): start and stop times from the injectable clock, a
// recording ends with its connection, listeners hear of each change.

function lab() {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const n of ['1001', '1002', '1003']) mustSucceed(model.addDevice({ number: n, maxCalls: 2 }), n);
  const recorder = new CallRecorder(clock, model);
  const a = mustSucceed(model.makeCall('1001', '1002'), 'call');
  mustSucceed(model.answer({ callID: a.callID, deviceID: '1002' }), 'answer');
  return { clock, model, recorder, callID: a.callID };
}

test('a recording keeps call, DN, device, user and the clock times; the list holds copies', () => {
  const { clock, recorder, callID } = lab();
  const t0 = clock.now();
  clock.advance(1500);
  const r = recorder.start({ callID, deviceID: '1002' }, 'SEP2', 'rick');
  assert.deepEqual(r, {
    id: 'rec-1',
    callID,
    dn: '1002',
    device: 'SEP2',
    user: 'rick',
    startedAt: t0 + 1500,
    stoppedAt: undefined,
    stoppedBy: undefined,
  });
  (recorder.recordings()[0] as { stoppedAt: number | undefined }).stoppedAt = 1;
  assert.equal(
    recorder.recordings()[0]?.stoppedAt,
    undefined,
    'a copy: the list cannot be changed from outside',
  );
  assert.equal(recorder.runningOn({ callID, deviceID: '1002' })?.id, 'rec-1');
  assert.equal(recorder.runningOn({ callID, deviceID: '1001' }), undefined);
  assert.equal(recorder.start({ callID, deviceID: '1001' }, 'SEP1', 'ursula').id, 'rec-2');
});

test('stop: once, at the clock time; the call clearing stops the others with call-ended', () => {
  const { clock, model, recorder, callID } = lab();
  const t0 = clock.now();
  const changes: string[] = [];
  const off = recorder.onChange((r, change) => changes.push(`${r.id} ${change} ${r.stoppedBy ?? ''}`.trim()));
  recorder.start({ callID, deviceID: '1002' }, 'SEP2', 'rick');
  recorder.start({ callID, deviceID: '1001' }, 'SEP1', 'rick');
  clock.advance(2000);
  assert.equal(recorder.stop('rec-1', 'stop-requested'), true);
  assert.equal(recorder.stop('rec-1', 'stop-requested'), false, 'already stopped');
  assert.equal(recorder.stop('rec-7', 'stop-requested'), false, 'unknown');
  clock.advance(3000);
  mustSucceed(model.clear({ callID, deviceID: '1001' }), 'clear');
  assert.deepEqual(
    recorder.recordings().map((r) => [r.id, r.stoppedAt, r.stoppedBy]),
    [
      ['rec-1', t0 + 2000, 'stop-requested'],
      ['rec-2', t0 + 5000, 'call-ended'],
    ],
  );
  assert.deepEqual(changes, [
    'rec-1 started',
    'rec-2 started',
    'rec-1 stopped stop-requested',
    'rec-2 stopped call-ended',
  ]);
  off();
  recorder.start({ callID: 'C9', deviceID: '1003' }, 'SEP3', 'rick');
  assert.equal(changes.length, 4, 'an unsubscribed listener hears nothing');
});

test('a recording stays while its connection is in the call (hold is no end); dispose stops the watching', () => {
  const { model, recorder, callID } = lab();
  recorder.start({ callID, deviceID: '1002' }, 'SEP2', 'rick');
  mustSucceed(model.hold({ callID, deviceID: '1002' }), 'hold');
  assert.equal(recorder.recordings()[0]?.stoppedAt, undefined);
  recorder.dispose();
  mustSucceed(model.clear({ callID, deviceID: '1001' }), 'clear');
  assert.equal(
    recorder.recordings()[0]?.stoppedAt,
    undefined,
    'a disposed recorder no longer follows the model',
  );
});
