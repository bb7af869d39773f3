/**
 * The bytes of each GED-188 data type and floating field encoding, per protocol version (Cisco "CTI
 * Server Message Reference Guide (Protocol Version 15)", chapter 3 "Message Conventions", "Data
 * Types", "Floating Part", "NamedVariable" and "NamedArray"): integers big-endian, BOOL two bytes
 * 0/1, STRING NUL-terminated, NAMEDVAR name\0value\0, NAMEDARRAY index UCHAR + name\0value\0.
 * Floating tag and length are one byte each up to v19 (uccertweb `Encoder.scala` buildFloat) and
 * two from v20 (ucce-ctidriver `Types.hs`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FixedType } from './field-types.ts';
import {
  ctiMessage,
  decodeMessage,
  encodeMessage,
  floatingString,
  readFixedValue,
  writeFixedValue,
} from './message-codec.ts';

const hex = (s: string) => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1').toString('hex');

/** The bytes of `v` written as `type`, checking the offset returned is just after them. */
function bytesOf(type: FixedType, v: unknown, size: number): string {
  const buf = Buffer.alloc(size + 2, 0xee);
  assert.equal(writeFixedValue(buf, 1, type, v, 'X.f'), 1 + size, 'offset after the value');
  return buf.toString('hex');
}

/** `writeFixedValue` throws exactly `message` (a CtiEncodeError). */
function refusesValue(type: FixedType, v: unknown, message: string) {
  assert.throws(() => writeFixedValue(Buffer.alloc(8), 0, type, v, 'X.f'), {
    name: 'CtiEncodeError',
    message: `GED-188 encode: ${message}`,
  });
}

describe('GED-188 fixed-size data types: exact bytes and ranges', () => {
  it('CHAR is one signed byte (-128..127)', () => {
    assert.equal(bytesOf('CHAR', -128, 1), 'ee80ee');
    assert.equal(bytesOf('CHAR', 127, 1), 'ee7fee');
    assert.equal(bytesOf('CHAR', -1, 1), 'eeffee');
    refusesValue('CHAR', 128, 'X.f: 128 is not a CHAR (-128..127)');
    refusesValue('CHAR', -129, 'X.f: -129 is not a CHAR (-128..127)');
    assert.equal(readFixedValue(hex('00ff'), 1, 'CHAR'), -1);
  });

  it('UCHAR is one unsigned byte (0..255)', () => {
    assert.equal(bytesOf('UCHAR', 255, 1), 'eeffee');
    assert.equal(bytesOf('UCHAR', 0, 1), 'ee00ee');
    refusesValue('UCHAR', 256, 'X.f: 256 is not a UCHAR (0..255)');
    refusesValue('UCHAR', -1, 'X.f: -1 is not a UCHAR (0..255)');
    assert.equal(readFixedValue(hex('00ff'), 1, 'UCHAR'), 255);
  });

  it('SHORT is two signed bytes, big-endian (-32768..32767)', () => {
    assert.equal(bytesOf('SHORT', -2, 2), 'eefffeee');
    assert.equal(bytesOf('SHORT', 0x0102, 2), 'ee0102ee');
    refusesValue('SHORT', 32768, 'X.f: 32768 is not a SHORT (-32768..32767)');
    assert.equal(readFixedValue(hex('00fffe'), 1, 'SHORT'), -2);
  });

  it('USHORT is two unsigned bytes, big-endian (0..65535)', () => {
    assert.equal(bytesOf('USHORT', 0xffff, 2), 'eeffffee');
    assert.equal(bytesOf('USHORT', 0x0102, 2), 'ee0102ee');
    refusesValue('USHORT', 65536, 'X.f: 65536 is not a USHORT (0..65535)');
    assert.equal(readFixedValue(hex('00fffe'), 1, 'USHORT'), 0xfffe);
  });

  it('INT is four signed bytes, big-endian', () => {
    assert.equal(bytesOf('INT', -1, 4), 'eeffffffffee');
    assert.equal(bytesOf('INT', -0x8000_0000, 4), 'ee80000000ee');
    refusesValue('INT', 0x8000_0000, 'X.f: 2147483648 is not a INT (-2147483648..2147483647)');
    assert.equal(readFixedValue(hex('00fffffffe'), 1, 'INT'), -2);
  });

  it('UINT and TIME are four unsigned bytes, big-endian (0..4294967295)', () => {
    for (const type of ['UINT', 'TIME'] as const) {
      assert.equal(bytesOf(type, 0xffff_ffff, 4), 'eeffffffffee');
      assert.equal(bytesOf(type, 0x01020304, 4), 'ee01020304ee');
      refusesValue(type, 0x1_0000_0000, `X.f: 4294967296 is not a ${type} (0..4294967295)`);
      refusesValue(type, -1, `X.f: -1 is not a ${type} (0..4294967295)`);
      assert.equal(readFixedValue(hex('00fffffffe'), 1, type), 0xffff_fffe);
    }
  });

  it('an integer type refuses a fraction or a non-number', () => {
    refusesValue('UINT', 1.5, 'X.f: 1.5 is not a UINT (0..4294967295)');
    refusesValue('UCHAR', '5', 'X.f: 5 is not a UCHAR (0..255)');
    refusesValue('USHORT', true, 'X.f: true is not a USHORT (0..65535)');
    refusesValue('UINT', undefined, 'X.f: undefined is not a UINT (0..4294967295)');
  });

  it('BOOL is two bytes, 0 or 1; only a boolean is accepted; any non-zero reads as true', () => {
    assert.equal(bytesOf('BOOL', true, 2), 'ee0001ee');
    assert.equal(bytesOf('BOOL', false, 2), 'ee0000ee');
    refusesValue('BOOL', 1, 'X.f: 1 is not a BOOL');
    refusesValue('BOOL', 0, 'X.f: 0 is not a BOOL');
    assert.equal(readFixedValue(hex('000000'), 1, 'BOOL'), false);
    assert.equal(readFixedValue(hex('000001'), 1, 'BOOL'), true);
    assert.equal(readFixedValue(hex('000100'), 1, 'BOOL'), true);
  });
});

