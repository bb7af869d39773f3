/**
 * Each class of bad message decodes to a typed error naming the Status the CTI Server answers it
 * with (Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 6, "Failure
 * Indication Message Status Codes") and, for a request whose InvokeID was readable, that
 * InvokeID, so the FAILURE_CONF can echo it (guide chapter 3: every CONF echoes its InvokeID).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ctiMessageArbitrary } from '../testing/cti-wire-arbitraries.ts';
import { CtiStatus } from './enums.ts';
import { MESSAGES } from './message-catalogue.ts';
import {
  ctiMessage,
  decodeMessage,
  encodeMessage,
  floatingString,
  floatingValue,
  floatingValues,
} from './message-codec.ts';
import { CtiDecodeError, CtiEncodeError, DECODE_ERROR_STATUS } from './wire-errors.ts';

const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1').toString('hex');

/** OPEN_REQ fixed part asking for `version`, InvokeID 0x0a0b0c0d. */
const openFixed = (version: number) =>
  `0a0b0c0d ${version.toString(16).padStart(8, '0')} 0000003c 00001388 00000010 00000000 000003ff` +
  '00000000 00000000 00000000 00000000';
const CLIENT_V20 = `0001 0007 ${ascii('bridge')} 0002 0000`;

function refusal(type: number, body: Buffer, version: number) {
  const r = decodeMessage(type, body, version);
  assert.ok(!r.ok, 'expected a decode error');
  return r.error;
}

