/**
 * Enumerations and masks (Cisco "CTI Server Message Reference Guide (Protocol Version 15)",
 * chapter 6): the values a client and the server must agree on bit for bit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AgentState,
  AgentStateMask,
  agentStateMaskBit,
  CallMsgMask,
  CtiStatus,
  ctiStatusName,
  ServiceMask,
} from './enums.ts';

describe('GED-188 enumerations', () => {
  it('the AgentStateMask bit of an agent state differs from its value past 8: HOLD is state 10, bit 0x200', () => {
    assert.equal(AgentState.HOLD, 10);
    assert.equal(AgentStateMask.HOLD, 0x200);
    assert.equal(agentStateMaskBit(AgentState.HOLD), 0x200);
    assert.notEqual(agentStateMaskBit(AgentState.HOLD), 2 ** AgentState.HOLD);
    // Up to RESERVED (8) the bit is 1 << value.
    for (const s of [0, 1, 2, 3, 4, 5, 6, 7, 8]) assert.equal(agentStateMaskBit(s), 2 ** s);
    // UNKNOWN (9) and the task states have no bit.
    assert.equal(agentStateMaskBit(AgentState.UNKNOWN), 0);
    assert.equal(agentStateMaskBit(AgentState.ACTIVE), 0);
  });

  it('CallMsgMask bits follow the guide order (BEGIN_CALL 0x2000, END_CALL 0x4000, CALL_DATA_UPDATE 0x8000)', () => {
    assert.equal(CallMsgMask.DELIVERED, 0x1);
    assert.equal(CallMsgMask.QUEUED, 0x2);
    assert.equal(CallMsgMask.TRANSLATION_ROUTE, 0x1000);
    assert.equal(CallMsgMask.BEGIN_CALL, 0x2000);
    assert.equal(CallMsgMask.END_CALL, 0x4000);
    assert.equal(CallMsgMask.CALL_DATA_UPDATE, 0x8000);
    assert.equal(CallMsgMask.DEQUEUED, 0x40000);
    assert.equal(CallMsgMask.CALL_AGENT_GREETING, 0x8000000);
  });

  it('ServiceMask and the Status codes the codec and session answer with', () => {
    assert.equal(ServiceMask.ALL_EVENTS, 0x10);
    assert.equal(ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL | ServiceMask.CALL_DATA_UPDATE, 0x7);
    assert.equal(CtiStatus.E_CTI_INVALID_VERSION, 1);
    assert.equal(CtiStatus.E_CTI_INVALID_MESSAGE_TYPE, 2);
    assert.equal(CtiStatus.E_CTI_INVALID_FIELD_TAG, 3);
    assert.equal(CtiStatus.E_CTI_REQUIRED_DATA_MISSING, 6);
    assert.equal(CtiStatus.E_CTI_BAD_MESSAGE_FORMAT, 25);
    assert.equal(CtiStatus.E_CTI_INVALID_PASSWORD, 36);
    assert.equal(CtiStatus.E_CTI_INVALID_MSG_TYPE_FOR_VERSION, 48);
    assert.equal(CtiStatus.E_CTI_INVALID_TAG_FOR_VERSION, 49);
    assert.equal(CtiStatus.E_CTI_SERVER_NOT_MASTER, 92);
    assert.equal(CtiStatus.E_CTI_INVALID_REQUEST_TYPE, 98);
    assert.equal(ctiStatusName(97), 'E_CTI_INVALID_MONITOR_STATUS');
    assert.equal(ctiStatusName(99), undefined);
  });
});
