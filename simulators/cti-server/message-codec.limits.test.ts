/**
 * The exact refusal of each class of malformed GED-188 input and the codec's limits. A refusal names
 * the Status the CTI Server answers with (Cisco "CTI Server Message Reference Guide (Protocol
 * Version 15)", chapter 6, "Failure Indication Message Status Codes"), echoes the request's
 * InvokeID (chapter 3, "Invoke IDs"), points at the offending bytes and is never fatal: only lost
 * framing is (frame-reader.limits.test.ts). Limits: field maxima (chapter 6 "Tag Values";
 * NamedVariable / NamedArray tables of chapter 3), the largest message (protocol-version.ts, 8192).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CtiStatus } from './enums.ts';
import {
  ctiMessage,
  type DecodeResult,
  decodeFrame,
  decodeMessage,
  encodeMessage,
  messageDef,
} from './message-codec.ts';
import { DEFAULT_MAX_MESSAGE_SIZE } from './protocol-version.ts';

const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1').toString('hex');
const u16 = (n: number) => n.toString(16).padStart(4, '0');

interface Expected {
  code: string;
  status: number;
  messageType: number;
  offset: number;
  invokeID?: number;
  tag?: number;
  detail: string;
}

/** The decode failed with exactly this error, not fatal. */
function refused(r: DecodeResult, e: Expected) {
  assert.ok(!r.ok, 'expected a decode error');
  const err = r.error;
  assert.deepEqual(
    {
      name: err.name,
      code: err.code,
      status: err.status,
      messageType: err.messageType,
      offset: err.offset,
      invokeID: err.invokeID,
      tag: err.tag,
      fatal: err.fatal,
      message: err.message,
    },
    {
      name: 'CtiDecodeError',
      code: e.code,
      status: e.status,
      messageType: e.messageType,
      offset: e.offset,
      invokeID: e.invokeID,
      tag: e.tag,
      fatal: false,
      message: `GED-188 ${e.code}: ${e.detail} (message type ${e.messageType}, offset ${e.offset})`,
    },
  );
}

/** SET_CALL_DATA_REQ (26) fixed part, 30 bytes, InvokeID 0x01020304. */
const SCD = '01020304 00000000 0000 00000000 0000 0000 0000 0000 00000000 00000000';
/** Its required ConnectionDeviceID "3001" (tag 25, 5 bytes) in v20 and in v19. */
const CDID20 = `0019 0005 ${ascii('3001')}`;
const CDID19 = `19 05 ${ascii('3001')}`;
/** Offset of the first floating field after SCD + CDID20. */
const AFTER20 = 30 + 9;

describe('GED-188 message types: unknown, not implemented, events without InvokeID', () => {
  it('a type the protocol does not define: E_CTI_INVALID_MESSAGE_TYPE, first UINT taken as InvokeID', () => {
    refused(decodeMessage(251, hex('00000009 ff'), 20), {
      code: 'unknown-message-type',
      status: CtiStatus.E_CTI_INVALID_MESSAGE_TYPE,
      messageType: 251,
      offset: 0,
      invokeID: 9,
      detail: 'message type 251 is not defined',
    });
  });

  it('a defined type the lab does not implement: E_CTI_FUNCTION_NOT_AVAILABLE', () => {
    refused(decodeMessage(93, hex('00000007'), 19), {
      code: 'unsupported-message-type',
      status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE,
      messageType: 93,
      offset: 0,
      invokeID: 7,
      detail: 'message type 93 is not implemented by the lab',
    });
  });

  it('an event does not begin with an InvokeID: none is reported', () => {
    refused(decodeMessage(13, hex('00000009 00001388'), 20), {
      code: 'truncated',
      status: CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
      messageType: 13,
      offset: 8,
      detail: 'CALL_CLEARED_EVENT fixed part needs 20 bytes, has 8',
    });
  });

  it('messageDef: the catalogue entry of a type the lab speaks in a version', () => {
    assert.equal(messageDef(3, 20)?.name, 'OPEN_REQ');
    assert.equal(messageDef(3, 19)?.name, 'OPEN_REQ');
    assert.equal(messageDef(3, 0)?.name, 'OPEN_REQ', 'since 0: in every version');
    assert.equal(messageDef(3, -1), undefined);
    assert.equal(messageDef(251, 20), undefined);
    assert.equal(messageDef(93, 20), undefined);
  });
});