describe('GED-188 fixed parts of real messages', () => {
  it('ctiMessage fills integers with 0 and BOOLs with false', () => {
    const conf = ctiMessage('OPEN_CONF');
    assert.equal(conf.fixed.PeripheralOnline, false);
    assert.equal(conf.fixed.PeripheralType, 0);
    assert.equal(conf.fixed.DepartmentID, 0);
    assert.equal(conf.type, 4);
  });

  it('OPEN_CONF: BOOL, TIME and the v20 DepartmentID at their offsets', () => {
    const conf = ctiMessage('OPEN_CONF', {
      InvokeID: 1,
      ICMCentralControllerTime: 0xffff_ffff,
      PeripheralOnline: true,
      AgentState: 0xffff,
      DepartmentID: 0x05060708,
    });
    const fixed19 = '00000001 00000000 00000000 00000000 ffffffff 0001 0000 ffff';
    assert.equal(
      encodeMessage(conf, 19).toString('hex'),
      hex(`0000001a 00000004 ${fixed19}`).toString('hex'),
    );
    assert.equal(
      encodeMessage(conf, 20).toString('hex'),
      hex(`0000001e 00000004 ${fixed19} 05060708`).toString('hex'),
    );
    assert.throws(() => encodeMessage(ctiMessage('OPEN_CONF', { PeripheralOnline: 1 }), 20), {
      message: 'GED-188 encode: OPEN_CONF.PeripheralOnline: 1 is not a BOOL',
    });
    assert.throws(() => encodeMessage(ctiMessage('OPEN_CONF', { ICMCentralControllerTime: 2 ** 32 }), 20), {
      message: 'GED-188 encode: OPEN_CONF.ICMCentralControllerTime: 4294967296 is not a TIME (0..4294967295)',
    });
  });

  it('SET_AGENT_STATE_REQ: ForcedFlag is one byte (UCHAR)', () => {
    const req = (ForcedFlag: number) =>
      ctiMessage('SET_AGENT_STATE_REQ', { InvokeID: 9, ForcedFlag, AgentServiceReq: 0x0a0b0c0d }, [
        { name: 'AgentInstrument', value: '3001' },
      ]);
    const bytes = encodeMessage(req(255), 20);
    assert.equal(
      bytes.toString('hex'),
      hex(
        `0000001e 00000026 00000009 00000000 0000 0000 0000 0000 ff 0a0b0c0d 0006 0005 ${ascii('3001')}`,
      ).toString('hex'),
    );
    assert.throws(() => encodeMessage(req(256), 20), {
      message: 'GED-188 encode: SET_AGENT_STATE_REQ.ForcedFlag: 256 is not a UCHAR (0..255)',
    });
  });

  it('a hand-built message must carry exactly the fixed fields of its version', () => {
    const hb = (fixed: Record<string, number>) => ({ type: 5, name: 'HEARTBEAT_REQ', fixed, floating: [] });
    assert.equal(encodeMessage(hb({ InvokeID: 1 }), 20).toString('hex'), '000000040000000500000001');
    assert.throws(() => encodeMessage(hb({ InvokeID: 1, Bogus: 2 }), 20), {
      name: 'CtiEncodeError',
      message: 'GED-188 encode: HEARTBEAT_REQ has no fixed field Bogus',
    });
    assert.throws(() => encodeMessage(hb({}), 20), {
      message: 'GED-188 encode: HEARTBEAT_REQ.InvokeID is missing',
    });
    assert.throws(() => encodeMessage(hb({ InvokeID: -1 }), 20), {
      message: 'GED-188 encode: HEARTBEAT_REQ.InvokeID: -1 is not a UINT (0..4294967295)',
    });
    // DepartmentID is a v20 field: a v19 OPEN_CONF needs none, a v20 one must have it.
    const conf = { ...ctiMessage('OPEN_CONF') };
    const { DepartmentID: _, ...without } = conf.fixed;
    assert.equal(encodeMessage({ ...conf, fixed: without }, 19).length, 8 + 26);
    assert.throws(() => encodeMessage({ ...conf, fixed: without }, 20), {
      message: 'GED-188 encode: OPEN_CONF.DepartmentID is missing',
    });
  });
});

