// The dispatch of the requests half: which agent and devices a request acts on (the session's
// workstation check, "CTI Planning" "Third-Party Call Control"; guide "Client Control Service": a
// Client Events client may control "the associated agent device" only), the peripheral type's
// profile (peripheral-profiles.ts; "ACD Support for Client and Third-Party Call Control"), and
// CLIENT_EVENT_REPORT_REQ.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CtiStatus, type FloatingField } from '../cti-server/wire.ts';
import { AcdCtiRequestFixture, CONN, INSTRUMENT } from '../testing/acd-cti-request-fixture.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import { acdRequestTargets, HANDLED_REQUESTS } from './acd-cti-requests.ts';
import { AGENT_AND_DATA_REQUESTS, CALL_CONTROL_REQUESTS } from './peripheral-profiles.ts';

describe('acd-cti requests dispatch', () => {
  let f: AcdCtiRequestFixture | undefined;
  afterEach(() => f?.close());

  it('answers every request a profile may offer', () => {
    for (const name of [...AGENT_AND_DATA_REQUESTS, ...CALL_CONTROL_REQUESTS])
      assert.ok(HANDLED_REQUESTS.has(name), name);
  });

  it('targets: the teleset and connection devices and the AgentID, not the destinations', () => {
    f = new AcdCtiRequestFixture();
    const t = (name: string, floating: FloatingField[]) =>
      acdRequestTargets(f!.cti.context, f!.request(name, {}, floating));
    assert.deepEqual(t('ANSWER_CALL_REQ', [CONN('3001'), INSTRUMENT('3001')]), {
      agentIDs: [],
      devices: ['3001'],
    });
    assert.deepEqual(
      t('TRANSFER_CALL_REQ', [
        { name: 'ActiveConnectionDeviceID', value: '3001' },
        { name: 'HeldConnectionDeviceID', value: '3002' },
        { name: 'DialedNumber', value: '3010' },
      ]),
      { agentIDs: [], devices: ['3001', '3002'] },
    );
    assert.deepEqual(
      t('DEFLECT_CALL_REQ', [CONN('3001'), { name: 'CalledDeviceID', value: '3010' }]).devices,
      ['3001'],
    );
    // A call data request names a call, not a teleset (call-data-requests.ts checks the call).
    assert.deepEqual(t('SET_CALL_DATA_REQ', [CONN('8000')]).devices, []);
    assert.deepEqual(t('SET_AGENT_STATE_REQ', [INSTRUMENT('3002'), { name: 'AgentID', value: '5002' }]), {
      agentIDs: ['5002'],
      devices: ['3002'],
    });
  });

  it('GENERIC peripheral: call control → E_CTI_FUNCTION_NOT_AVAILABLE even if it reaches the port; agent requests work', () => {
    f = new AcdCtiRequestFixture({ ...salesPeripheral(), type: 'GENERIC' });
    assert.equal(f.cti.supportedRequests.has('ANSWER_CALL_REQ'), false);
    f.ready('5001');
    f.customerCalls();
    const m = f.send('ANSWER_CALL_REQ', { ConnectionCallID: f.callAt('3001') }, [CONN('3001')]);
    assert.deepEqual([m.name, m.fixed.Status], ['FAILURE_CONF', CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE]);
    assert.deepEqual(f.stateAt('3001'), ['alerting'], 'the call still rings');
    assert.equal(f.send('QUERY_AGENT_STATE_REQ', {}, [INSTRUMENT('3001')]).name, 'QUERY_AGENT_STATE_CONF');
  });

  it('CLIENT_EVENT_REPORT_REQ → CLIENT_EVENT_REPORT_CONF', () => {
    f = new AcdCtiRequestFixture();
    const m = f.send('CLIENT_EVENT_REPORT_REQ', { State: 1 }, [
      { name: 'ObjectName', value: 'desk-5001' },
      { name: 'Text', value: 'screen pop slow' },
    ]);
    assert.equal(m.name, 'CLIENT_EVENT_REPORT_CONF');
  });
});