describe('GED-188 OPEN_REQ versions', () => {
  it('an 8-byte OPEN_REQ asking for version 18 is refused for its version, not its length', () => {
    refused(decodeMessage(3, hex('00000005 00000012'), 20), {
      code: 'unsupported-version',
      status: CtiStatus.E_CTI_INVALID_VERSION,
      messageType: 3,
      offset: 4,
      invokeID: 5,
      detail: 'version 18 is not supported',
    });
  });

  it('an OPEN_REQ too short to hold its VersionNumber is refused for its length', () => {
    for (const body of ['00000005', '00000005 000014']) {
      const size = body.replace(/\s/g, '').length / 2;
      refused(decodeMessage(3, hex(body), 20), {
        code: 'truncated',
        status: CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
        messageType: 3,
        offset: size,
        invokeID: 5,
        detail: `OPEN_REQ fixed part needs 44 bytes, has ${size}`,
      });
    }
  });

  it('encoding for a version the lab does not speak is refused', () => {
    assert.throws(() => encodeMessage(ctiMessage('HEARTBEAT_REQ'), 21), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: version 21 is not supported',
    });
  });
});

describe('GED-188 floating part: exact refusals', () => {
  const scd = (floats: string, version = 20) => decodeMessage(26, hex(`${SCD} ${floats}`), version);
  const base = { messageType: 26, invokeID: 0x01020304 };

  it('a floating header cut off (v20 needs 4 bytes, v19 2)', () => {
    const cut = { ...base, code: 'truncated', status: 25, detail: 'floating field header cut off' };
    refused(scd(`${CDID20} 000000`), { ...cut, offset: AFTER20 });
    refused(scd(`${CDID19} 52`, 19), { ...cut, offset: 30 + 7 });
  });

  it('a value running past the end', () => {
    refused(scd('0019 0005 33303031'), {
      ...base,
      code: 'truncated',
      status: 25,
      offset: 30,
      tag: 25,
      detail: 'floating field of 5 bytes runs past the end',
    });
    refused(scd('19 05 33303031', 19), {
      ...base,
      code: 'truncated',
      status: 25,
      offset: 30,
      tag: 25,
      detail: 'floating field of 5 bytes runs past the end',
    });
  });

  it('v20 bytes read as v19 are a different field: tag 0, length 25', () => {
    refused(scd(CDID20, 19), {
      ...base,
      code: 'truncated',
      status: 25,
      offset: 30,
      tag: 0,
      detail: 'floating field of 25 bytes runs past the end',
    });
  });

  it('an undefined tag, and a defined tag the message does not carry (also a v20-only tag)', () => {
    refused(scd(`${CDID20} 0036 0001 00`), {
      ...base,
      code: 'unknown-tag',
      status: CtiStatus.E_CTI_INVALID_FIELD_TAG,
      offset: AFTER20,
      tag: 54,
      detail: 'tag 54 is not defined',
    });
    refused(decodeMessage(5, hex(`00000001 0008 0002 ${ascii('1')}`), 20), {
      code: 'tag-for-message-type',
      status: CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE,
      messageType: 5,
      invokeID: 1,
      offset: 4,
      tag: 8,
      detail: 'HEARTBEAT_REQ does not carry ANI',
    });
    refused(decodeMessage(5, hex('00000001 0101 0002 0001'), 20), {
      code: 'tag-for-message-type',
      status: CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE,
      messageType: 5,
      invokeID: 1,
      offset: 4,
      tag: 257,
      detail: 'HEARTBEAT_REQ does not carry SSOEnabled',
    });
  });

  it('a field that may appear once, twice', () => {
    refused(scd(`${CDID20} ${CDID20}`), {
      ...base,
      code: 'repeated-field',
      status: 25,
      offset: AFTER20,
      tag: 25,
      detail: 'ConnectionDeviceID may appear once',
    });
  });

  it('a required field missing: E_CTI_REQUIRED_DATA_MISSING at the end of the body', () => {
    refused(scd(''), {
      ...base,
      code: 'required-missing',
      status: CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
      offset: 30,
      tag: 25,
      detail: 'SET_CALL_DATA_REQ needs ConnectionDeviceID',
    });
  });

  it('a STRING must hold exactly one NUL, at its end', () => {
    const bad = {
      ...base,
      code: 'bad-value',
      status: 25,
      offset: 34,
      detail: 'ConnectionDeviceID must be 1 NUL-terminated string(s)',
    };
    refused(scd('0019 0005 3330303131'), bad);
    refused(scd('0019 0005 3330003131'), bad);
    refused(scd('0019 0005 3300310000'), bad);
    refused(scd('0019 0005 3330310000'), bad); // a second NUL right after the first
  });

  it('a STRING up to its maximum with the NUL (ConnectionDeviceID 64)', () => {
    const ok = scd(`0019 0040 ${'41'.repeat(63)}00`);
    assert.ok(ok.ok, ok.ok ? '' : ok.error.message);
    assert.equal(ok.message.floating[0]?.value, 'A'.repeat(63));
    refused(scd(`0019 0041 ${'41'.repeat(64)}00`), {
      ...base,
      code: 'field-length',
      status: CtiStatus.E_CTI_INVALID_FIELD_LENGTH,
      offset: 34,
      tag: 25,
      detail: 'ConnectionDeviceID is 65 bytes > 64',
    });
  });

  it('a fixed-type floating field of the wrong size (ApplicationPathID is 4 bytes)', () => {
    const open =
      '00000001 00000014 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000';
    refused(decodeMessage(3, hex(`${open} 0001 0002 6300 0002 0000 0061 0003 010203`), 20), {
      code: 'field-length',
      status: CtiStatus.E_CTI_INVALID_FIELD_LENGTH,
      messageType: 3,
      invokeID: 1,
      offset: 44 + 6 + 4 + 4,
      tag: 97,
      detail: 'ApplicationPathID is 3 bytes, not 4',
    });
  });
});

