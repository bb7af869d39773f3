import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { ctilabChildren, ctilabRun, serveReadyLine } from '../../simulators/testing/ctilab-test-children.ts';

// The CUCM features against a "real" cluster through its protocols only. There is no real CUCM on
// this machine: the target is the project's own cluster run as a separate process (`ctilab serve
// cucm --topology labs/cucm-cluster.yaml`), reached only at the endpoints its ready line prints
// (each node's SCCP listener, the IM&P gateway's SIP endpoint), which the PIXIT gives, with the
// topology's phones (MAC, CM group) and users (passwords for SIP digest).

const root = fileURLToPath(new URL('../..', import.meta.url));
const feature = 'features/permissions/access-control-groups.feature';
const features = [feature, 'features/cucm/cluster.feature', 'features/cucm/device-limit-defaults.feature'];

interface Endpoint {
  host: string;
  port: number;
}
const { start: serve } = ctilabChildren();
let dir: string;
let pixitFile: string;
let gateway: Endpoint;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ctilab-pixit-cucm-'));
  const target = serve('serve cucm', ['serve', 'cucm', '--topology', 'labs/cucm-cluster.yaml'], {
    cwd: root,
  });
  const { endpoints } = await serveReadyLine<{
    endpoints: { nodes: Record<string, { sccp?: Endpoint }>; gateways: Record<string, { sip: Endpoint }> };
  }>(target);
  gateway = Object.values(endpoints.gateways)[0]!.sip;
  // The PIXIT a tester writes for this cluster: its endpoints, and the topology's phones and users.
  const topo = parse(readFileSync(join(root, 'labs/cucm-cluster.yaml'), 'utf8'));
  const cluster = topo.clusters[0];
  const phones: Record<string, unknown> = {};
  for (const [i, p] of (
    cluster.phones as { name: string; model: string; devicePool: string; lines: { dn: string }[] }[]
  ).entries())
    phones[String(i + 1)] = {
      mac: p.name.slice(3),
      model: p.model,
      dn: p.lines[0]!.dn,
      nodes: cluster.cmGroups[cluster.devicePools[p.devicePool].cmGroup],
    };
  const users = cluster.users as { id: string; password: string }[];
  const pixit = {
    iut: { vendor: 'Cisco', product: 'Cisco Unified Communications Manager', version: '14.0' },
    pics: join(root, 'labs/pics/cucm-14.yaml'),
    target: 'cucm',
    addresses: {
      sip: { host: gateway.host, port: gateway.port, transport: 'tcp' },
      sccpNodes: Object.fromEntries(
        Object.entries(endpoints.nodes).map(([name, n]) => [
          name,
          { host: n.sccp!.host, port: n.sccp!.port },
        ]),
      ),
    },
    numbers: {
      phones,
      lines: { '1001': '1001', '1002': '1002', '1003': '1003', '2000': '2000' },
      users: Object.fromEntries(users.map((u) => [u.id, u.id])),
    },
    credentials: Object.fromEntries(users.map((u) => [u.id, { password: u.password }])),
  };
  pixitFile = join(dir, 'cucm.pixit.yaml');
  writeFileSync(pixitFile, stringify(pixit));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Report {
  iut: { target: string };
  testPurposes: { name: string; verdict: string; reason?: string }[];
  totals: Record<string, number>;
  implementation: {
    iut: { vendor: string; product: string; version: string };
    pics: { file: string; profiles: string[] };
    pixit: { file: string; target: string; contents: { credentials: Record<string, { password: string }> } };
    notApplicable: unknown[];
  };
}

async function run(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; report: Report }> {
  const { runDir, ...res } = await ctilabRun(args, join(dir, `out-${Math.random().toString(16).slice(2)}`));
  return { ...res, report: JSON.parse(readFileSync(join(runDir, 'conformance.json'), 'utf8')) };
}

const protocolOnly = [
  'A user outside Standard CTI Enabled cannot connect',
  'A Standard CTI Enabled user connects and controls its Controlled Devices',
  'Without Allow Control of All Devices, another device is refused and the session keeps working',
  'A session on a line the user does not control is refused at set-up',
  'Allow Control of All Devices reaches every device of the cluster',
  'An application user connects and controls its Controlled Devices as an end user does',
  ...Array(7).fill('Group membership x device: who may monitor what'),
];

