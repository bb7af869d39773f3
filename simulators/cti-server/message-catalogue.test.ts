/**
 * The catalogue covers the messages issue 11 lists, pairs each REQ with its CONF at n / n+1
 * (guide v15 chapter 6 "MessageType Values"), and gives the fixed-part sizes of the guide's
 * tables (v15 chapters 4-5: HEARTBEAT_REQ 4, OPEN_REQ 44, ANSWER_CALL_REQ 14; CALL_DELIVERED_EVENT 54
 * as in uccertweb's sample 009).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES, MESSAGES_BY_NAME } from './message-catalogue.ts';
import { fixedPartSize } from './message-codec.ts';

const CALL_CONTROL = [
  'ALTERNATE_CALL',
  'ANSWER_CALL',
  'CLEAR_CALL',
  'CLEAR_CONNECTION',
  'CONFERENCE_CALL',
  'CONSULTATION_CALL',
  'DEFLECT_CALL',
  'HOLD_CALL',
  'MAKE_CALL',
  'RECONNECT_CALL',
  'RETRIEVE_CALL',
  'TRANSFER_CALL',
  'SEND_DTMF_SIGNAL',
  'SNAPSHOT_CALL',
  'SNAPSHOT_DEVICE',
  'SET_CALL_DATA',
  'RELEASE_CALL',
  'QUERY_AGENT_STATE',
  'SET_AGENT_STATE',
  'OPEN',
  'HEARTBEAT',
  'CLOSE',
];
const EVENTS = [
  'FAILURE_CONF',
  'FAILURE_EVENT',
  ...[
    'DELIVERED',
    'ESTABLISHED',
    'HELD',
    'RETRIEVED',
    'CLEARED',
    'CONNECTION_CLEARED',
    'ORIGINATED',
    'FAILED',
    'CONFERENCED',
    'TRANSFERRED',
    'DIVERTED',
    'SERVICE_INITIATED',
    'QUEUED',
    'TRANSLATION_ROUTE',
    'REACHED_NETWORK',
    'DEQUEUED',
  ].map((e) => `CALL_${e}_EVENT`),
  'BEGIN_CALL_EVENT',
  'END_CALL_EVENT',
  'CALL_DATA_UPDATE_EVENT',
  'AGENT_STATE_EVENT',
  'SYSTEM_EVENT',
  'CONTROL_FAILURE_CONF',
  'CLIENT_SESSION_OPENED_EVENT',
  'CLIENT_SESSION_CLOSED_EVENT',
  'AGENT_PRE_CALL_EVENT',
];

describe('GED-188 message catalogue', () => {
  it("covers every message of issue 11's list, REQ at n and CONF at n + 1", () => {
    for (const base of CALL_CONTROL) {
      const req = MESSAGES_BY_NAME.get(`${base}_REQ`);
      const conf = MESSAGES_BY_NAME.get(`${base}_CONF`);
      assert.ok(req && conf, base);
      assert.equal(conf.id, req.id + 1, base);
    }
    for (const name of EVENTS) assert.ok(MESSAGES_BY_NAME.has(name), name);
    assert.equal(MESSAGES.length, 73);
  });

  it('ids are unique and the table is in id order', () => {
    const ids = MESSAGES.map((m) => m.id);
    assert.deepEqual(
      ids,
      [...new Set(ids)].sort((a, b) => a - b),
    );
  });

  it('fixed-part sizes match the guide tables; v20 adds the DepartmentID tails', () => {
    const size = (name: string, v: number) => fixedPartSize(MESSAGES_BY_NAME.get(name)!, v);
    assert.equal(size('HEARTBEAT_REQ', 20), 4);
    assert.equal(size('OPEN_REQ', 20), 44);
    assert.equal(size('ANSWER_CALL_REQ', 20), 14);
    assert.equal(size('CONTROL_FAILURE_CONF', 20), 10);
    assert.equal(size('SET_AGENT_STATE_REQ', 20), 21); // ForcedFlag is a UCHAR
    assert.equal(size('CALL_DELIVERED_EVENT', 19), 54);
    assert.equal(size('CALL_CLEARED_EVENT', 19), 20);
    // uccertweb sample 105: 4 + 2 + 2 + 4 + 4 + 4 + 4 + 2 + 4 bytes before the first tag.
    assert.equal(size('AGENT_PRE_CALL_EVENT', 19), 30);
    assert.equal(size('OPEN_CONF', 19), 26);
    assert.equal(size('OPEN_CONF', 20), 30);
    assert.equal(size('AGENT_STATE_EVENT', 20) - size('AGENT_STATE_EVENT', 19), 4);
    assert.equal(size('QUERY_AGENT_STATE_CONF', 20) - size('QUERY_AGENT_STATE_CONF', 19), 4);
  });

  it('OPEN_REQ requires ClientID and ClientPassword; call events require ConnectionDeviceID', () => {
    const required = (name: string) =>
      MESSAGES_BY_NAME.get(name)!
        .floating.filter((r) => r.required)
        .map((r) => r.tag.name);
    assert.deepEqual(required('OPEN_REQ'), ['ClientID', 'ClientPassword']);
    assert.deepEqual(required('CALL_DELIVERED_EVENT'), ['ConnectionDeviceID']);
    assert.deepEqual(required('HEARTBEAT_REQ'), []);
  });
});