describe('GED-188 NamedVariable and NamedArray: bounds on decode', () => {
  const scd = (floats: string) => decodeMessage(26, hex(`${SCD} ${CDID20} ${floats}`), 20);
  const named = (tag: number, bytes: string) =>
    `${u16(tag)} ${u16(bytes.replace(/\s/g, '').length / 2)} ${bytes}`;
  const bad = (offset: number, what: string, detail: string) => ({
    code: 'bad-value',
    status: 25,
    messageType: 26,
    invokeID: 0x01020304,
    offset,
    detail: `${what} ${detail}`,
  });

  it('name of 32 characters and value of 210 are the largest', () => {
    const r = scd(named(82, ascii('n'.repeat(32)) + ascii('v'.repeat(210))));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.message.floating[1], {
      name: 'NamedVariable',
      value: { name: 'n'.repeat(32), value: 'v'.repeat(210) },
    });
    const at = AFTER20 + 4;
    refused(
      scd(named(82, ascii('n'.repeat(33)) + ascii(''))),
      bad(at, 'NamedVariable', 'name or value out of bounds'),
    );
    refused(
      scd(named(82, ascii('n') + ascii('v'.repeat(211)))),
      bad(at, 'NamedVariable', 'name or value out of bounds'),
    );
    refused(scd(named(82, ascii('') + ascii('v'))), bad(at, 'NamedVariable', 'name or value out of bounds'));
    refused(scd(named(82, ascii('n'))), bad(at, 'NamedVariable', 'must be 2 NUL-terminated string(s)'));
  });

  it('a NamedArray element: index byte, then name and value; its errors point past the index', () => {
    const r = scd(named(83, `ff ${ascii('n'.repeat(32))}${ascii('v')}`));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.message.floating[1], {
      name: 'NamedArray',
      value: { index: 255, name: 'n'.repeat(32), value: 'v' },
    });
    const at = AFTER20 + 4;
    refused(scd('0053 0000'), bad(at, 'empty', 'NamedArray'));
    refused(scd(named(83, '05')), bad(at + 1, 'NamedArray', 'must be 2 NUL-terminated string(s)'));
    refused(
      scd(named(83, `05 ${ascii('n'.repeat(33))}${ascii('v')}`)),
      bad(at + 1, 'NamedArray', 'name or value out of bounds'),
    );
  });

  it('the tag maxima: NamedVariable 251 bytes, NamedArray 252', () => {
    refused(scd(named(82, '61'.repeat(252))), {
      ...bad(AFTER20, 'NamedVariable', ''),
      code: 'field-length',
      status: CtiStatus.E_CTI_INVALID_FIELD_LENGTH,
      tag: 82,
      offset: AFTER20 + 4,
      detail: 'NamedVariable is 252 bytes > 251',
    });
  });
});

