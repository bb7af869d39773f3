import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceTypeForModel } from './device-type.ts';
import { PhoneConfigError } from './phone-errors.ts';

test('model names map to DeviceType codes (Wireshark SkinnyProtocolOptimized.xml)', () => {
  assert.equal(deviceTypeForModel('7961'), 30018);
  assert.equal(deviceTypeForModel('7912'), 30007);
  assert.equal(deviceTypeForModel('7941'), 115);
  assert.equal(deviceTypeForModel('Cisco7970'), 30006);
  assert.equal(deviceTypeForModel('ata186'), 12);
  assert.equal(deviceTypeForModel('30018'), 30018);
});

test('an unknown model is a PhoneConfigError', () => {
  assert.throws(() => deviceTypeForModel('banana'), PhoneConfigError);
});
