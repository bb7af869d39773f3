/**
 * SCCP body field rules at their edges (Wireshark packet-skinny (framing), skinny-messages.txt):
 * little-endian integers and their ranges, NUL-padded and NUL-terminated strings, hex key
 * blocks, ipv4or6 addresses, short bodies with defaulted tails, and the refusals with their
 * diagnostics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maximumBodySize } from './body-sizes.ts';
import {
  decodeBody,
  encodeBody,
  encodeMessage,
  MessageId,
  SccpDecodeError,
  SccpEncodeError,
} from './codec.ts';
import { messageWith } from './message-defaults.ts';
import type { MessageOf, SccpMessage } from './messages.ts';

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

function encodeError(fn: () => unknown): SccpEncodeError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SccpEncodeError, `expected SccpEncodeError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an encode error');
}

const registerAck = (fields: Partial<MessageOf<'RegisterAck'>>): SccpMessage =>
  messageWith('RegisterAck', { keepAliveInterval: 30, dateTemplate: 'M/D/Y', ...fields });

describe('integer fields: little-endian, range-checked on encode (reference §1)', () => {
  it('u8 and u16 fields take 255 and 65535 and refuse one more, naming the field', () => {
    const body = encodeBody(registerAck({ maxProtocolVer: 255, unknown: 0, phoneFeatures: 0xffff }), 0);
    assert.deepEqual(body.subarray(16), Buffer.from('ff00ffff', 'hex'));
    const u8 = encodeError(() => encodeBody(registerAck({ maxProtocolVer: 256 }), 0));
    assert.equal(u8.message, 'SCCP encode RegisterAck.maxProtocolVer: 256 is not an integer in 0..255');
    assert.equal(u8.field, 'maxProtocolVer');
    const u16 = encodeError(() => encodeBody(registerAck({ phoneFeatures: 0x10000 }), 0));
    assert.equal(u16.message, 'SCCP encode RegisterAck.phoneFeatures: 65536 is not an integer in 0..65535');
  });

  it('u32 takes 0xFFFFFFFF (SelectSoftKeys validKeyMask); a numeric string is not a number', () => {
    const keys = messageWith('SelectSoftKeys', { validKeyMask: 0xffffffff });
    assert.deepEqual(encodeBody(keys, 0).subarray(12), Buffer.from('ffffffff', 'hex'));
    const text = encodeError(() =>
      encodeBody({ type: 'SetSpeakerMode', speakerMode: '1' as unknown as number }, 0),
    );
    assert.equal(
      text.message,
      'SCCP encode SetSpeakerMode.speakerMode: 1 is not an integer in 0..4294967295',
    );
  });

  it('i32 audioLevelAdjustment (OpenReceiveChannel, version 17) is signed: -2^31..2^31-1', () => {
    const orc = (audioLevelAdjustment: number) =>
      messageWith('OpenReceiveChannel', { audioLevelAdjustment }, 17) as SccpMessage;
    for (const level of [-0x80000000, -6, 0x7fffffff]) {
      const body = encodeBody(orc(level), 17);
      const decoded = decodeBody(MessageId.OpenReceiveChannel, body, 17) as MessageOf<'OpenReceiveChannel'>;
      assert.equal(decoded.audioLevelAdjustment, level);
    }
    assert.deepEqual(encodeBody(orc(-6), 17).subarray(128, 132), Buffer.from('faffffff', 'hex'));
    for (const bad of [0x80000000, -0x80000001]) {
      const err = encodeError(() => encodeBody(orc(bad), 17));
      assert.equal(err.field, 'audioLevelAdjustment');
      assert.match(err.message, /is not an integer in -2147483648\.\.2147483647$/);
    }
  });

  it('a missing field is refused by name', () => {
    const err = encodeError(() =>
      encodeBody({ type: 'SetLamp', stimulus: 9, stimulusInstance: 1 } as unknown as SccpMessage, 0),
    );
    assert.equal(err.message, 'SCCP encode SetLamp.lampMode: missing');
  });
});

describe('whole-message refusals', () => {
  it('no message object, or an unknown type, is refused before anything is written', () => {
    const none = encodeError(() => encodeBody(null as unknown as SccpMessage));
    assert.equal(none.message, 'SCCP encode undefined: unknown message type');
    const unknown = encodeError(() => encodeMessage({ type: 'Nope' } as unknown as SccpMessage));
    assert.equal(unknown.message, 'SCCP encode Nope: unknown message type');
  });

  it('a header version outside the accepted set is refused on encode', () => {
    const err = encodeError(() => encodeBody({ type: 'KeepAliveAck' }, 0x0c));
    assert.equal(err.message, 'SCCP encode KeepAliveAck: header version 12 is not supported');
  });

  it('truncateTo may cut anywhere from the mandatory part to the full body (CUCM 4.1, reference §6)', () => {
    const orc = messageWith('OpenReceiveChannel');
    assert.equal(encodeBody(orc, 0, { truncateTo: 24 }).length, 24);
    assert.equal(encodeBody(orc, 0, { truncateTo: 92 }).length, 92);
    for (const cut of [23, 93, 68.5]) {
      const err = encodeError(() => encodeBody(orc, 0, { truncateTo: cut }));
      assert.equal(err.message, `SCCP encode OpenReceiveChannel: truncateTo ${cut} is outside 24..92`);
    }
  });

  it('decode errors name the message, the sizes and the offset', () => {
    const short = decodeError(() => decodeBody(MessageId.OpenReceiveChannel, Buffer.alloc(23), 0));
    assert.equal(
      short.message,
      'SCCP truncated: OpenReceiveChannel (0x0105) body is 23 bytes, needs at least 24 (offset 23)',
    );
    assert.equal(short.offset, 23);
    const unknown = decodeError(() => decodeBody(0x7777, Buffer.alloc(4), 0));
    assert.equal(
      unknown.message,
      'SCCP unknown-message: no layout for message id Unknown (0x7777) (offset 0)',
    );
    assert.equal(unknown.bytes.length, 4);
    const version = decodeError(() => decodeBody(MessageId.KeepAliveReq, Buffer.alloc(2), 0x17));
    assert.equal(version.message, 'SCCP bad-header-version: header version 23 is not accepted (offset 0)');
    assert.equal(version.messageId, MessageId.KeepAliveReq);
    assert.equal(version.bytes.length, 2);
  });

  it('a field that runs past the body is truncated at the field, with the field size', () => {
    const err = decodeError(() =>
      decodeBody(
        MessageId.ButtonTemplateRes,
        Buffer.concat([le32(0), le32(2), le32(2), Buffer.from([1])]),
        0,
      ),
    );
    assert.equal(err.message, 'SCCP truncated: body of 13 bytes ends inside a 1-byte field (offset 13)');
    assert.equal(err.messageId, MessageId.ButtonTemplateRes);
  });
});

describe('short bodies: tail fields default (reference §1)', () => {
  it('once a tail field does not fit, every later field defaults even if it would fit', () => {
    // RegisterReq: 36 mandatory bytes, then activeStreams u32, protocolVer u8 ...
    const body = Buffer.concat([
      Buffer.from('SEP001122334455\0', 'latin1'),
      le32(0),
      le32(1),
      Buffer.from('0a660ad1', 'hex'),
      le32(7),
      le32(0),
      Buffer.from([0x05, 0x05]),
    ]);
    const m = decodeBody(MessageId.RegisterReq, body, 0) as MessageOf<'RegisterReq'>;
    assert.equal(m.activeStreams, 0);
    assert.equal(m.protocolVer, 0);
    assert.equal(m.phoneFeatures, 0);
  });

  it('a tail field that fits exactly is read (KeypadButton of 8 bytes: button and line)', () => {
    const m = decodeBody(MessageId.KeypadButton, Buffer.concat([le32(5), le32(2)]), 0);
    assert.deepEqual(m, { type: 'KeypadButton', kpButton: 5, lineInstance: 2, callReference: 0 });
  });
});

describe('strings (reference §1)', () => {
  it('a fixed string stops at an embedded NUL on encode; a leading NUL decodes as empty', () => {
    const body = encodeBody({ type: 'RegisterReject', text: 'AB\0CD' }, 0);
    assert.deepEqual(body, Buffer.concat([Buffer.from('AB'), Buffer.alloc(30)]));
    const garbage = Buffer.concat([Buffer.from([0]), Buffer.from('leftover'), Buffer.alloc(23)]);
    assert.equal((decodeBody(MessageId.RegisterReject, garbage, 0) as MessageOf<'RegisterReject'>).text, '');
  });

  it('a string field refuses a non-string', () => {
    const err = encodeError(() => encodeBody({ type: 'RegisterReject', text: 5 as unknown as string }, 0));
    assert.equal(err.message, 'SCCP encode RegisterReject.text: 5 is not a string');
  });

  it('a NUL-terminated string is cut to max - 1 bytes plus its NUL (DisplayPromptStatusV2 text: 97)', () => {
    const m = messageWith('DisplayPromptStatusV2', { promptStatus: 'x'.repeat(120) });
    const body = encodeBody(m, 0);
    assert.equal(body.length, 12 + 97);
    assert.equal(body[body.length - 1], 0);
    const back = decodeBody(MessageId.DisplayPromptStatusV2, body, 0) as MessageOf<'DisplayPromptStatusV2'>;
    assert.equal(back.promptStatus, 'x'.repeat(96));
  });

  it('the last NUL-terminated string may end with the body, without its NUL', () => {
    const body = Buffer.concat([le32(10), le32(0), le32(0), Buffer.from('Call 1003')]);
    const m = decodeBody(MessageId.DisplayPromptStatusV2, body, 0) as MessageOf<'DisplayPromptStatusV2'>;
    assert.equal(m.promptStatus, 'Call 1003');
    const lines = Buffer.concat([le32(1), le32(0), Buffer.from('1003\0Alice\0Line')]);
    assert.deepEqual(decodeBody(MessageId.LineStatV2Res, lines, 17), {
      type: 'LineStatV2Res',
      lineNumber: 1,
      lineType: 0,
      lineDirNumber: '1003',
      lineFullyQualifiedDisplayName: 'Alice',
      lineTextLabel: 'Line',
    });
  });
});

describe('media encryption key info (skinny-messages.txt MediaEncryptionKeyInfo)', () => {
  const key = '00112233445566778899aabbccddeeff';
  const orcWithKey = (info: Partial<MessageOf<'OpenReceiveChannel'>['mRxMediaEncryptionKeyInfo']>) =>
    messageWith('OpenReceiveChannel', {
      mRxMediaEncryptionKeyInfo: {
        algorithmID: 1,
        key: '',
        salt: '',
        isMKIPresent: 0,
        keyDerivationRate: 0,
        ...info,
      },
    });

  it('CUCM 4.1 sends 40 of its 48 bytes: key and salt are still read (reference §6)', () => {
    const m = orcWithKey({ key, salt: 'a1b2', isMKIPresent: 1, keyDerivationRate: 2 });
    const body = encodeBody(m, 0, { truncateTo: 68 });
    const info = (decodeBody(MessageId.OpenReceiveChannel, body, 0) as MessageOf<'OpenReceiveChannel'>)
      .mRxMediaEncryptionKeyInfo;
    assert.deepEqual(info, { algorithmID: 1, key, salt: 'a1b2', isMKIPresent: 0, keyDerivationRate: 0 });
    const cut72 = encodeBody(m, 0, { truncateTo: 72 });
    const info72 = (decodeBody(MessageId.OpenReceiveChannel, cut72, 0) as MessageOf<'OpenReceiveChannel'>)
      .mRxMediaEncryptionKeyInfo;
    assert.deepEqual([info72.isMKIPresent, info72.keyDerivationRate], [1, 0]);
    const full = decodeBody(
      MessageId.OpenReceiveChannel,
      encodeBody(m, 0),
      0,
    ) as MessageOf<'OpenReceiveChannel'>;
    assert.equal(full.mRxMediaEncryptionKeyInfo.keyDerivationRate, 2);
  });

  it('a body cut inside the key and salt areas ends the message there: later fields default', () => {
    const m = { ...orcWithKey({ key, salt: key }), streamPassThroughId: 9 };
    const cut = encodeBody(m, 0, { truncateTo: 42 });
    const decoded = decodeBody(MessageId.OpenReceiveChannel, cut, 0) as MessageOf<'OpenReceiveChannel'>;
    assert.deepEqual(decoded.mRxMediaEncryptionKeyInfo, {
      algorithmID: 1,
      key: '',
      salt: '',
      isMKIPresent: 0,
      keyDerivationRate: 0,
    });
    assert.equal(decoded.streamPassThroughId, 0);
  });

  it('keylen and saltlen count the bytes of key and salt; the 16-byte areas are zero-padded', () => {
    const body = encodeBody(orcWithKey({ key: 'abcd', salt: '01' }), 0);
    assert.deepEqual(body.subarray(28, 36), Buffer.from('01000000 0200 0100'.replace(/ /g, ''), 'hex'));
    assert.deepEqual(body.subarray(36, 52), Buffer.concat([Buffer.from('abcd', 'hex'), Buffer.alloc(14)]));
    assert.deepEqual(body.subarray(52, 68), Buffer.concat([Buffer.from('01', 'hex'), Buffer.alloc(15)]));
  });

  it('a saltlen over 16 is a bad field at the length words', () => {
    const body = Buffer.from(encodeBody(orcWithKey({}), 0));
    body.writeUInt16LE(17, 34);
    const err = decodeError(() => decodeBody(MessageId.OpenReceiveChannel, body, 0));
    assert.equal(err.code, 'bad-field');
    assert.equal(err.offset, 32);
    assert.match(err.message, /keylen 0 \/ saltlen 17 exceed 16/);
  });

  it('key text must be even-length hex of at most 16 bytes', () => {
    for (const bad of ['abc', 'zz', 'ab'.repeat(17)]) {
      const err = encodeError(() => encodeBody(orcWithKey({ key: bad }), 0));
      assert.equal(err.field, 'mRxMediaEncryptionKeyInfo.key');
      assert.match(err.message, /expected hex of at most 16 bytes/);
    }
    const missing = encodeError(() =>
      encodeBody(
        messageWith('OpenReceiveChannel', {
          mRxMediaEncryptionKeyInfo:
            null as unknown as MessageOf<'OpenReceiveChannel'>['mRxMediaEncryptionKeyInfo'],
        }),
        0,
      ),
    );
    assert.equal(
      missing.message,
      'SCCP encode OpenReceiveChannel.mRxMediaEncryptionKeyInfo: missing key info',
    );
  });

  it('latentCapsInfo (version 21) must be a struct', () => {
    const m = messageWith('OpenReceiveChannel', {}, 21);
    const err = encodeError(() =>
      encodeBody(
        { ...m, latentCapsInfo: 0 as unknown as MessageOf<'OpenReceiveChannel'>['latentCapsInfo'] },
        21,
      ),
    );
    assert.equal(err.message, 'SCCP encode OpenReceiveChannel.latentCapsInfo: missing struct');
  });
});

describe('addresses (reference §1-§2)', () => {
  it('IPv4 and IPv6 fields refuse text that is not an address of their family', () => {
    const v4 = encodeError(() => encodeBody(messageWith('RegisterReq', { stationIpAddr: '::1' }), 0));
    assert.equal(v4.message, 'SCCP encode RegisterReq.stationIpAddr: ::1 is not an IPv4 address');
    const v6 = encodeError(() => encodeBody(messageWith('RegisterReq', { stationIpV6Addr: '10.0.0.1' }), 0));
    assert.equal(v6.message, 'SCCP encode RegisterReq.stationIpV6Addr: 10.0.0.1 is not an IPv6 address');
    const v6ok = encodeBody(messageWith('RegisterReq', { stationIpV6Addr: 'fe80::1' }), 0);
    assert.deepEqual(v6ok.subarray(72, 88), Buffer.from('fe800000000000000000000000000001', 'hex'));
  });

  it('ipv4or6 below 17 is 4 bytes; an IPv6 address there is refused with the version', () => {
    const ack = messageWith('StartMediaTransmissionAck', { transmitIpAddr: '10.0.0.9' });
    assert.deepEqual(encodeBody(ack, 16).subarray(12, 16), Buffer.from('0a000009', 'hex'));
    const err = encodeError(() => encodeBody({ ...ack, transmitIpAddr: '2001:db8::9' }, 16));
    assert.equal(
      err.message,
      'SCCP encode StartMediaTransmissionAck.transmitIpAddr: 2001:db8::9 is not an address this header version (16) can carry',
    );
  });

  it('ipv4or6 address type 2 (both) is not decoded: a bad field at the type word', () => {
    const body = Buffer.concat([le32(0), le32(2), Buffer.alloc(16), le32(0), le32(0)]);
    const err = decodeError(() => decodeBody(MessageId.OpenReceiveChannelAck, body, 17));
    assert.equal(err.offset, 4);
    assert.match(err.message, /ipv4or6 address type 2 is neither 0 \(v4\) nor 1 \(v6\)/);
  });
});

describe('templates and lists at their slot counts (reference §3)', () => {
  it('ButtonTemplateRes decodes all 42 slots; 43 is a bad field', () => {
    const full = Buffer.concat([le32(0), le32(42), le32(42), Buffer.alloc(84, 1)]);
    const m = decodeBody(MessageId.ButtonTemplateRes, full, 0) as MessageOf<'ButtonTemplateRes'>;
    assert.equal(m.definitions.length, 42);
    const err = decodeError(() =>
      decodeBody(MessageId.ButtonTemplateRes, Buffer.concat([le32(0), le32(43), le32(43)]), 0),
    );
    assert.equal(err.offset, 4);
    assert.match(err.message, /buttonCount 43 exceeds the 42 slots/);
  });

  it('SoftKeyTemplateRes holds 32 keys, SoftKeySetRes 16 sets; one more is a bad field', () => {
    const keys = Buffer.concat([le32(0), le32(32), le32(32), Buffer.alloc(640)]);
    const k = decodeBody(MessageId.SoftKeyTemplateRes, keys, 0) as MessageOf<'SoftKeyTemplateRes'>;
    assert.equal(k.definitions.length, 32);
    keys.writeUInt32LE(33, 4);
    assert.match(
      decodeError(() => decodeBody(MessageId.SoftKeyTemplateRes, keys, 0)).message,
      /softKeyCount 33/,
    );
    const sets = Buffer.concat([le32(0), le32(16), le32(16), Buffer.alloc(768)]);
    const s = decodeBody(MessageId.SoftKeySetRes, sets, 0) as MessageOf<'SoftKeySetRes'>;
    assert.equal(s.definitions.length, 16);
    sets.writeUInt32LE(17, 4);
    assert.match(
      decodeError(() => decodeBody(MessageId.SoftKeySetRes, sets, 0)).message,
      /softKeySetCount 17/,
    );
  });

  it('a soft key set drops only trailing (0, 0) slots: a key with info but template 0 is kept', () => {
    const msg: SccpMessage = {
      type: 'SoftKeySetRes',
      softKeySetOffset: 0,
      totalSoftKeySetCount: 1,
      definitions: [{ softKeyTemplateIndex: [1, 0, 0], softKeyInfoIndex: [301, 0, 7] }],
    };
    assert.deepEqual(decodeBody(MessageId.SoftKeySetRes, encodeBody(msg, 0), 0), msg);
  });

  it('template lists longer than their slots are refused on encode', () => {
    const sets = encodeError(() =>
      encodeBody(
        {
          type: 'SoftKeySetRes',
          softKeySetOffset: 0,
          totalSoftKeySetCount: 1,
          definitions: [{ softKeyTemplateIndex: new Array(17).fill(1), softKeyInfoIndex: [] }],
        },
        0,
      ),
    );
    assert.equal(
      sets.message,
      'SCCP encode SoftKeySetRes.definitions[0].softKeyTemplateIndex: expected an array of at most 16',
    );
    const keys = encodeError(() =>
      encodeBody(
        {
          type: 'SoftKeyTemplateRes',
          softKeyOffset: 0,
          totalSoftKeyCount: 33,
          definitions: new Array(33).fill({ softKeyLabel: 'x', softKeyEvent: 1 }),
        },
        0,
      ),
    );
    assert.equal(keys.message, 'SCCP encode SoftKeyTemplateRes.definitions: expected an array of at most 32');
  });

  it('CapabilitiesRes carries up to 18 caps (capCount entries only); 19 is refused', () => {
    const cap = { payloadCapability: 4, maxFramesPerPacket: 40, payloadParams: '0000000000000000' };
    const msg: SccpMessage = { type: 'CapabilitiesRes', caps: new Array(18).fill(cap) };
    const body = encodeBody(msg, 0);
    assert.equal(body.length, 4 + 18 * 16);
    assert.deepEqual(decodeBody(MessageId.CapabilitiesRes, body, 0), msg);
    const err = encodeError(() => encodeBody({ type: 'CapabilitiesRes', caps: new Array(19).fill(cap) }, 0));
    assert.equal(err.message, 'SCCP encode CapabilitiesRes.caps: at most 18 caps');
  });
});

describe('largest bodies by header version (reference §2-§5)', () => {
  it('the list and template messages at their full slot counts', () => {
    assert.deepEqual(
      (['ButtonTemplateRes', 'SoftKeyTemplateRes', 'SoftKeySetRes', 'CapabilitiesRes'] as const).map((t) =>
        maximumBodySize(t, 0),
      ),
      [12 + 42 * 2, 12 + 32 * 20, 12 + 16 * 48, 4 + 18 * 16],
    );
  });

  it('an ipv4or6 address is 4 bytes below header version 17, 20 (type + 16 bytes) from 17 on', () => {
    assert.deepEqual(
      [16, 17, 18].map((v) => maximumBodySize('OpenReceiveChannelAck', v)),
      // status, ipAddr, portNumber, passThroughPartyId, callReference
      [4 + 4 + 4 + 4 + 4, 4 + 20 + 4 + 4 + 4, 4 + 20 + 4 + 4 + 4],
    );
  });

  it('ServerRes: 5 x (48 + 4 + 4) bytes below 17, 5 x (48 + 4 + 20) from 17', () => {
    assert.deepEqual([maximumBodySize('ServerRes', 16), maximumBodySize('ServerRes', 17)], [280, 360]);
    const five = new Array(5).fill({
      serverName: 'CME',
      serverTcpListenPort: 2000,
      serverIpAddr: '10.0.0.1',
    });
    assert.equal(encodeBody({ type: 'ServerRes', servers: five }, 17).length, 360);
  });

  it('OpenReceiveChannel and StartMediaTransmission with latentCapsInfo (36 bytes) from 21', () => {
    assert.deepEqual(
      [20, 21].map((v) => maximumBodySize('OpenReceiveChannel', v)),
      [132, 168],
    );
    assert.equal(maximumBodySize('StartMediaTransmission', 21), 168);
    assert.equal(encodeBody(messageWith('OpenReceiveChannel', {}, 21), 21).length, 168);
  });

  it('CallInfoV2: nine numbers of 25 and four names of 121, plus the hunt pilot pair from 17', () => {
    assert.deepEqual(
      [16, 17].map((v) => maximumBodySize('CallInfoV2', v)),
      [32 + 9 * 25 + 4 * 121, 32 + 10 * 25 + 5 * 121],
    );
  });
});

describe('ServerRes server list (reference §5, skinny-messages.txt size_lt=293 / size_gt=292)', () => {
  const server = (serverName: string, serverIpAddr: string) => ({
    serverName,
    serverTcpListenPort: 2000,
    serverIpAddr,
  });

  it('a length field up to 292 (body 288) is the IPv4 form; from 293 the ipv4or6 form', () => {
    const v4 = encodeBody({ type: 'ServerRes', servers: [server('PUB', '10.0.0.1')] }, 0);
    const padded = Buffer.concat([v4, Buffer.alloc(8)]);
    assert.deepEqual(decodeBody(MessageId.ServerRes, padded, 0), {
      type: 'ServerRes',
      servers: [server('PUB', '10.0.0.1')],
    });
    // 289 bytes: read as 5 x (type word + 16 bytes), which needs 360.
    const empty = encodeBody({ type: 'ServerRes', servers: [] }, 0);
    const over = Buffer.concat([empty, Buffer.alloc(9)]);
    const err = decodeError(() => decodeBody(MessageId.ServerRes, over, 0));
    assert.equal(err.message, 'SCCP truncated: body of 289 bytes ends inside a 16-byte field (offset 284)');
    assert.equal(
      decodeError(() => decodeBody(MessageId.ServerRes, v4.subarray(0, 279), 0)).code,
      'truncated',
    );
  });

  it('only trailing empty slots are dropped; an empty IPv6 slot (::) is empty', () => {
    const list = [server('PUB', '10.0.0.1'), server('', '0.0.0.0'), server('SUB', '2001:db8::2')];
    list[1] = { serverName: '', serverTcpListenPort: 0, serverIpAddr: '0.0.0.0' };
    const msg: SccpMessage = { type: 'ServerRes', servers: list };
    assert.deepEqual(decodeBody(MessageId.ServerRes, encodeBody(msg, 17), 17), msg);
    const body = Buffer.from(encodeBody({ type: 'ServerRes', servers: [server('PUB', '10.0.0.1')] }, 17));
    body.writeUInt32LE(1, 260 + 20);
    const m = decodeBody(MessageId.ServerRes, body, 17) as MessageOf<'ServerRes'>;
    assert.deepEqual(m.servers, [server('PUB', '10.0.0.1')]);
  });

  it('a server address type other than 0 or 1 is a bad field; six servers are refused', () => {
    const body = Buffer.from(encodeBody({ type: 'ServerRes', servers: [] }, 17));
    body.writeUInt32LE(2, 260);
    const err = decodeError(() => decodeBody(MessageId.ServerRes, body, 17));
    assert.equal(err.offset, 260);
    assert.match(err.message, /server address type 2 is neither 0 \(v4\) nor 1 \(v6\)/);
    const six = encodeError(() =>
      encodeBody({ type: 'ServerRes', servers: new Array(6).fill(server('X', '10.0.0.1')) }, 0),
    );
    assert.equal(six.message, 'SCCP encode ServerRes.servers: at most 5 servers');
  });
});

describe('string fields: the text up to its first NUL is written (reference §1)', () => {
  it('a value that starts with NUL is written as the empty string, one with a NUL inside is cut there', () => {
    const empty = encodeBody(registerAck({ dateTemplate: '' }), 0);
    assert.deepEqual(encodeBody(registerAck({ dateTemplate: '\0M/D' }), 0), empty);
    assert.deepEqual(
      encodeBody(registerAck({ dateTemplate: 'M\0/D' }), 0),
      encodeBody(registerAck({ dateTemplate: 'M' }), 0),
    );
    assert.notDeepEqual(encodeBody(registerAck({ dateTemplate: 'M' }), 0), empty);
  });
});
