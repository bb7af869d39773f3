import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CtiAlarm, CtiManager, type CtiManagerLimits } from './cti-manager.ts';

// Cisco Unified CM System Configuration Guide, "Configure CTIManager Service Parameters" (CUCM CTI guide):
// Maximum Devices Per Provider / Per Node; Cisco JTAPI Developer Guide and CUCM CTI documents:
// crossing a limit raises an alarm and the application keeps working (CUCM-LIMIT-002..007).

function manager(limits: CtiManagerLimits = { maxDevicesPerProvider: 2, maxDevicesPerNode: 3 }) {
  const alarms: Omit<CtiAlarm, 'time'>[] = [];
  const m = new CtiManager(
    'cucm-sub1',
    () => limits,
    (a) => alarms.push(a),
  );
  return { m, alarms };
}

test('a provider connects once, opens devices and disconnects with the list of what it had open', () => {
  const { m } = manager();
  assert.equal(m.up, true);
  m.connect(1, 'alice');
  m.connect(1, 'alice-again'); // a second connect of the same provider keeps the first
  assert.equal(m.open(1, 'SEP0000000CA001'), true);
  assert.equal(m.open(1, 'RP2000'), true);
  assert.deepEqual(m.devicesOf(1), ['SEP0000000CA001', 'RP2000']);
  assert.equal(m.openCount, 2);
  assert.deepEqual(m.disconnect(1), ['SEP0000000CA001', 'RP2000']);
  assert.deepEqual(m.devicesOf(1), []);
  assert.equal(m.openCount, 0);
  assert.deepEqual(m.disconnect(1), [], 'disconnecting twice returns nothing');
});

test('opening for an unknown provider is refused (false) and counts nothing', () => {
  const { m, alarms } = manager();
  assert.equal(m.open(7, 'SEP0000000CA001'), false);
  assert.equal(m.openCount, 0);
  assert.deepEqual(alarms, []);
});

test('close removes one device of one provider; closing what is not open does nothing', () => {
  const { m } = manager();
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.open(1, 'B');
  m.close(1, 'A');
  m.close(1, 'Z');
  m.close(9, 'B');
  assert.deepEqual(m.devicesOf(1), ['B']);
  assert.equal(m.openCount, 1);
});

test('a device opened twice by one provider counts once; by two providers twice on the node', () => {
  const { m, alarms } = manager({ maxDevicesPerProvider: 1, maxDevicesPerNode: 1 });
  m.connect(1, 'alice');
  m.connect(2, 'carol');
  assert.equal(m.open(1, 'A'), true);
  assert.equal(m.open(1, 'A'), true);
  assert.equal(m.openCount, 1);
  assert.deepEqual(alarms, [], 'reopening the same device crosses no limit');
  m.open(2, 'A');
  assert.equal(m.openCount, 2);
  assert.deepEqual(alarms, [
    { parameter: 'Maximum Devices Per Node', node: 'cucm-sub1', limit: 1, count: 2 },
  ]);
});

test('CUCM-LIMIT-002/006: the per-provider alarm is raised at limit + 1, not at the limit', () => {
  const { m, alarms } = manager({ maxDevicesPerProvider: 2, maxDevicesPerNode: 100 });
  m.connect(1, 'rp-app');
  m.open(1, 'A');
  m.open(1, 'B');
  assert.deepEqual(alarms, [], 'two devices of a limit of two: no alarm');
  assert.equal(m.open(1, 'C'), true, 'CUCM-LIMIT-007: the open is not refused');
  assert.deepEqual(alarms, [
    { parameter: 'Maximum Devices Per Provider', node: 'cucm-sub1', provider: 'rp-app', limit: 2, count: 3 },
  ]);
  m.open(1, 'D');
  // (a fresh reference: deepEqual above narrowed `alarms` to its one-element value)
  const raised: readonly Omit<CtiAlarm, 'time'>[] = alarms;
  assert.deepEqual(
    raised.map((a) => a.count),
    [3, 4],
    'each open over the limit raises it again',
  );
  assert.deepEqual(m.devicesOf(1), ['A', 'B', 'C', 'D'], 'the application keeps every device');
});

test('CUCM-LIMIT-004/006: the per-node alarm counts every provider and is raised at limit + 1', () => {
  const { m, alarms } = manager({ maxDevicesPerProvider: 100, maxDevicesPerNode: 3 });
  m.connect(1, 'alice');
  m.connect(2, 'carol');
  m.open(1, 'A');
  m.open(2, 'B');
  m.open(1, 'C');
  assert.deepEqual(alarms, [], 'three devices on a node of three: no alarm');
  m.open(2, 'D');
  assert.deepEqual(alarms, [
    { parameter: 'Maximum Devices Per Node', node: 'cucm-sub1', limit: 3, count: 4 },
  ]);
  assert.equal(m.openCount, 4);
});

