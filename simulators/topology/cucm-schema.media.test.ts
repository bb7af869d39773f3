import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLUSTER_SCHEMA } from './cucm-schema.ts';

// Static media of a route point / CTI port (CUCM CTI guide "CTI Route Points Overview": static or
// dynamic IP addresses and port numbers; "CTI prerequisites": IPv4 and IPv6).

const cluster = (media: unknown) => ({
  name: 'cluster1',
  cmGroups: { G1: ['cucm-pub'] },
  devicePools: { DP1: { cmGroup: 'G1' } },
  routePoints: [{ name: 'RP2000', devicePool: 'DP1', lines: [{ dn: '2000' }], media }],
  ctiPorts: [{ name: 'CTIP3000', devicePool: 'DP1', lines: [{ dn: '3000' }], media }],
});

test('media of a route point or CTI port: an IPv4 or IPv6 literal and a UDP port 1-65535', () => {
  for (const media of [
    { address: '192.0.2.20', port: 20000 },
    { address: '2001:db8::31', port: 1 },
    { address: '::1', port: 65535 },
  ]) {
    const parsed = CLUSTER_SCHEMA.parse(cluster(media));
    assert.deepEqual(parsed.routePoints[0]?.media, media);
    assert.deepEqual(parsed.ctiPorts[0]?.media, media);
  }
  assert.equal(CLUSTER_SCHEMA.parse(cluster(undefined)).routePoints[0]?.media, undefined);
});

test('media that is no address literal or no port is refused, naming the field', () => {
  for (const [media, path, says] of [
    [{ address: 'media.example', port: 20000 }, 'address', 'IPv4 or IPv6 literal'],
    [{ address: 'fe80::1%eth0', port: 20000 }, 'address', 'no zone id'],
    [{ address: '192.0.2.20', port: 0 }, 'port', ''],
    [{ address: '192.0.2.20', port: 65536 }, 'port', ''],
    [{ address: '192.0.2.20' }, 'port', ''],
    [{ address: '192.0.2.20', port: 20000, codec: 'g711' }, '', ''],
  ] as const) {
    const r = CLUSTER_SCHEMA.safeParse(cluster(media));
    assert.equal(r.success, false, JSON.stringify(media));
    const issue = r.error?.issues[0];
    assert.deepEqual(issue?.path.slice(0, 3), ['routePoints', 0, 'media']);
    if (path !== '') assert.equal(issue?.path[3], path);
    assert.ok(issue?.message.includes(says), issue?.message);
  }
});