describe('GED-188 whole frames (decodeFrame)', () => {
  it('fewer bytes than MHDR (even fewer than a MessageLength): truncated, message type 0', () => {
    for (const frame of ['0000000000', '000000', '']) {
      refused(decodeFrame(hex(frame), 20), {
        code: 'truncated',
        status: 25,
        messageType: 0,
        offset: 0,
        detail: 'MessageLength does not match the frame',
      });
    }
  });

  it('a MessageLength that disagrees with the bytes: truncated, with the frame type', () => {
    for (const frame of ['00000005 00000005 00000001', '00000003 00000005 00000001']) {
      refused(decodeFrame(hex(frame), 20), {
        code: 'truncated',
        status: 25,
        messageType: 5,
        offset: 0,
        detail: 'MessageLength does not match the frame',
      });
    }
  });

  it('a bare MHDR (length 0) is a whole frame: its body is decoded', () => {
    refused(decodeFrame(hex('00000000 00000005'), 20), {
      code: 'truncated',
      status: 25,
      messageType: 5,
      offset: 0,
      detail: 'HEARTBEAT_REQ fixed part needs 4 bytes, has 0',
    });
    refused(decodeFrame(hex('00000000 000000fb'), 20), {
      code: 'unknown-message-type',
      status: 2,
      messageType: 251,
      offset: 0,
      detail: 'message type 251 is not defined',
    });
    const ok = decodeFrame(hex('00000004 00000005 02030405'), 19);
    assert.ok(ok.ok);
    assert.deepEqual(ok.message, ctiMessage('HEARTBEAT_REQ', { InvokeID: 0x02030405 }));
  });
});

describe('GED-188 largest message', () => {
  it('encodeMessage refuses a message larger than maxSize (MHDR included)', () => {
    const hb = ctiMessage('HEARTBEAT_REQ', { InvokeID: 1 });
    assert.equal(encodeMessage(hb, 20, 12).length, 12);
    assert.throws(() => encodeMessage(hb, 20, 11), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: HEARTBEAT_REQ is 12 bytes > 11',
    });
  });

  it('by default 8192 bytes is the largest: a SET_CALL_DATA_REQ of 8192 encodes, of 8193 does not', () => {
    // 8 (MHDR) + 30 (fixed) + 9 (ConnectionDeviceID) + 32 NamedVariables of 4 + 33 + 211 bytes
    // = 7983; one more of 4 + 2 + (n + 1) bytes reaches 8192 for n = 202.
    const full = { name: 'n'.repeat(32), value: 'v'.repeat(210) };
    const msg = (n: number) =>
      ctiMessage('SET_CALL_DATA_REQ', {}, [
        { name: 'ConnectionDeviceID', value: '3001' },
        ...Array.from({ length: 32 }, () => ({ name: 'NamedVariable', value: full })),
        { name: 'NamedVariable', value: { name: 'a', value: 'v'.repeat(n) } },
      ]);
    assert.equal(DEFAULT_MAX_MESSAGE_SIZE, 8192);
    const largest = encodeMessage(msg(202), 20);
    assert.equal(largest.length, 8192);
    assert.equal(largest.readUInt32BE(0), 8184);
    assert.throws(() => encodeMessage(msg(203), 20), {
      message: 'GED-188 encode: SET_CALL_DATA_REQ is 8193 bytes > 8192',
    });
    const back = decodeFrame(largest, 20);
    assert.ok(back.ok, back.ok ? '' : back.error.message);
    assert.deepEqual(back.message, msg(202));
  });
});

describe('GED-188 building messages', () => {
  it('ctiMessage refuses an unknown message or fixed field', () => {
    assert.throws(() => ctiMessage('NOPE'), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: unknown message NOPE',
    });
    assert.throws(() => ctiMessage('HEARTBEAT_REQ', { Bogus: 1 }), {
      message: 'GED-188 encode: HEARTBEAT_REQ has no fixed field Bogus',
    });
  });

  it('encodeMessage refuses a name and type that disagree, or a name not catalogued', () => {
    assert.throws(() => encodeMessage({ ...ctiMessage('HEARTBEAT_REQ'), type: 6 }, 20), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: unknown message HEARTBEAT_REQ (type 6)',
    });
    assert.throws(() => encodeMessage({ type: 5, name: 'NOPE', fixed: {}, floating: [] }, 20), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: unknown message NOPE (type 5)',
    });
  });
});