test('both limits crossed by one open raise both alarms, provider first', () => {
  const { m, alarms } = manager({ maxDevicesPerProvider: 1, maxDevicesPerNode: 1 });
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.open(1, 'B');
  assert.deepEqual(
    alarms.map((a) => [a.parameter, a.count]),
    [
      ['Maximum Devices Per Provider', 2],
      ['Maximum Devices Per Node', 2],
    ],
  );
});

test('the limits are read at each open (service parameters can change)', () => {
  let limits: CtiManagerLimits = { maxDevicesPerProvider: 1, maxDevicesPerNode: 10 };
  const alarms: Omit<CtiAlarm, 'time'>[] = [];
  const m = new CtiManager(
    'cucm-pub',
    () => limits,
    (a) => alarms.push(a),
  );
  m.connect(1, 'alice');
  m.open(1, 'A');
  limits = { maxDevicesPerProvider: 5, maxDevicesPerNode: 10 };
  m.open(1, 'B');
  assert.deepEqual(alarms, []);
});

test('setUp(false) stops the CTIManager and drops every provider; setUp(true) starts it empty', () => {
  const { m } = manager();
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.setUp(false);
  assert.equal(m.up, false);
  assert.equal(m.openCount, 0);
  assert.deepEqual(m.devicesOf(1), []);
  assert.equal(m.open(1, 'A'), false, 'the provider is gone: it must connect again');
  m.setUp(true);
  assert.equal(m.up, true);
  assert.equal(m.openCount, 0);
  m.connect(1, 'alice');
  assert.equal(m.open(1, 'A'), true);
});

test('isOpenByAny: any provider, or any but the one excepted', () => {
  const { m } = manager();
  m.connect(1, 'rp-app');
  m.connect(2, 'carol');
  m.open(1, 'RP2000');
  assert.equal(m.isOpenByAny('RP2000'), true);
  assert.equal(m.isOpenByAny('RP2000', 1), false, 'only provider 1 has it');
  assert.equal(m.isOpenByAny('RP2000', 2), true);
  m.open(2, 'RP2000');
  assert.equal(m.isOpenByAny('RP2000', 1), true, 'provider 2 has it too');
  assert.equal(m.isOpenByAny('SEP0000000CA001'), false);
});

test('a CTIManager that starts again keeps its providers; only stopping drops them', () => {
  const { m } = manager();
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.setUp(true);
  assert.deepEqual(m.devicesOf(1), ['A']);
  m.setUp(false);
  assert.equal(m.up, false);
  assert.deepEqual(m.devicesOf(1), []);
});

test('connecting a provider again keeps the devices it has open', () => {
  const { m } = manager();
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.connect(1, 'alice');
  assert.deepEqual(m.devicesOf(1), ['A']);
});

test('CUCM-LIMIT-007: reopening a device a provider already has open raises no second alarm', () => {
  const { m, alarms } = manager({ maxDevicesPerProvider: 1, maxDevicesPerNode: 10 });
  m.connect(1, 'alice');
  m.open(1, 'A');
  m.open(1, 'B');
  assert.equal(alarms.length, 1, 'B crossed the provider limit');
  assert.equal(m.open(1, 'B'), true);
  assert.equal(alarms.length, 1);
});

test('a live view reads each provider with its user and open devices, and the limits in force', () => {
  let limits: CtiManagerLimits = { maxDevicesPerProvider: 2, maxDevicesPerNode: 3 };
  const m = new CtiManager(
    'cucm-sub1',
    () => limits,
    () => {},
  );
  assert.deepEqual(m.providerList(), []);
  m.connect(4, 'alice');
  m.connect(9, 'carol');
  m.open(4, 'SEP0000000CA001');
  m.open(4, 'RP2000');
  assert.deepEqual(m.providerList(), [
    { id: 4, user: 'alice', devices: ['SEP0000000CA001', 'RP2000'] },
    { id: 9, user: 'carol', devices: [] },
  ]);
  const listed = m.providerList();
  listed[0]?.devices.push('X');
  assert.deepEqual(m.devicesOf(4), ['SEP0000000CA001', 'RP2000'], 'the list is a copy');
  assert.deepEqual(m.currentLimits, { maxDevicesPerProvider: 2, maxDevicesPerNode: 3 });
  limits = { maxDevicesPerProvider: 5, maxDevicesPerNode: 6 };
  assert.deepEqual(m.currentLimits, { maxDevicesPerProvider: 5, maxDevicesPerNode: 6 }, 'read when asked');
  m.setUp(false);
  assert.deepEqual(m.providerList(), [], 'a stopped CTIManager has no provider');
});
