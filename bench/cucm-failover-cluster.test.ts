import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterDirectory } from '../simulators/cucm/cluster-directory.ts';
import { deviceRefusal, sessionRefusal } from '../simulators/cucm/cti-permissions.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { failoverBenchCluster, KILLED_NODE, SURVIVING_NODE } from './cucm-failover-cluster.ts';

describe('failoverBenchCluster', () => {
  const bench = failoverBenchCluster({ phones: 3, routePoints: 3, ctiPorts: 2 });
  const directory = new ClusterDirectory(bench.cluster);

  it('homes every phone and CTI device on the node that is killed, the other node next', () => {
    // "Associate Devices with Groups": a device registers with the first node of its CM group.
    assert.deepEqual(bench.cluster.cmGroups.G1, [KILLED_NODE, SURVIVING_NODE]);
    assert.deepEqual(
      [...directory.devices.values()].map((d) => [d.name, d.kind, d.dns.join(), d.cmGroup.join()]),
      [
        ['SEP00BE10000000', 'phone', '100000', 'cucm-sub1,cucm-pub'],
        ['SEP00BE10000001', 'phone', '100001', 'cucm-sub1,cucm-pub'],
        ['SEP00BE10000002', 'phone', '100002', 'cucm-sub1,cucm-pub'],
        ['RP200000', 'route-point', '200000', 'cucm-sub1,cucm-pub'],
        ['RP200001', 'route-point', '200001', 'cucm-sub1,cucm-pub'],
        ['RP200002', 'route-point', '200002', 'cucm-sub1,cucm-pub'],
        ['CTIP300000', 'cti-port', '300000', 'cucm-sub1,cucm-pub'],
        ['CTIP300001', 'cti-port', '300001', 'cucm-sub1,cucm-pub'],
      ],
    );
    assert.deepEqual(
      bench.servers.map((s) => [s.name, s.services.join()]),
      [
        ['cucm-pub', 'callmanager,ctimanager'],
        ['cucm-sub1', 'callmanager,ctimanager'],
      ],
    );
  });

  it('splits the CTI devices between an application on each CTIManager', () => {
    assert.deepEqual(
      bench.applications.map((a) => [
        a.user,
        a.gateway,
        a.homeCtiManager,
        a.devices.map((d) => d.name).join(),
      ]),
      [
        ['app-a', 'imp-a', 'cucm-sub1', 'RP200000,RP200001,CTIP300000'],
        ['app-b', 'imp-b', 'cucm-pub', 'RP200002,CTIP300001'],
      ],
    );
    assert.deepEqual(
      bench.gateways.map((g) => [g.name, g.ctiManagers.join()]),
      [
        ['imp-a', 'cucm-sub1,cucm-pub'],
        ['imp-b', 'cucm-pub,cucm-sub1'],
      ],
    );
  });

  it('lets each application open a session and control its own devices, not the other half', () => {
    // "Access Control Group Configuration Options": Standard CTI Enabled + Controlled Devices.
    const [a, b] = bench.applications.map((app) => directory.user(app.user)!);
    assert.equal(sessionRefusal(a!, 'tcp', false), undefined);
    assert.equal(deviceRefusal(a!, 'control', 'RP200000'), undefined);
    assert.equal(deviceRefusal(b!, 'control', 'CTIP300001'), undefined);
    assert.notEqual(deviceRefusal(b!, 'control', 'RP200000'), undefined);
  });

  it('refuses a count outside 0..99999 with BenchOptionError', () => {
    assert.throws(
      () => failoverBenchCluster({ phones: 100_000, routePoints: 0, ctiPorts: 0 }),
      (e: unknown) => e instanceof BenchOptionError && e.message === 'phones: 100000 is outside 0..99999',
    );
  });
});
