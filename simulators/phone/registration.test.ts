import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SccpMessage } from '../sccp/messages.ts';
import { agreedProtocolVersion, phoneHeaderVersion, RegistrationHandshake } from './registration.ts';

const ack: SccpMessage = {
  type: 'RegisterAck',
  keepAliveInterval: 30,
  dateTemplate: 'M/D/Y',
  secondaryKeepAliveInterval: 30,
  maxProtocolVer: 17,
  unknown: 0,
  phoneFeatures: 0,
};

test('requests follow RegisterAck + CapabilitiesReq in either order; TimeDateRes completes (§3)', () => {
  for (const order of [
    [ack, { type: 'CapabilitiesReq' }],
    [{ type: 'CapabilitiesReq' }, ack],
  ] as SccpMessage[][]) {
    const sent: SccpMessage[] = [];
    const h = new RegistrationHandshake((m) => sent.push(m));
    for (const m of order) assert.notEqual(h.handle(m).kind, 'registered');
    assert.deepEqual(
      sent.map((m) => m.type),
      ['CapabilitiesRes', 'ButtonTemplateReq'],
    );
    assert.equal(
      h.handle({
        type: 'TimeDateRes',
        wYear: 1,
        wMonth: 1,
        wDayOfWeek: 0,
        wDay: 1,
        wHour: 0,
        wMinute: 0,
        wSecond: 0,
        wMilliseconds: 0,
        systemTime: 0,
      }).kind,
      'pending',
      'TimeDateRes before TimeDateReq does not count',
    );
  }
});

test('a button template split over two messages is awaited before LineStatReqs', () => {
  const sent: SccpMessage[] = [];
  const h = new RegistrationHandshake((m) => sent.push(m));
  h.handle(ack);
  h.handle({ type: 'CapabilitiesReq' });
  h.handle({
    type: 'ButtonTemplateRes',
    buttonOffset: 0,
    totalButtonCount: 3,
    definitions: [{ instanceNumber: 1, buttonDefinition: 9 }],
  });
  assert.equal(h.done, false);
  h.handle({
    type: 'ButtonTemplateRes',
    buttonOffset: 1,
    totalButtonCount: 3,
    definitions: [
      { instanceNumber: 0, buttonDefinition: 0xff },
      { instanceNumber: 3, buttonDefinition: 9 },
    ],
  });
  assert.equal(h.done, true);
  assert.deepEqual(
    sent.filter((m) => m.type === 'LineStatReq').map((m) => (m.type === 'LineStatReq' ? m.lineNumber : 0)),
    [1, 3],
  );
  assert.deepEqual(sent.at(-1), { type: 'TimeDateReq' });
  assert.deepEqual(sent.at(-2), { type: 'RegisterAvailableLines', maxNumOfAvailLines: 2 });
});

test('RegisterReject is reported with its text', () => {
  const h = new RegistrationHandshake(() => {});
  assert.deepEqual(h.handle({ type: 'RegisterReject', text: 'no' }), { kind: 'rejected', text: 'no' });
});

test('header version: agreed version if Wireshark accepts it, next lower accepted one, 0 below 10 (§1-§2)', () => {
  assert.equal(phoneHeaderVersion(15), 15);
  assert.equal(phoneHeaderVersion(13), 11);
  assert.equal(phoneHeaderVersion(8), 0);
  assert.equal(phoneHeaderVersion(30), 22);
  assert.equal(agreedProtocolVersion(15, 17), 15);
  assert.equal(agreedProtocolVersion(15, 11), 11);
  assert.equal(agreedProtocolVersion(15, 0), 0);
});

test('the whole request order after the button template; a repeated ack or template changes nothing (§3)', () => {
  const sent: SccpMessage[] = [];
  const h = new RegistrationHandshake((m) => sent.push(m));
  // A template before it was asked for is not this handshake's: ignored.
  h.handle({
    type: 'ButtonTemplateRes',
    buttonOffset: 0,
    totalButtonCount: 1,
    definitions: [{ instanceNumber: 5, buttonDefinition: 9 }],
  });
  assert.equal(sent.length, 0);
  assert.equal(h.handle(ack).kind, 'acked');
  assert.equal(h.handle(ack).kind, 'pending', 'a second RegisterAck is not a new ack');
  h.handle({ type: 'CapabilitiesReq' });
  h.handle({
    type: 'ButtonTemplateRes',
    buttonOffset: 0,
    totalButtonCount: 4,
    definitions: [
      { instanceNumber: 2, buttonDefinition: 9 },
      { instanceNumber: 1, buttonDefinition: 9 },
      { instanceNumber: 1, buttonDefinition: 2 },
      { instanceNumber: 0, buttonDefinition: 9 },
    ],
  });
  const order = sent.map((m) => (m.type === 'LineStatReq' ? `LineStatReq ${m.lineNumber}` : m.type));
  assert.deepEqual(order, [
    'CapabilitiesRes',
    'ButtonTemplateReq',
    'SoftKeyTemplateReq',
    'SoftKeySetReq',
    'ConfigStatReq',
    'LineStatReq 1',
    'LineStatReq 2',
    'RegisterAvailableLines',
    'TimeDateReq',
  ]);
  const n = sent.length;
  h.handle({
    type: 'ButtonTemplateRes',
    buttonOffset: 0,
    totalButtonCount: 4,
    definitions: [{ instanceNumber: 7, buttonDefinition: 9 }],
  });
  assert.equal(sent.length, n, 'a template after the requests went out asks nothing again');
  // The constant requests are the frozen, shared ones (encoded once per header version).
  for (const m of sent) assert.ok(Object.isFrozen(m), `${m.type} is frozen`);
});
