import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeBody,
  encodeBody,
  encodeMessage,
  MessageId,
  SccpDecodeError,
  SccpEncodeError,
} from './codec.ts';
import { ButtonType, DCallState, DeviceTone, MediaPayloadType, SoftKeySet } from './enums.ts';
import { latentCapsInfo } from './media-codecs.ts';
import type { MessageOf, SccpMessage } from './messages.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

function decodeError(fn: () => unknown): SccpDecodeError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SccpDecodeError, `expected SccpDecodeError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a decode error');
}

const emptyKey = { algorithmID: 0, key: '', salt: '', isMKIPresent: 0, keyDerivationRate: 0 };
const noLatentCaps = latentCapsInfo.empty();

// the real CallManager 4.1 sequences of pyskinny's fixtures: CUCM 4.1 -> Cisco 7912, header version 0.
const CALL_REF = 0x0100001f;
const PASS_THRU = 0x01000101;

const cucmOpenReceiveChannel: MessageOf<'OpenReceiveChannel'> = {
  type: 'OpenReceiveChannel',
  conferenceId: CALL_REF,
  passThroughPartyId: PASS_THRU,
  milliSecondPacketSize: 20,
  compressionType: MediaPayloadType.G711Ulaw64k,
  ecValue: 0,
  g723BitRate: 0,
  codecMode: 0,
  dynamicPayload: 0,
  codecParam1: 0,
  codecParam2: 0,
  callReference: CALL_REF,
  mRxMediaEncryptionKeyInfo: emptyKey,
  streamPassThroughId: 0,
  associatedStreamId: 0,
  rfc2833PayloadType: 0,
  dtmfType: 0,
  mixingMode: 0,
  partyDirection: 0,
  sourceIpAddr: '0.0.0.0',
  sourcePortNumber: 0,
  requestedIpAddrType: 0,
  audioLevelAdjustment: 0,
  latentCapsInfo: noLatentCaps,
};

const cucmStartMedia: MessageOf<'StartMediaTransmission'> = {
  type: 'StartMediaTransmission',
  conferenceId: CALL_REF,
  passThroughPartyId: PASS_THRU,
  remoteIpAddr: '10.102.219.27',
  remotePortNumber: 60186,
  milliSecondPacketSize: 20,
  compressionType: MediaPayloadType.G711Ulaw64k,
  precedenceValue: 184,
  ssValue: 0,
  maxFramesPerPacket: 0,
  g723BitRate: 0,
  codecMode: 0,
  dynamicPayload: 0,
  codecParam1: 0,
  codecParam2: 0,
  callReference: CALL_REF,
  mTxMediaEncryptionKeyInfo: emptyKey,
  streamPassThroughId: 0,
  associatedStreamId: 0,
  rfc2833PayloadType: 0,
  dtmfType: 0,
  mixingMode: 0,
  partyDirection: 0,
  latentCapsInfo: noLatentCaps,
};

describe('real CUCM 4.1 frames (reference §6)', () => {
  it('SelectSoftKeys(0, 0, OnHook, 0xFFFFFFFF) is the exact 28-byte frame', () => {
    const frame = encodeMessage({
      type: 'SelectSoftKeys',
      lineInstance: 0,
      callReference: 0,
      softKeySetIndex: SoftKeySet.OnHook,
      validKeyMask: 0xffffffff,
    });
    assert.deepEqual(frame, hex('14000000 00000000 10010000 00000000 00000000 00000000 ffffffff'));
  });

  it('OpenReceiveChannel: the 68-byte body encodes exactly and decodes with the tail defaulted', () => {
    const body = Buffer.concat([
      le32(CALL_REF),
      le32(PASS_THRU),
      le32(20),
      le32(4),
      le32(0),
      le32(0),
      le32(CALL_REF),
      Buffer.alloc(40),
    ]);
    assert.equal(body.length, 68);
    assert.deepEqual(decodeBody(0x0105, body, 0), cucmOpenReceiveChannel);
    const frame = encodeMessage(cucmOpenReceiveChannel, 0, { truncateTo: 68 });
    assert.equal(frame.readUInt32LE(0), 72);
    assert.deepEqual(frame.subarray(12), body);
    // The full version-0 layout: the 68 bytes, then isMKIPresent, keyDerivationRate and 4 words.
    const full = encodeBody(cucmOpenReceiveChannel, 0);
    assert.equal(full.length, 92);
    assert.deepEqual(full.subarray(0, 68), body);
  });

  it('StartMediaTransmission: the 84-byte body to 10.102.219.27:60186', () => {
    const body = Buffer.concat([
      le32(CALL_REF),
      le32(PASS_THRU),
      hex('0a66db1b'),
      le32(60186),
      le32(20),
      le32(4),
      le32(184),
      le32(0),
      hex('0000 0000'), // maxFramesPerPacket u16, padding u16
      le32(0), // g723BitRate
      le32(CALL_REF),
      Buffer.alloc(40),
    ]);
    assert.equal(body.length, 84);
    assert.deepEqual(decodeBody(0x008a, body, 0), cucmStartMedia);
    assert.deepEqual(encodeMessage(cucmStartMedia, 0, { truncateTo: 84 }).subarray(12), body);
  });

  it('OpenReceiveChannelAck from the phone: 20-byte body without callReference', () => {
    const body = Buffer.concat([le32(0), hex('0a660ad1'), le32(16384), le32(PASS_THRU)]);
    assert.deepEqual(decodeBody(0x0022, body, 0), {
      type: 'OpenReceiveChannelAck',
      mediaReceptionStatus: 0,
      ipAddr: '10.102.10.209',
      portNumber: 16384,
      passThroughPartyId: PASS_THRU,
      callReference: 0,
    });
  });

  it('StopTone with an 8-byte body, and the tone word from header version 11', () => {
    const stop: SccpMessage = { type: 'StopTone', lineInstance: 1, callReference: CALL_REF, tone: 0 };
    assert.deepEqual(encodeBody(stop, 0), Buffer.concat([le32(1), le32(CALL_REF)]));
    assert.deepEqual(decodeBody(0x0083, Buffer.concat([le32(1), le32(CALL_REF)]), 0x11), stop);
    const v11 = { ...stop, tone: DeviceTone.InsideDialTone };
    assert.deepEqual(encodeBody(v11, 11), Buffer.concat([le32(1), le32(CALL_REF), le32(33)]));
    assert.deepEqual(decodeBody(0x0083, encodeBody(v11, 11), 11), v11);
    // Below 11 the tone is not on the wire at all.
    assert.equal(encodeBody(v11, 0).length, 8);
  });

  it('CloseReceiveChannel with an 8-byte body', () => {
    assert.deepEqual(decodeBody(0x0106, Buffer.concat([le32(CALL_REF), le32(PASS_THRU)]), 0), {
      type: 'CloseReceiveChannel',
      conferenceId: CALL_REF,
      passThroughPartyId: PASS_THRU,
      callReference: 0,
      portHandlingFlag: 0,
    });
  });

  it('DisplayPromptStatus keeps the 0x80 label bytes ("Your current options" = \\x80\\x13)', () => {
    const msg: SccpMessage = {
      type: 'DisplayPromptStatus',
      timeOutValue: 0,
      promptStatus: '\x80\x13',
      lineInstance: 0,
      callReference: 0,
    };
    const body = encodeBody(msg, 0);
    assert.equal(body.length, 44);
    assert.deepEqual(body.subarray(4, 8), hex('80130000'));
    assert.deepEqual(decodeBody(0x0112, body, 0), msg);
  });

  it('CallState(OffHook) is 24 bytes', () => {
    const msg: SccpMessage = {
      type: 'CallState',
      callState: DCallState.OffHook,
      lineInstance: 1,
      callReference: 0x0100001a,
      privacy: 0,
      precedenceLevel: 4,
      precedenceDomain: 0,
    };
    assert.deepEqual(
      encodeBody(msg, 0),
      Buffer.concat([le32(1), le32(1), le32(0x0100001a), le32(0), le32(4), le32(0)]),
    );
  });

  it('fixed strings stop at the first NUL and ignore CM 3.x garbage after it', () => {
    const body = Buffer.concat([Buffer.from('PUBLISHER\0\xff\xfegarbage', 'latin1'), Buffer.alloc(4)]);
    const text = Buffer.alloc(32);
    body.copy(text);
    assert.equal((decodeBody(0x009d, text, 0) as MessageOf<'RegisterReject'>).text, 'PUBLISHER');
  });
});

describe('version-dependent layouts (reference §2)', () => {
  const sizes = (msg: SccpMessage, versions: number[]) => versions.map((v) => encodeBody(msg, v).length);

  it('OpenReceiveChannel grows at 11, 16, 17 and 21', () => {
    assert.deepEqual(
      sizes(cucmOpenReceiveChannel, [0, 10, 11, 15, 16, 17, 21, 22]),
      [92, 92, 108, 108, 112, 132, 168, 168],
    );
  });

  it('StartMediaTransmission grows at 15, 17 and 21', () => {
    assert.deepEqual(sizes(cucmStartMedia, [0, 11, 15, 16, 17, 21]), [112, 112, 116, 116, 132, 168]);
  });

  it('the codec union replaces g723BitRate from 11', () => {
    const m = {
      ...cucmOpenReceiveChannel,
      g723BitRate: 7,
      codecMode: 1,
      dynamicPayload: 2,
      codecParam1: 3,
      codecParam2: 4,
    };
    assert.deepEqual(encodeBody(m, 0).subarray(20, 24), le32(7));
    assert.deepEqual(encodeBody(m, 11).subarray(20, 24), hex('01020304'));
  });

  it('ipv4or6 fields carry a type word from 17 and may be IPv6', () => {
    const v4 = encodeBody({ ...cucmStartMedia, remoteIpAddr: '10.102.219.27' }, 17);
    assert.deepEqual(v4.subarray(8, 28), Buffer.concat([le32(0), hex('0a66db1b'), Buffer.alloc(12)]));
    const v6 = encodeBody({ ...cucmStartMedia, remoteIpAddr: '2001:db8::1' }, 17);
    assert.deepEqual(v6.subarray(8, 28), Buffer.concat([le32(1), hex('20010db8000000000000000000000001')]));
    assert.equal(
      (decodeBody(0x008a, v6, 17) as MessageOf<'StartMediaTransmission'>).remoteIpAddr,
      '2001:db8::1',
    );
  });

  it('DialedNumber has a 24-byte number up to 17 and 25 bytes from 18', () => {
    const m: SccpMessage = { type: 'DialedNumber', dialedNumber: '1003', lineInstance: 1, callReference: 2 };
    assert.deepEqual(sizes(m, [0, 17, 18, 22]), [32, 32, 33, 33]);
    assert.deepEqual(encodeBody(m, 18).subarray(25), Buffer.concat([le32(1), le32(2)]));
  });

  it('CallInfoV2 packs NUL-terminated strings and adds hunt pilot strings from 17', () => {
    const m: MessageOf<'CallInfoV2'> = {
      type: 'CallInfoV2',
      lineInstance: 1,
      callReference: 2,
      callType: 1,
      originalCdpnRedirectReason: 0,
      lastRedirectingReason: 0,
      callInstance: 1,
      callSecurityStatus: 0,
      partyPIRestrictionBits: 0,
      callingParty: '1003',
      alternateCallingParty: '',
      calledParty: '1001',
      originalCalledParty: '',
      lastRedirectingParty: '',
      cgpnVoiceMailbox: '',
      cdpnVoiceMailbox: '',
      originalCdpnVoiceMailbox: '',
      lastRedirectingVoiceMailbox: '',
      callingPartyName: 'Alice',
      calledPartyName: 'Bob',
      originalCalledPartyName: '',
      lastRedirectingPartyName: '',
      huntPilotNumber: '5000',
      huntPilotName: 'Sales',
    };
    const strings16 = Buffer.from('1003\0\x001001\0\0\0\0\0\0\0Alice\0Bob\0\0\0', 'latin1');
    assert.deepEqual(encodeBody(m, 16).subarray(32), strings16);
    assert.deepEqual(
      encodeBody(m, 17).subarray(32),
      Buffer.concat([strings16, Buffer.from('5000\0Sales\0')]),
    );
    assert.deepEqual(decodeBody(0x014a, encodeBody(m, 17), 17), m);
    assert.deepEqual(decodeBody(0x014a, encodeBody(m, 16), 16), {
      ...m,
      huntPilotNumber: '',
      huntPilotName: '',
    });
  });

  it('ServerRes uses 5 x IPv4 below 17 and 5 x ipv4or6 from 17', () => {
    const m: SccpMessage = {
      type: 'ServerRes',
      servers: [{ serverName: 'PUB', serverTcpListenPort: 2000, serverIpAddr: '10.0.0.1' }],
    };
    assert.equal(encodeBody(m, 0).length, 280);
    assert.equal(encodeBody(m, 17).length, 360);
    assert.deepEqual(decodeBody(0x009e, encodeBody(m, 17), 17), m);
    assert.deepEqual(decodeBody(0x009e, encodeBody(m, 0), 0), m);
  });

  it('RegisterReq: a 36-byte body (old phone) decodes with the optional tail defaulted', () => {
    const body = Buffer.concat([
      Buffer.from('SEP001122334455\0', 'latin1'),
      le32(0),
      le32(1),
      hex('0a660ad1'),
      le32(7),
      le32(0),
    ]);
    const m = decodeBody(0x0001, body, 0) as MessageOf<'RegisterReq'>;
    assert.equal(m.deviceName, 'SEP001122334455');
    assert.equal(m.stationIpAddr, '10.102.10.209');
    assert.equal(m.deviceType, 7);
    assert.equal(m.protocolVer, 0);
    assert.equal(m.stationIpV6Addr, '::');
    assert.equal(encodeBody(m, 0).length, 172);
  });

  it('RegisterAck: dateTemplate fills char[6]; feature bytes 0b 20 f1 ff', () => {
    const body = encodeBody(
      {
        type: 'RegisterAck',
        keepAliveInterval: 60,
        dateTemplate: 'MMDDYY',
        secondaryKeepAliveInterval: 60,
        maxProtocolVer: 11,
        unknown: 0x20,
        phoneFeatures: 0xfff1,
      },
      0,
    );
    assert.deepEqual(
      body,
      Buffer.concat([le32(60), Buffer.from('MMDDYY'), hex('0000'), le32(60), hex('0b20f1ff')]),
    );
  });
});

describe('templates', () => {
  it('ButtonTemplateRes pads 42 slots with (0, 0xFF) and decodes buttonCount entries', () => {
    const m: SccpMessage = {
      type: 'ButtonTemplateRes',
      buttonOffset: 0,
      totalButtonCount: 2,
      definitions: [
        { instanceNumber: 1, buttonDefinition: ButtonType.Line },
        { instanceNumber: 1, buttonDefinition: ButtonType.SpeedDial },
      ],
    };
    const body = encodeBody(m, 0);
    assert.equal(body.length, 96);
    assert.deepEqual(
      body.subarray(0, 20),
      Buffer.concat([le32(0), le32(2), le32(2), hex('0109 0102 00ff 00ff')]),
    );
    assert.deepEqual(decodeBody(0x0097, body, 0), m);
  });

  it('SoftKeyTemplateRes and SoftKeySetRes have fixed 652- and 780-byte bodies', () => {
    const keys: SccpMessage = {
      type: 'SoftKeyTemplateRes',
      softKeyOffset: 0,
      totalSoftKeyCount: 2,
      definitions: [
        { softKeyLabel: '\x80\x01', softKeyEvent: 1 },
        { softKeyLabel: 'NewCall', softKeyEvent: 2 },
      ],
    };
    assert.equal(encodeBody(keys, 0).length, 652);
    assert.deepEqual(decodeBody(0x0108, encodeBody(keys, 0), 0), keys);
    const sets: SccpMessage = {
      type: 'SoftKeySetRes',
      softKeySetOffset: 0,
      totalSoftKeySetCount: 1,
      definitions: [{ softKeyTemplateIndex: [1, 2, 5], softKeyInfoIndex: [301, 302, 305] }],
    };
    const body = encodeBody(sets, 0);
    assert.equal(body.length, 780);
    assert.deepEqual(body.subarray(12, 15), hex('010205'));
    assert.deepEqual(body.subarray(28, 34), hex('2d01 2e01 3101'));
    assert.deepEqual(decodeBody(0x0109, body, 0), sets);
  });
});

describe('bad input gives typed errors', () => {
  it('a body shorter than the mandatory part is truncated', () => {
    const err = decodeError(() => decodeBody(0x0086, Buffer.alloc(8), 0));
    assert.equal(err.code, 'truncated');
    assert.equal(err.messageId, 0x0086);
    assert.equal(err.bytes.length, 8);
    assert.match(err.message, /SetLamp \(0x0086\) body is 8 bytes, needs at least 12/);
  });

  it('an unknown message id', () => {
    const err = decodeError(() => decodeBody(0x7777, Buffer.alloc(4), 0));
    assert.equal(err.code, 'unknown-message');
    assert.equal(err.messageId, 0x7777);
  });

  it('a header version outside the accepted set', () => {
    assert.equal(decodeError(() => decodeBody(0x0000, Buffer.alloc(0), 9)).code, 'bad-header-version');
  });

  it('counts beyond the slots, key lengths beyond 16 and unknown address types are bad fields', () => {
    assert.equal(decodeError(() => decodeBody(0x0010, le32(19), 0)).code, 'bad-field');
    assert.equal(
      decodeError(() => decodeBody(0x0097, Buffer.concat([le32(0), le32(43), le32(43)]), 0)).code,
      'bad-field',
    );
    const badKey = Buffer.from(encodeBody(cucmOpenReceiveChannel, 0));
    badKey.writeUInt16LE(17, 32);
    const keyErr = decodeError(() => decodeBody(0x0105, badKey, 0));
    assert.equal(keyErr.code, 'bad-field');
    assert.equal(keyErr.offset, 32);
    const badType = Buffer.concat([le32(0), le32(5), Buffer.alloc(16), le32(0), le32(0)]);
    assert.equal(decodeError(() => decodeBody(0x0022, badType, 17)).code, 'bad-field');
  });

  it('a template count that runs past the body is truncated', () => {
    assert.equal(
      decodeError(() => decodeBody(0x0097, Buffer.concat([le32(0), le32(3), le32(3), hex('0109')]), 0)).code,
      'truncated',
    );
    assert.equal(
      decodeError(() => decodeBody(0x0010, Buffer.concat([le32(1), le32(4)]), 0)).code,
      'truncated',
    );
  });

  it('encode rejects out-of-range values with SccpEncodeError', () => {
    const bad: Array<[SccpMessage, number]> = [
      [{ type: 'SetSpeakerMode', speakerMode: 2 ** 32 }, 0],
      [{ type: 'SetSpeakerMode', speakerMode: -1 }, 0],
      [{ type: 'SetSpeakerMode', speakerMode: 1.5 }, 0],
      [{ ...cucmStartMedia, remoteIpAddr: '2001:db8::1' }, 16],
      [{ ...cucmStartMedia, remoteIpAddr: 'not-an-ip' }, 17],
      [{ ...cucmStartMedia, mTxMediaEncryptionKeyInfo: { ...emptyKey, key: 'zz' } }, 0],
      [
        {
          type: 'ButtonTemplateRes',
          buttonOffset: 0,
          totalButtonCount: 43,
          definitions: Array.from({ length: 43 }, () => ({ instanceNumber: 1, buttonDefinition: 9 })),
        },
        0,
      ],
      [{ type: 'KeepAliveAck' }, 9],
      [{ type: 'Nope' } as unknown as SccpMessage, 0],
    ];
    for (const [msg, v] of bad)
      assert.throws(() => encodeMessage(msg, v), SccpEncodeError, JSON.stringify(msg).slice(0, 60));
    assert.throws(() => encodeMessage(cucmOpenReceiveChannel, 0, { truncateTo: 20 }), SccpEncodeError);
  });

  it('long strings are truncated to the field size', () => {
    const body = encodeBody({ type: 'RegisterReject', text: 'x'.repeat(40) }, 0);
    assert.equal(body.length, 32);
    assert.equal(
      (decodeBody(MessageId.RegisterReject, body, 0) as MessageOf<'RegisterReject'>).text,
      'x'.repeat(32),
    );
  });
});