describe('GED-188 decode errors and the Status each maps to', () => {
  it('a message type the protocol does not define: E_CTI_INVALID_MESSAGE_TYPE (2)', () => {
    for (const type of [0, 66, 251, 0xffffffff]) {
      const e = refusal(type, hex('00000001'), 20);
      assert.equal(e.code, 'unknown-message-type');
      assert.equal(e.invokeID, 1);
      assert.equal(e.status, 2);
      assert.equal(e.fatal, false);
    }
  });

  it('a defined message type the lab does not implement (MONITOR_START_REQ 93): E_CTI_FUNCTION_NOT_AVAILABLE (12)', () => {
    const e = refusal(93, hex('00000007 00001388'), 20);
    assert.equal(e.code, 'unsupported-message-type');
    assert.equal(e.status, CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
    assert.equal(e.invokeID, 7, 'a request begins with its InvokeID');
  });

  it('OPEN_REQ asking for version 18: E_CTI_INVALID_VERSION (1), with its InvokeID', () => {
    const e = refusal(3, hex(`${openFixed(18)} 01 07 ${ascii('bridge')} 02 00`), 20);
    assert.equal(e.code, 'unsupported-version');
    assert.equal(e.status, CtiStatus.E_CTI_INVALID_VERSION);
    assert.equal(e.invokeID, 0x0a0b0c0d);
  });

  it('OPEN_REQ is decoded in the version it asks for, whatever the session assumed', () => {
    const v19 = decodeMessage(3, hex(`${openFixed(19)} 01 07 ${ascii('bridge')} 02 00`), 20);
    assert.ok(v19.ok);
    assert.deepEqual(v19.message.floating, [
      { name: 'ClientID', value: 'bridge' },
      { name: 'ClientPassword', value: new Uint8Array(0) },
    ]);
  });

  it('a body shorter than the fixed part: E_CTI_BAD_MESSAGE_FORMAT (25), InvokeID kept when readable', () => {
    const cut = refusal(7, hex('01020304 0000'), 20); // CLOSE_REQ needs 8 bytes
    assert.equal(cut.code, 'truncated');
    assert.equal(cut.status, CtiStatus.E_CTI_BAD_MESSAGE_FORMAT);
    assert.equal(cut.invokeID, 0x01020304);
    const tiny = refusal(5, hex('0102'), 20);
    assert.equal(tiny.status, 25);
    assert.equal(tiny.invokeID, undefined);
  });

  it('a floating field cut off (header or value past the end): E_CTI_BAD_MESSAGE_FORMAT (25)', () => {
    const header = refusal(3, hex(`${openFixed(20)} ${CLIENT_V20} 00`), 20);
    assert.equal(header.code, 'truncated');
    assert.equal(header.status, 25);
    const value = refusal(3, hex(`${openFixed(20)} ${CLIENT_V20} 0003 0010 414243`), 20);
    assert.equal(value.code, 'truncated');
    assert.equal(value.tag, 3);
  });

  it('a tag the protocol does not define (54, reserved): E_CTI_INVALID_FIELD_TAG (3)', () => {
    const e = refusal(3, hex(`${openFixed(20)} ${CLIENT_V20} 0036 0001 00`), 20);
    assert.equal(e.code, 'unknown-tag');
    assert.equal(e.status, CtiStatus.E_CTI_INVALID_FIELD_TAG);
    assert.equal(e.tag, 54);
    assert.equal(e.invokeID, 0x0a0b0c0d);
  });

  it('a known tag the message does not carry (ANI in HEARTBEAT_REQ): E_CTI_INVALID_TAG_FOR_MSG_TYPE (26)', () => {
    const e = refusal(5, hex(`00000001 0008 0004 ${ascii('123')}`), 20);
    assert.equal(e.code, 'tag-for-message-type');
    assert.equal(e.status, CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE);
  });

  it('a field longer than its maximum or of the wrong size: E_CTI_INVALID_FIELD_LENGTH (23)', () => {
    const long = refusal(3, hex(`${openFixed(20)} 0001 0041 ${'41'.repeat(64)}00 0002 0000`), 20);
    assert.equal(long.code, 'field-length');
    assert.equal(long.status, CtiStatus.E_CTI_INVALID_FIELD_LENGTH);
    const size = refusal(3, hex(`${openFixed(20)} ${CLIENT_V20} 0061 0003 030405`), 20);
    assert.equal(size.code, 'field-length');
    assert.equal(size.tag, 97);
  });

  it('a STRING without its NUL or a NAMEDVAR without its value: E_CTI_BAD_MESSAGE_FORMAT (25)', () => {
    const noNul = refusal(3, hex(`${openFixed(20)} 0001 0006 626964676565 0002 0000`), 20);
    assert.equal(noNul.code, 'bad-value');
    assert.equal(noNul.status, 25);
    const setCallData = hex(`01020304 00001388 0000 00000001 0001 0000 ffff 0000 00000000 00000000`);
    const namedVar = refusal(
      26,
      Buffer.concat([setCallData, hex(`0019 0002 3100 0052 0004 ${ascii('abc')}`)]),
      20,
    );
    assert.equal(namedVar.code, 'bad-value');
  });

  it('a field that may appear once appearing twice: E_CTI_BAD_MESSAGE_FORMAT (25)', () => {
    const e = refusal(3, hex(`${openFixed(20)} ${CLIENT_V20} 0001 0002 7800`), 20);
    assert.equal(e.code, 'repeated-field');
    assert.equal(e.status, 25);
  });

  it('OPEN_REQ without ClientPassword: E_CTI_REQUIRED_DATA_MISSING (6), with its InvokeID', () => {
    const e = refusal(3, hex(`${openFixed(20)} 0001 0007 ${ascii('bridge')}`), 20);
    assert.equal(e.code, 'required-missing');
    assert.equal(e.status, CtiStatus.E_CTI_REQUIRED_DATA_MISSING);
    assert.equal(e.tag, 2);
    assert.equal(e.invokeID, 0x0a0b0c0d);
  });

  it('version errors map to E_CTI_INVALID_MSG_TYPE_FOR_VERSION (48) and E_CTI_INVALID_TAG_FOR_VERSION (49)', () => {
    // No catalogued message or tag is v20-only except tags above 255, which a v19 one-byte tag
    // cannot carry; the encoder is where a v19 session meets them (below).
    assert.equal(DECODE_ERROR_STATUS['message-type-for-version'], 48);
    assert.equal(DECODE_ERROR_STATUS['tag-for-version'], 49);
  });
});

describe('GED-188 encode refusals (bugs in the caller)', () => {
  it('a missing required floating field, an over-long string, a value out of range', () => {
    assert.throws(
      () => encodeMessage(ctiMessage('OPEN_REQ', {}, [{ name: 'ClientID', value: 'x' }]), 20),
      CtiEncodeError,
    );
    const longId = ctiMessage('OPEN_REQ', {}, [
      { name: 'ClientID', value: 'x'.repeat(64) },
      { name: 'ClientPassword', value: new Uint8Array() },
    ]);
    assert.throws(() => encodeMessage(longId, 20), /65 bytes > 64/);
    assert.throws(() => encodeMessage(ctiMessage('HEARTBEAT_REQ', { InvokeID: -1 }), 20), /not a UINT/);
    assert.throws(() => encodeMessage(ctiMessage('HEARTBEAT_REQ'), 18), /version 18/);
  });

  it('ctiMessage fills every fixed field; DepartmentID is written only in v20', () => {
    const conf = ctiMessage('OPEN_CONF', { DepartmentID: 7 });
    assert.equal(encodeMessage(conf, 20).length, 8 + 30);
    assert.equal(encodeMessage(conf, 19).length, 8 + 26);
  });
});

describe('GED-188 decode of arbitrary bytes', () => {
  it('never throws: any body of any message type in either version decodes or returns a typed error', () => {
    const types = fc.oneof(fc.constantFrom(...MESSAGES.map((m) => m.id)), fc.integer({ min: 0, max: 300 }));
    fc.assert(
      fc.property(
        types,
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(19, 20),
        (type, body, version) => {
          const r = decodeMessage(type, body, version);
          if (!r.ok) {
            assert.ok(r.error instanceof CtiDecodeError);
            assert.equal(r.error.status, DECODE_ERROR_STATUS[r.error.code]);
            assert.equal(r.error.fatal, false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every cut of a valid message is refused or decodes to a prefix of its floating fields', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...MESSAGES.filter((m) => m.name !== 'OPEN_REQ'))
          .chain((def) => ctiMessageArbitrary(def, 20)),
        fc.nat(),
        (message, at) => {
          const body = encodeMessage(message, 20).subarray(8);
          const cut = body.subarray(0, at % (body.length + 1));
          const r = decodeMessage(message.type, cut, 20);
          if (r.ok)
            assert.deepEqual(r.message.floating, message.floating.slice(0, r.message.floating.length));
          else assert.ok([25, 6, 23].includes(r.error.status), `${r.error.code} ${r.error.status}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('floating field accessors', () => {
  it('read the first, every, and the STRING value of a floating field', () => {
    const m = ctiMessage('SET_CALL_DATA_REQ', {}, [
      { name: 'ConnectionDeviceID', value: '3001' },
      { name: 'NamedVariable', value: { name: 'a', value: '1' } },
      { name: 'NamedVariable', value: { name: 'b', value: '2' } },
    ]);
    assert.equal(floatingString(m, 'ConnectionDeviceID'), '3001');
    assert.equal(floatingString(m, 'ANI'), undefined);
    assert.deepEqual(floatingValue(m, 'NamedVariable'), { name: 'a', value: '1' });
    assert.deepEqual(floatingValues(m, 'NamedVariable'), [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });
});