test(
  'a cucm pixit target: protocol-only scenarios pass, @lab-control ones are inconc with their reason',
  { timeout: 300_000 },
  async () => {
    const res = await run([...features, '--target', `pixit:${pixitFile}`]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    const r = res.report;
    assert.deepEqual(
      r.testPurposes.map((p) => `${p.verdict} ${p.name}`),
      [
        ...protocolOnly.map((n) => `pass ${n}`),
        ...Array(3).fill('inconc A Secure Connection user is served over TLS only'),
        'inconc A Secure Connection user is refused by a cluster without security',
        'inconc The cluster runs CallManager and CTIManager on exactly the servers that activate them',
        "pass Every phone registers with the first node of its device pool's CM group",
        "pass A session INVITE without credentials is challenged; the user's own password opens it",
        ...Array(3).fill('pass Wrong credentials never open a session'),
        'pass Only configured devices can be opened',
        'pass A call offered to a monitored device tells the application who calls',
        'inconc The 800th device open on a CTIManager node raises no alarm, the 801st does',
        "inconc An application's 2000th device raises no per-provider alarm, its 2001st does",
      ],
    );
    assert.deepEqual(r.totals, { none: 0, 'not run': 0, pass: 20, inconc: 7, fail: 0, error: 0 });
    const reasonOf = (name: string) => r.testPurposes.find((p) => p.name === name)?.reason;
    const tail = `a real target (pixit:${pixitFile}) is reached only through its protocols`;
    assert.equal(
      reasonOf('A Secure Connection user is refused by a cluster without security'),
      `@lab-control: needs a CUCM cluster configured for the scenario (the lab's topology, edited); ${tail}`,
    );
    assert.equal(
      reasonOf('The cluster runs CallManager and CTIManager on exactly the servers that activate them'),
      `@lab-control: needs reading the lab cluster's internals (its alarms, nodes, CTI sessions); ${tail}`,
    );
    assert.equal(
      reasonOf('The 800th device open on a CTIManager node raises no alarm, the 801st does'),
      `@lab-control: needs a CUCM cluster configured for the scenario (the lab's topology, edited); reading the lab cluster's internals (its alarms, nodes, CTI sessions); ${tail}`,
    );
    // The report names the IUT, its PICS and the PIXIT target (every password masked).
    assert.match(
      r.iut.target,
      new RegExp(
        `^pixit:${pixitFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(cucm: sip tcp ${gateway.host}:${gateway.port}, sccp cucm-pub 127\\.0\\.0\\.1:\\d+, sccp cucm-sub1 127\\.0\\.0\\.1:\\d+\\)$`,
      ),
    );
    assert.deepEqual(r.implementation.iut, {
      vendor: 'Cisco',
      product: 'Cisco Unified Communications Manager',
      version: '14.0',
    });
    assert.match(r.implementation.pics.file, /labs\/pics\/cucm-14\.yaml$/);
    assert.deepEqual(r.implementation.pics.profiles, ['cucm-cti']);
    assert.equal(r.implementation.pixit.target, 'cucm');
    assert.equal(r.implementation.pixit.file, pixitFile);
    assert.deepEqual(
      Object.values(r.implementation.pixit.contents.credentials),
      Array(5).fill({ password: '***' }),
    );
    assert.doesNotMatch(JSON.stringify(r), /alice-pw|rp-app-pw/);
    assert.deepEqual(r.implementation.notApplicable, []);
  },
);

test(
  "the sessions authenticate with the PIXIT's credentials: a wrong password fails the scenario",
  { timeout: 300_000 },
  async () => {
    const wrong = join(dir, 'wrong-password.yaml');
    writeFileSync(wrong, readFileSync(pixitFile, 'utf8').replace('alice-pw', 'not-alice-pw'));
    const res = await run([
      feature,
      '--name',
      'A Standard CTI Enabled user connects and controls its Controlled Devices',
      '--target',
      `pixit:${wrong}`,
    ]);
    assert.equal(res.code, 1, `${res.stdout}\n${res.stderr}`);
    assert.deepEqual(
      res.report.testPurposes.map((p) => `${p.verdict} ${p.name}`),
      ['fail A Standard CTI Enabled user connects and controls its Controlled Devices'],
    );
    // The gateway refused the digest: the step says so (SIP 403 or 401 on a wrong password).
    assert.match(res.stdout, /no refusal \(.*(401|403)/);
  },
);
