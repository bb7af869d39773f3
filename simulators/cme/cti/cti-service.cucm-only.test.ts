import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CstaRequest } from '../../csta/csta-types.ts';
import { CtiTestLab, RESTRICTIONS_CFG, refusal, response } from '../../testing/cti-test-lab.ts';

// The codec knows SingleStepConferenceCall, RecordMessage and Stop for the CUCM CTI gateway
// (simulators/cucm/cucm-call-services.ts). The CME does not serve them (CME CSTA guide Table 1 lists
// neither conference-join nor voice unit services): it answers them as it did when the codec
// rejected them as unknown root elements, operation serviceNotSupported, whatever the session's
// state, and GetCSTAFeatures does not list them.

const REQUESTS: CstaRequest[] = [
  {
    type: 'SingleStepConferenceCall',
    activeCall: { deviceID: 'tel:201' },
    deviceToJoin: 'tel:202',
    participationType: 'silent',
  },
  { type: 'RecordMessage', callToBeRecorded: { deviceID: 'tel:201' } },
  { type: 'Stop', messageToBeStopped: 'rec-1' },
];

let t: CtiTestLab;
before(async () => {
  t = await new CtiTestLab(RESTRICTIONS_CFG).start();
});
after(async () => {
  await t.stop();
});

test('the CME answers silent monitoring and recording requests serviceNotSupported, on an open or a closed session', () => {
  const s = t.open('tel:201');
  for (const r of REQUESTS) {
    const answer = t.cti.handle(s, r);
    assert.deepEqual(refusal(answer), { operation: 'serviceNotSupported' }, r.type);
    assert.equal(!answer.ok && answer.reason, `${r.type}: service not supported by the CME`);
  }
  t.cti.closeSession(s, 'test');
  for (const r of REQUESTS)
    assert.deepEqual(refusal(t.cti.handle(s, r)), { operation: 'serviceNotSupported' }, `${r.type} (closed)`);
});

test("the CME's GetCSTAFeatures lists neither singleStepConference nor the voice unit services", () => {
  const s = t.open('tel:201');
  const f = response(t.cti.handle(s, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
  const flags = JSON.stringify(f);
  assert.doesNotMatch(flags, /singleStepConference|voiceServList|recordMsg|voiceEvtsList/);
  assert.match(flags, /singleStepTransfer/, 'the CME list is otherwise as before');
  t.cti.closeSession(s, 'test');
});
