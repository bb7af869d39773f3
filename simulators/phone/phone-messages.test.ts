import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capabilitiesRes, lineStatReq, registerAvailableLines, registerReq } from './phone-messages.ts';

// What the phone sends (phone-messages.ts): Wireshark packet-skinny field names, pyskinny's client
// values (messages/register.py), reference §3 and §6 payload types.

test('CapabilitiesRes: G.711 mu-law and A-law at 40 ms, G.729 and G.729A at 60 ms; one frozen message', () => {
  const caps = capabilitiesRes();
  assert.deepEqual(caps, {
    type: 'CapabilitiesRes',
    caps: [
      { payloadCapability: 4, maxFramesPerPacket: 40, payloadParams: '0000000000000000' },
      { payloadCapability: 2, maxFramesPerPacket: 40, payloadParams: '0000000000000000' },
      { payloadCapability: 11, maxFramesPerPacket: 60, payloadParams: '0000000000000000' },
      { payloadCapability: 12, maxFramesPerPacket: 60, payloadParams: '0000000000000000' },
    ],
  });
  assert.equal(capabilitiesRes(), caps);
  assert.ok(Object.isFrozen(caps.caps[0]));
});

test('LineStatReq and RegisterAvailableLines: one frozen message per value, reused', () => {
  assert.equal(lineStatReq(2), lineStatReq(2));
  assert.notEqual(lineStatReq(2), lineStatReq(3));
  assert.deepEqual(lineStatReq(3), { type: 'LineStatReq', lineNumber: 3 });
  assert.equal(registerAvailableLines(2), registerAvailableLines(2));
  assert.deepEqual(registerAvailableLines(4), { type: 'RegisterAvailableLines', maxNumOfAvailLines: 4 });
  assert.ok(Object.isFrozen(lineStatReq(2)) && Object.isFrozen(registerAvailableLines(2)));
});

test('RegisterReq: the identity, no IPv6 address (::), empty firmware and config stamps', () => {
  const m = registerReq({
    deviceName: 'SEP00AA00000001',
    mac: '00AA00000001',
    deviceType: 30018,
    stationIp: '127.0.0.7',
    protocolVersion: 15,
    maxLines: 2,
  });
  assert.equal(m.deviceName, 'SEP00AA00000001');
  assert.equal(m.stationIpAddr, '127.0.0.7');
  assert.equal(m.stationIpV6Addr, '::');
  assert.equal(m.firmwareLoadName, '');
  assert.equal(m.configVersionStamp, '');
  assert.equal(m.maxStreams, 5);
  assert.equal(m.maxNumberOfLines, 2);
});
