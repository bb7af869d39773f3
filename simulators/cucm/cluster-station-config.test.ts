import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClusterDirectory } from './cluster-directory.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from './cluster-spec.ts';
import { clusterStationConfig } from './cluster-station-config.ts';

// A cluster with a shared line (1005 on two phones), two device pools on two CM groups, a route
// point with CFNA / CFB / CFOF and one without, a CTI port. CUCM CTI guide "Associate Devices with
// Groups", "CTI Route Points Overview", "Configure New Call Accept Timer".
const SPEC: CucmClusterSpec = {
  name: 'cluster1',
  secure: false,
  cmGroups: { G1: ['cucm-sub1', 'cucm-pub'], G2: ['cucm-pub'] },
  devicePools: { DP1: { cmGroup: 'G1' }, DP2: { cmGroup: 'G2' } },
  partitions: [],
  callingSearchSpaces: {},
  phones: [
    { name: 'SEP0000000CA001', model: '7961', devicePool: 'DP1', lines: [{ dn: '1001' }, { dn: '1005' }] },
    { name: 'sep0000000ca002', model: '7960', devicePool: 'DP2', lines: [{ dn: '1002' }, { dn: '1005' }] },
  ],
  routePoints: [
    {
      name: 'RP2000',
      devicePool: 'DP1',
      lines: [{ dn: '2000' }],
      maxCalls: 3,
      forward: { noAnswer: '1002', busy: '1001', onFailure: '1005' },
    },
    { name: 'RP2100', devicePool: 'DP2', lines: [{ dn: '2100' }], maxCalls: 5000 },
  ],
  ctiPorts: [{ name: 'CTIP3000', devicePool: 'DP1', lines: [{ dn: '3000' }] }],
  users: [
    { id: 'alice', password: 'pw', kind: 'end', groups: ['Standard CTI Enabled'], controlledDevices: [] },
  ],
  serviceParameters: { ...DEFAULT_SERVICE_PARAMETERS, newCallAcceptTimerS: 7 },
};

const directory = new ClusterDirectory(SPEC);
const config = clusterStationConfig(directory);
const dnByNumber = (n: string) => [...config.dns.values()].find((d) => d.number === n);

test('directory: devices by name, case-insensitive, with kind, lines and the CM group of their pool', () => {
  const phone = directory.device('sep0000000ca001');
  assert.equal(phone?.name, 'SEP0000000CA001');
  assert.equal(phone?.kind, 'phone');
  assert.equal(phone?.model, '7961');
  assert.deepEqual(phone?.dns, ['1001', '1005']);
  assert.deepEqual(phone?.cmGroup, ['cucm-sub1', 'cucm-pub'], 'DP1 -> G1, primary first');
  assert.equal(directory.device('SEP0000000CA002')?.name, 'sep0000000ca002', 'the configured spelling');
  assert.deepEqual(directory.device('SEP0000000CA002')?.cmGroup, ['cucm-pub'], 'DP2 -> G2');
  assert.equal(directory.device('rp2000')?.kind, 'route-point');
  assert.equal(directory.device('ctip3000')?.kind, 'cti-port');
  assert.equal(directory.device('SEP000000000000'), undefined);
});

test('directory: devices of a DN in configuration order (shared line), users, CTI devices', () => {
  assert.deepEqual(
    directory.devicesOf('1005').map((d) => d.name),
    ['SEP0000000CA001', 'sep0000000ca002'],
  );
  assert.deepEqual(directory.devicesOf('9999'), []);
  assert.deepEqual(directory.dns, ['1001', '1005', '1002', '2000', '2100', '3000'], 'first-seen order');
  assert.equal(directory.user('alice')?.password, 'pw');
  assert.equal(directory.user('Alice'), undefined, 'user ids are exact');
  assert.deepEqual(
    directory.ctiDevices.map((d) => d.name),
    ['RP2000', 'RP2100', 'CTIP3000'],
  );
});