/** SET_CALL_DATA_REQ (guide v15 table 5-36): fixed part (30 bytes) with InvokeID 0x01020304. */
const SET_CALL_DATA_FIXED = '01020304 00000000 0000 00000000 0000 0000 0000 0000 00000000 00000000';
const setCallData = (floating: { name: string; value: unknown }[]) =>
  ctiMessage('SET_CALL_DATA_REQ', { InvokeID: 0x01020304 }, [
    { name: 'ConnectionDeviceID', value: '3001' },
    ...(floating as { name: string; value: never }[]),
  ]);

describe('GED-188 floating fields: exact bytes per version', () => {
  const message = setCallData([
    { name: 'NamedVariable', value: { name: 'user.a', value: '1' } },
    { name: 'NamedArray', value: { index: 2, name: 'arr', value: 'x' } },
    { name: 'NamedVariable', value: { name: 'b', value: '' } },
  ]);

  it('v20: tag and length are USHORTs; NamedVariable is name\\0 value\\0, NamedArray index + both', () => {
    const floats =
      `0019 0005 ${ascii('3001')} 0052 0009 ${ascii('user.a')}${ascii('1')} ` +
      `0053 0007 02 ${ascii('arr')}${ascii('x')} 0052 0003 ${ascii('b')}00`;
    const bytes = hex(`00000046 0000001a ${SET_CALL_DATA_FIXED} ${floats}`);
    assert.equal(encodeMessage(message, 20).toString('hex'), bytes.toString('hex'));
    const back = decodeMessage(26, bytes.subarray(8), 20);
    assert.ok(back.ok, back.ok ? '' : back.error.message);
    assert.deepEqual(back.message, message);
  });

  it('v19: tag and length are one byte each', () => {
    const floats =
      `19 05 ${ascii('3001')} 52 09 ${ascii('user.a')}${ascii('1')} ` +
      `53 07 02 ${ascii('arr')}${ascii('x')} 52 03 ${ascii('b')}00`;
    const bytes = hex(`0000003e 0000001a ${SET_CALL_DATA_FIXED} ${floats}`);
    assert.equal(encodeMessage(message, 19).toString('hex'), bytes.toString('hex'));
    const back = decodeMessage(26, bytes.subarray(8), 19);
    assert.ok(back.ok, back.ok ? '' : back.error.message);
    assert.deepEqual(back.message, message);
  });

  it('NamedArray index is a UCHAR: 255 is the largest', () => {
    const m = setCallData([{ name: 'NamedArray', value: { index: 255, name: 'a', value: 'b' } }]);
    assert.equal(encodeMessage(m, 20).subarray(-9).toString('hex'), `00530005ff${ascii('a')}${ascii('b')}`);
    assert.throws(
      () =>
        encodeMessage(
          setCallData([{ name: 'NamedArray', value: { index: 256, name: 'a', value: 'b' } }]),
          20,
        ),
      { message: 'GED-188 encode: SET_CALL_DATA_REQ.NamedArray: 256 is not a UCHAR (0..255)' },
    );
  });

  it('a fixed-type floating field is its type (ApplicationPathID UINT in OPEN_REQ)', () => {
    const m = ctiMessage('OPEN_REQ', { InvokeID: 1, VersionNumber: 19 }, [
      { name: 'ClientID', value: 'c' },
      { name: 'ClientPassword', value: new Uint8Array([1, 2]) },
      { name: 'ApplicationPathID', value: 0x03040506 },
    ]);
    assert.equal(
      encodeMessage(m, 19)
        .subarray(8 + 44)
        .toString('hex'),
      `0102${ascii('c')} 02020102 610403040506`.replace(/\s/g, ''),
    );
  });

  it('floatingString reads only a STRING value', () => {
    const m = setCallData([{ name: 'NamedVariable', value: { name: 'a', value: '1' } }]);
    assert.equal(floatingString(m, 'ConnectionDeviceID'), '3001');
    assert.equal(floatingString(m, 'NamedVariable'), undefined);
  });
});

