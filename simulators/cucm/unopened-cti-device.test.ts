import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallModel } from '../calls/call-model.ts';
import { forwardUnopenedToCfna, stopForwardingUnopened } from './unopened-cti-device.ts';

// CUCM CTI guide "CTI Redundancy for Application Failure" (CUCM-RED-014): an unopened CTI device's calls
// go to its CFNA at once, through the model's immediate forward.
const immediate = (m: CallModel, dn: string) =>
  m.getForwarding(dn).find((f) => f.forwardingType === 'forwardImmediate');

function model(): CallModel {
  const m = new CallModel();
  for (const dn of ['2000', '2001', '1003', '1004']) assert.equal(m.addDevice({ number: dn }).ok, true);
  return m;
}

test('an unopened CTI device with CFNA forwards each of its DNs at once to it', () => {
  const m = model();
  forwardUnopenedToCfna(m, ['2000', '2001'], '1003');
  for (const dn of ['2000', '2001'])
    assert.deepEqual(immediate(m, dn), {
      forwardingType: 'forwardImmediate',
      forwardStatus: true,
      forwardDN: '1003',
    });
  // A call to it lands on the CFNA destination.
  const caller = m.offHook('1004');
  assert.ok(caller.ok);
  assert.equal(m.dial(caller.value, '2000').ok, true);
  assert.deepEqual(
    m.snapshotDevice('1003').map((i) => i.localConnectionState),
    ['alerting'],
  );
  assert.deepEqual(m.snapshotDevice('2000'), []);
});

test('without CFNA nothing is forwarded; registering the device stops the forward', () => {
  const m = model();
  forwardUnopenedToCfna(m, ['2000'], undefined);
  assert.equal(immediate(m, '2000')?.forwardStatus ?? false, false);
  forwardUnopenedToCfna(m, ['2000'], '1003');
  stopForwardingUnopened(m, ['2000']);
  assert.equal(immediate(m, '2000')?.forwardStatus ?? false, false);
});