test('directory: route point maxCalls and forwards as configured; a CTI port takes one call', () => {
  assert.equal(directory.device('RP2000')?.maxCalls, 3);
  assert.deepEqual(directory.device('RP2000')?.forward, {
    noAnswer: '1002',
    busy: '1001',
    onFailure: '1005',
  });
  assert.deepEqual(directory.device('RP2100')?.forward, {}, 'no forward configured: none');
  assert.equal(directory.device('CTIP3000')?.maxCalls, 1);
  assert.equal(directory.device('SEP0000000CA001')?.maxCalls, undefined, 'phones: no CTI call limit');
});

test('a device pool with no CM group (or an unknown pool) gives an empty node list', () => {
  const d = new ClusterDirectory({
    ...SPEC,
    phones: [{ name: 'SEP0000000CA009', model: '7961', devicePool: 'NOPE', lines: [{ dn: '1009' }] }],
    routePoints: [],
    ctiPorts: [],
  });
  assert.deepEqual(d.device('SEP0000000CA009')?.cmGroup, []);
});

test('station config: every DN once, tags 1.. in first-seen order; phone lines dual-line, CTI lines not', () => {
  assert.deepEqual(
    [...config.dns.values()].map((d) => [d.tag, d.number, d.dualLine]),
    [
      [1, '1001', true],
      [2, '1005', true],
      [3, '1002', true],
      [4, '2000', false],
      [5, '2100', false],
      [6, '3000', false],
    ],
  );
  for (const dn of config.dns.values()) {
    assert.equal(dn.ctiWatch, true, `${dn.number}: every line may be monitored`);
    assert.equal(dn.ctiNotify, false);
    assert.equal(dn.forwardAll, undefined);
  }
  assert.equal(config.settings.maxDn, 6);
  assert.equal(config.settings.maxEphones, 2);
  assert.equal(config.settings.hostname, 'cluster1');
});

test('station config: a shared line is one DnConfig on two ephones', () => {
  const shared = dnByNumber('1005');
  assert.equal([...config.dns.values()].filter((d) => d.number === '1005').length, 1);
  const [e1, e2] = [...config.ephones.values()];
  assert.deepEqual(e1?.buttons, [
    { index: 1, kind: 'normal', dnTags: [1] },
    { index: 2, kind: 'normal', dnTags: [shared?.tag] },
  ]);
  assert.deepEqual(e2?.buttons, [
    { index: 1, kind: 'normal', dnTags: [3] },
    { index: 2, kind: 'normal', dnTags: [shared?.tag] },
  ]);
  assert.equal(e1?.mac, '0000000CA001');
  assert.equal(e1?.deviceName, 'SEP0000000CA001');
  assert.equal(e2?.mac, '0000000CA002', 'the MAC is upper case whatever the configured spelling');
  assert.equal(e2?.deviceName, 'SEP0000000CA002');
  assert.equal(e2?.model, '7960');
});

test('station config: route point maxCalls, CFB, and CFNA after the New Call Accept Timer', () => {
  const rp = dnByNumber('2000');
  assert.equal(rp?.maxCalls, 3);
  assert.equal(rp?.forwardBusy, '1001');
  // CUCM CTI guide "Configure New Call Accept Timer": unanswered within the timer -> CFNA.
  assert.deepEqual(rp?.forwardNoAnswer, { number: '1002', timeoutSeconds: 7 });
  const plain = dnByNumber('2100');
  assert.equal(plain?.maxCalls, 5000);
  assert.equal(plain?.forwardBusy, undefined);
  assert.equal(plain?.forwardNoAnswer, undefined);
  assert.equal(dnByNumber('3000')?.maxCalls, 1, 'CTI port: one call');
  assert.equal('maxCalls' in (dnByNumber('1001') ?? {}), false, 'phone lines carry no maxCalls');
  assert.equal(dnByNumber('1001')?.forwardNoAnswer, undefined);
});

test('station config of an empty cluster still allows one ephone and one DN', () => {
  const empty = clusterStationConfig(
    new ClusterDirectory({ ...SPEC, phones: [], routePoints: [], ctiPorts: [] }),
  );
  assert.equal(empty.settings.maxEphones, 1);
  assert.equal(empty.settings.maxDn, 1);
  assert.equal(empty.dns.size, 0);
});
