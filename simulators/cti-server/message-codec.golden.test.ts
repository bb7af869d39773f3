/**
 * Byte-exact vectors of the two open-source GED-188 implementations, with the MessageLength
 * prefix added (their samples start at MessageType):
 * - v20: ucce-ctidriver (MIT) `test/Network/CceCti/MessageSampleSpec.hs` (HEARTBEAT_REQ,
 *   FAILURE_CONF, OPEN_REQ, OPEN_CONF with its DepartmentID).
 * - v19: uccertweb (MIT) `test/ctidriver/MessageSamplesSpec.scala` (the same OPEN_REQ / OPEN_CONF
 *   values with one-byte tags and lengths and no DepartmentID; CALL_DELIVERED_EVENT sample 009;
 *   AGENT_PRE_CALL_EVENT sample 105).
 * Each vector must encode to exactly these bytes and decode to exactly this message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentState, AgentStateMask, CallMsgMask, CtiStatus, PeripheralType, ServiceMask } from './enums.ts';
import { type CtiMessage, decodeFrame, encodeMessage } from './message-codec.ts';

const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1').toString('hex');

function golden(name: string, version: number, bytes: Buffer, message: CtiMessage) {
  it(`${name} v${version} encodes to the sample's bytes`, () => {
    assert.equal(encodeMessage(message, version).toString('hex'), bytes.toString('hex'));
  });
  it(`${name} v${version} decodes to the sample's values`, () => {
    const r = decodeFrame(bytes, version);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.message, message);
  });
}

const OPEN_REQ: CtiMessage = {
  type: 3,
  name: 'OPEN_REQ',
  fixed: {
    InvokeID: 0x04030201,
    VersionNumber: 20,
    IdleTimeout: 0xffffffff,
    PeripheralID: 0x02030405,
    ServicesRequested: ServiceMask.ALL_EVENTS,
    CallMsgMask: CallMsgMask.BEGIN_CALL | CallMsgMask.END_CALL,
    AgentStateMask: AgentStateMask.AVAILABLE | AgentStateMask.HOLD,
    ConfigMsgMask: 0,
    Reserved1: 0,
    Reserved2: 0,
    Reserved3: 0,
  },
  floating: [
    { name: 'ClientID', value: 'ClientID' },
    { name: 'ClientPassword', value: new Uint8Array(0) },
    { name: 'ClientSignature', value: 'ClientSignature' },
    { name: 'AgentExtension', value: '3001' },
    { name: 'AgentID', value: '1001' },
    { name: 'AgentInstrument', value: '3001' },
    { name: 'ApplicationPathID', value: 0x03040506 },
  ],
};

const OPEN_CONF_V19: CtiMessage = {
  type: 4,
  name: 'OPEN_CONF',
  fixed: {
    InvokeID: 0x01020304,
    ServicesGranted: ServiceMask.ALL_EVENTS,
    MonitorID: 0x02030405,
    PGStatus: 0x13,
    ICMCentralControllerTime: 0x04050607,
    PeripheralOnline: true,
    PeripheralType: PeripheralType.ENTERPRISE_AGENT,
    AgentState: AgentState.AVAILABLE,
  },
  floating: [
    { name: 'AgentExtension', value: '3001' },
    { name: 'AgentID', value: '1001' },
    { name: 'AgentInstrument', value: '3001' },
    { name: 'NumPeripherals', value: 0x0506 },
    { name: 'MultiLineAgentControl', value: 0 },
  ],
};
const OPEN_CONF_V20: CtiMessage = {
  ...OPEN_CONF_V19,
  fixed: { ...OPEN_CONF_V19.fixed, DepartmentID: 0x05060708 },
};

describe('GED-188 golden vectors, protocol v20 (ucce-ctidriver MessageSampleSpec.hs)', () => {
  golden('HEARTBEAT_REQ', 20, hex('00000004 00000005 02030405'), {
    type: 5,
    name: 'HEARTBEAT_REQ',
    fixed: { InvokeID: 0x02030405 },
    floating: [],
  });
  golden('FAILURE_CONF', 20, hex('00000008 00000001 01020304 00000061'), {
    type: 1,
    name: 'FAILURE_CONF',
    fixed: { InvokeID: 0x01020304, Status: CtiStatus.E_CTI_INVALID_MONITOR_STATUS },
    floating: [],
  });
  golden(
    'OPEN_REQ',
    20,
    hex(
      '00000074 00000003 04030201 00000014 ffffffff 02030405 00000010 00006000 00000208 00000000' +
        '00000000 00000000 00000000' +
        `0001 0009 ${ascii('ClientID')} | 0002 0000 | 0003 0010 ${ascii('ClientSignature')}` +
        `0004 0005 ${ascii('3001')} | 0005 0005 ${ascii('1001')} | 0006 0005 ${ascii('3001')} | 0061 0004 03040506`,
    ),
    OPEN_REQ,
  );
  golden(
    'OPEN_CONF',
    20,
    hex(
      '00000045 00000004 01020304 00000010 02030405 00000013 04050607 0001 0011 0003 05060708' +
        `0004 0005 ${ascii('3001')} | 0005 0005 ${ascii('1001')} | 0006 0005 ${ascii('3001')}` +
        '00e4 0002 0506 | 00e0 0002 0000',
    ),
    OPEN_CONF_V20,
  );
});

describe('GED-188 golden vectors, protocol v19 (uccertweb MessageSamplesSpec.scala)', () => {
  golden('HEARTBEAT_REQ', 19, hex('00000004 00000005 02030405'), {
    type: 5,
    name: 'HEARTBEAT_REQ',
    fixed: { InvokeID: 0x02030405 },
    floating: [],
  });
  golden('CLOSE_REQ', 19, hex('00000008 00000007 04050607 00000062'), {
    type: 7,
    name: 'CLOSE_REQ',
    fixed: { InvokeID: 0x04050607, Status: CtiStatus.E_CTI_INVALID_REQUEST_TYPE },
    floating: [],
  });
  golden(
    'OPEN_REQ',
    19,
    hex(
      '00000066 00000003 04030201 00000013 ffffffff 02030405 00000010 00006000 00000208 00000000' +
        '00000000 00000000 00000000' +
        `01 09 ${ascii('ClientID')} | 02 00 | 03 10 ${ascii('ClientSignature')}` +
        `04 05 ${ascii('3001')} | 05 05 ${ascii('1001')} | 06 05 ${ascii('3001')} | 61 04 03040506`,
    ),
    { ...OPEN_REQ, fixed: { ...OPEN_REQ.fixed, VersionNumber: 19 } },
  );
  golden(
    'OPEN_CONF',
    19,
    hex(
      '00000037 00000004 01020304 00000010 02030405 00000013 04050607 0001 0011 0003' +
        `04 05 ${ascii('3001')} | 05 05 ${ascii('1001')} | 06 05 ${ascii('3001')} | e4 02 0506 | e0 02 0000`,
    ),
    OPEN_CONF_V19,
  );
  const callVars = Array.from({ length: 10 }, (_, i) => ({
    name: `CallVariable${i + 1}`,
    value: `CV${i + 1}`,
  }));
  golden(
    'CALL_DELIVERED_EVENT',
    19,
    hex(
      '00000151 00000009' +
        '01020304 02030405 0011 0000 06070809 0304 0004 04050607 05060708 04050607 05060708 0607' +
        '004c 004b 004a 0049 0000 ffff 0405 0506' +
        `19 13 ${ascii('ConnectionDeviceID')} | 1a 11 ${ascii('AlertingDeviceID')}` +
        `1b 10 ${ascii('CallingDeviceID')} | 1c 0f ${ascii('CalledDeviceID')}` +
        `1d 15 ${ascii('LastRedirectDeviceID')} | 79 04 01020304 | 7a 04 02030405 | ca 04 03040506` +
        `08 0c ${ascii('09012345678')} | d7 01 00 | 09 0a 00010203040506070809` +
        `0a 0b ${ascii('0398765432')} | 0b 0b ${ascii('0120123123')} | 0c 04 ${ascii('321')}` +
        callVars
          .map(
            (v) =>
              `${(12 + Number(v.name.slice(12))).toString(16).padStart(2, '0')} ${(v.value.length + 1).toString(16).padStart(2, '0')} ${ascii(v.value)}`,
          )
          .join('') +
        `2e 07 ${ascii('Wrapup')} | 52 0e ${ascii('ECCVar')}${ascii('ECCVal')}` +
        `53 12 01 ${ascii('ECCArr')}${ascii('ECCArrVal')}`,
    ),
    {
      type: 9,
      name: 'CALL_DELIVERED_EVENT',
      fixed: {
        MonitorID: 0x01020304,
        PeripheralID: 0x02030405,
        PeripheralType: PeripheralType.ENTERPRISE_AGENT,
        ConnectionDeviceIDType: 0,
        ConnectionCallID: 0x06070809,
        LineHandle: 0x0304,
        LineType: 4,
        ServiceNumber: 0x04050607,
        ServiceID: 0x05060708,
        SkillGroupNumber: 0x04050607,
        SkillGroupID: 0x05060708,
        SkillGroupPriority: 0x0607,
        AlertingDeviceType: 76,
        CallingDeviceType: 75,
        CalledDeviceType: 74,
        LastRedirectDeviceType: 73,
        LocalConnectionState: 0,
        EventCause: 0xffff,
        NumNamedVariables: 0x0405,
        NumNamedArrays: 0x0506,
      },
      floating: [
        { name: 'ConnectionDeviceID', value: 'ConnectionDeviceID' },
        { name: 'AlertingDeviceID', value: 'AlertingDeviceID' },
        { name: 'CallingDeviceID', value: 'CallingDeviceID' },
        { name: 'CalledDeviceID', value: 'CalledDeviceID' },
        { name: 'LastRedirectDeviceID', value: 'LastRedirectDeviceID' },
        { name: 'TrunkNumber', value: 0x01020304 },
        { name: 'TrunkGroupNumber', value: 0x02030405 },
        { name: 'SecondaryConnectionCallID', value: 0x03040506 },
        { name: 'ANI', value: '09012345678' },
        { name: 'ANI_II', value: '' },
        { name: 'UserToUserInfo', value: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) },
        { name: 'DNIS', value: '0398765432' },
        { name: 'DialedNumber', value: '0120123123' },
        { name: 'CallerEnteredDigits', value: '321' },
        ...callVars,
        { name: 'CallWrapupData', value: 'Wrapup' },
        { name: 'NamedVariable', value: { name: 'ECCVar', value: 'ECCVal' } },
        { name: 'NamedArray', value: { index: 1, name: 'ECCArr', value: 'ECCArrVal' } },
      ],
    },
  );
  golden(
    'AGENT_PRE_CALL_EVENT',
    19,
    hex(
      '000000c5 00000069' +
        '01020304 0203 0304 04050607 05060708 06070809 0708090a 0809 090a0b0c' +
        `06 05 ${ascii('3001')} | 48 04 06070809 | 49 04 0708090a | 6e 04 08090a0b` +
        `08 0c ${ascii('09012345678')} | 09 0a 00010203040506070809` +
        `0b 0b ${ascii('0120123123')} | 0c 04 ${ascii('321')}` +
        callVars
          .map(
            (v) =>
              `${(12 + Number(v.name.slice(12))).toString(16).padStart(2, '0')} ${(v.value.length + 1).toString(16).padStart(2, '0')} ${ascii(v.value)}`,
          )
          .join('') +
        `52 0e ${ascii('ECCVar')}${ascii('ECCVal')} | 53 12 01 ${ascii('ECCArr')}${ascii('ECCArrVal')}`,
    ),
    {
      type: 105,
      name: 'AGENT_PRE_CALL_EVENT',
      fixed: {
        MonitorID: 0x01020304,
        NumNamedVariables: 0x0203,
        NumNamedArrays: 0x0304,
        ServiceNumber: 0x04050607,
        ServiceID: 0x05060708,
        SkillGroupNumber: 0x06070809,
        SkillGroupID: 0x0708090a,
        SkillGroupPriority: 0x0809,
        MRDID: 0x090a0b0c,
      },
      floating: [
        { name: 'AgentInstrument', value: '3001' },
        { name: 'RouterCallKeyDay', value: 0x06070809 },
        { name: 'RouterCallKeyCallID', value: 0x0708090a },
        { name: 'RouterCallKeySequenceNumber', value: 0x08090a0b },
        { name: 'ANI', value: '09012345678' },
        { name: 'UserToUserInfo', value: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) },
        { name: 'DialedNumber', value: '0120123123' },
        { name: 'CallerEnteredDigits', value: '321' },
        ...callVars,
        { name: 'NamedVariable', value: { name: 'ECCVar', value: 'ECCVal' } },
        { name: 'NamedArray', value: { index: 1, name: 'ECCArr', value: 'ECCArrVal' } },
      ],
    },
  );
});