describe('GED-188 floating values the encoder refuses (caller bugs)', () => {
  const refuses = (floating: { name: string; value: unknown }[], message: string) =>
    assert.throws(() => encodeMessage(setCallData(floating), 20), {
      name: 'CtiEncodeError',
      message: `GED-188 encode: ${message}`,
    });
  const openReq = (floating: { name: string; value: unknown }[]) =>
    ctiMessage('OPEN_REQ', {}, floating as { name: string; value: never }[]);

  it('a NamedVariable needs a non-empty name and a name/value object', () => {
    for (const value of [
      { name: '', value: 'v' },
      { index: 1, name: 'a', value: 'b' },
      new Uint8Array([0x61, 0, 0x62, 0]),
      'a',
      7,
    ]) {
      refuses([{ name: 'NamedVariable', value }], 'SET_CALL_DATA_REQ.NamedVariable: not a NAMEDVAR');
    }
  });

  it('a NamedArray element needs an index and a non-empty name', () => {
    for (const value of [
      { name: 'a', value: 'b' },
      { index: 1, name: '', value: 'b' },
      new Uint8Array([1, 0x61, 0, 0x62, 0]),
      'a',
      7,
    ]) {
      refuses([{ name: 'NamedArray', value }], 'SET_CALL_DATA_REQ.NamedArray: not a NAMEDARRAY');
    }
  });

  it('NamedVariable name up to 32 characters, value up to 210 (NUL excluded)', () => {
    const fits = setCallData([
      { name: 'NamedVariable', value: { name: 'n'.repeat(32), value: 'v'.repeat(210) } },
    ]);
    assert.equal(encodeMessage(fits, 20).length, 8 + 30 + 9 + 4 + 33 + 211);
    refuses(
      [{ name: 'NamedVariable', value: { name: 'n'.repeat(33), value: '' } }],
      'SET_CALL_DATA_REQ.NamedVariable: 34 bytes > 33',
    );
    refuses(
      [{ name: 'NamedVariable', value: { name: 'n', value: 'v'.repeat(211) } }],
      'SET_CALL_DATA_REQ.NamedVariable: 212 bytes > 211',
    );
  });

  it('a STRING is a string without NUL, up to its maximum with the NUL', () => {
    for (const value of [42, 'a\0b']) {
      assert.throws(
        () =>
          encodeMessage(
            openReq([
              { name: 'ClientID', value },
              { name: 'ClientPassword', value: new Uint8Array() },
            ]),
            20,
          ),
        { message: 'GED-188 encode: OPEN_REQ.ClientID: not a STRING' },
      );
    }
  });

  it('an UNSPEC is bytes, up to its maximum (ClientPassword 64)', () => {
    const pw = (value: unknown) =>
      encodeMessage(
        openReq([
          { name: 'ClientID', value: 'c' },
          { name: 'ClientPassword', value },
        ]),
        20,
      );
    assert.equal(pw(new Uint8Array(64).fill(7)).length, 8 + 44 + 6 + 4 + 64);
    assert.throws(() => pw(new Uint8Array(65)), {
      message: 'GED-188 encode: OPEN_REQ.ClientPassword: 65 bytes > 64',
    });
    assert.throws(() => pw('secret'), {
      message: 'GED-188 encode: OPEN_REQ.ClientPassword: UNSPEC needs bytes',
    });
  });

  it('a floating field the message does not carry, twice when it may appear once, or missing when required', () => {
    assert.throws(
      () =>
        encodeMessage(
          openReq([
            { name: 'ClientID', value: 'c' },
            { name: 'ClientPassword', value: new Uint8Array() },
            { name: 'ANI', value: '1' },
          ]),
          20,
        ),
      { message: 'GED-188 encode: OPEN_REQ.ANI: not a floating field of OPEN_REQ' },
    );
    assert.throws(
      () =>
        encodeMessage(
          openReq([
            { name: 'ClientID', value: 'c' },
            { name: 'ClientID', value: 'd' },
            { name: 'ClientPassword', value: new Uint8Array() },
          ]),
          20,
        ),
      { message: 'GED-188 encode: OPEN_REQ.ClientID may appear once' },
    );
    assert.throws(() => encodeMessage(openReq([{ name: 'ClientID', value: 'c' }]), 20), {
      message: 'GED-188 encode: OPEN_REQ.ClientPassword is required',
    });
  });
});
