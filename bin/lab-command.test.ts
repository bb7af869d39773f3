import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../simulators/runtime/lab-state.ts';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';

// `ctilab lab up|status|fault|down` on the process runtime, as a user in a shell runs them: real
// processes, a real SIGKILL of the primary, phones re-homing to the secondary, a killed `lab up`
// whose children the next `lab down` ends. Every wait is bounded.

const pair = fileURLToPath(new URL('../labs/cme-pair.yaml', import.meta.url));
const moc = fileURLToPath(new URL('../labs/cme-moc.yaml', import.meta.url));
const cucm = fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url));
const { cwd, start: ctilab, once } = ctilabChildren({ cwdPrefix: 'ctilab-lab-' });

type Phones = Record<
  string,
  {
    phones: number;
    registered: number;
    byNode: Record<string, number>;
    devices?: Record<string, string | null>;
  }
>;

async function phonesUntil(ok: (p: Phones) => boolean, what: string): Promise<Phones> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { value } = await once(['lab', 'status']);
    const phones = value?.phones as Phones | undefined;
    if (phones !== undefined && ok(phones)) return phones;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(value)}`);
  }
}

test(
  'lab up --runtime process: endpoints, status, a killed primary, refused faults, lab down',
  { timeout: 180_000 },
  async () => {
    const up = ctilab('lab up', ['lab', 'up', pair, '--runtime', 'process']);
    const ready = await up.waitForLine((v) => 'nodes' in v, 60_000, 'lab up line', 0);
    const nodes = ready.value.nodes as Record<
      string,
      { endpoints: { sccp: { host: string; port: number } } }
    >;
    assert.deepEqual(Object.keys(nodes), ['primary', 'secondary']);
    assert.equal(nodes.primary?.endpoints.sccp.host, '127.0.0.1');
    assert.deepEqual(ready.value.phones, {
      'pair-phones': { phones: 8, registered: 8, byNode: { primary: 8 } },
    });

    const kill = await once(['lab', 'fault', 'primary', 'kill']);
    assert.equal(kill.code, 0);
    assert.equal(kill.value?.applied, true);
    assert.match(String(kill.value?.detail), /^SIGKILL to pid \d+$/);
    await phonesUntil((p) => p['pair-phones']?.byNode.secondary === 8, 'all 8 phones on the secondary');

    const loss = await once(['lab', 'fault', 'secondary', 'loss', '5']);
    assert.equal(loss.code, 1);
    assert.equal(loss.value?.reason, "loss 5 needs a network of the lab's own: use --runtime containers");
    const bad = await once(['lab', 'fault', 'secondary', 'explode']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown fault 'explode'/);

    const down = await once(['lab', 'down']);
    assert.equal(down.code, 0);
    assert.deepEqual(down.value, { down: [{ lab: 'cme-pair', stopped: true }] });
    assert.deepEqual(await up.waitForExit(30_000), { code: 0, signal: null });
    assert.equal((await once(['lab', 'status'])).code, 1);
  },
);

test(
  'a lab whose lab up was SIGKILLed is found and ended by the next lab down',
  { timeout: 180_000 },
  async () => {
    await once(['lab', 'down']); // whatever an earlier failed test left up
    const up = ctilab('lab up', ['lab', 'up', pair, '--runtime', 'process']);
    await up.waitForLine((v) => 'nodes' in v, 60_000, 'lab up line', 0);
    // The state file is written before the line; its children: two nodes and one phones process.
    const status = await once(['lab', 'status']);
    assert.equal(status.code, 0);
    up.signal('SIGKILL');
    await up.waitForExit(10_000);
    const refused = await once(['lab', 'status']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /lab 'cme-pair' is not running \(its lab up, pid \d+, is gone\): ctilab lab down cme-pair/,
    );
    const down = await once(['lab', 'down']);
    assert.equal(down.code, 0);
    const entry = (down.value?.down as Array<{ lab: string; leftOver: boolean; ended: number[] }>)[0]!;
    assert.equal(entry.lab, 'cme-pair');
    assert.equal(entry.leftOver, true);
    assert.equal(entry.ended.length, 3, 'two nodes and the phones process');
    await new Promise((r) => setTimeout(r, 500));
    for (const pid of entry.ended) assert.equal(isAlive(pid), false, `pid ${pid} ended`);
    assert.deepEqual((await once(['lab', 'down'])).value, { down: [] });
  },
);

test(
  'lab up --runtime containers: one JSON line, a SIGKILLed lab up, and lab down removes its containers',
  { timeout: 240_000 },
  async (t) => {
    const { dockerRequired, dockerUnavailable } = await import(
      '../simulators/runtime/containers/docker-engine.ts'
    );
    const why = await dockerUnavailable();
    if (why !== undefined) {
      if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
      t.skip(why);
      return;
    }
    await once(['lab', 'down']);
    const up = ctilab('lab up', ['lab', 'up', moc, '--runtime', 'containers']);
    const ready = await up.waitForLine((v) => 'nodes' in v, 180_000, 'lab up line', 0);
    assert.equal(ready.value.runtime, 'containers');
    assert.deepEqual(ready.value.phones, { 'moc-phones': { phones: 3, registered: 3, byNode: { cme: 3 } } });
    const sccp = (ready.value.nodes as Record<string, { endpoints: { sccp: { host: string } } }>).cme
      ?.endpoints.sccp;
    assert.equal(sccp?.host, '127.0.0.1');
    up.signal('SIGKILL');
    await up.waitForExit(10_000);
    const down = await once(['lab', 'down']);
    assert.equal(down.code, 0, down.stderr);
    const entry = (down.value?.down as Array<{ lab: string; leftOver: boolean; ended: string[] }>)[0]!;
    assert.equal(entry.lab, 'cme-moc');
    assert.equal(entry.leftOver, true);
    // The node's and the phones' containers, then the lab network.
    assert.equal(entry.ended.length, 3, JSON.stringify(entry.ended));
    assert.ok(
      entry.ended.every((name) => name.startsWith('ctilab-cme-moc-')),
      JSON.stringify(entry.ended),
    );
    assert.deepEqual((await once(['lab', 'down'])).value, { down: [] });
  },
);

// labs/cucm-cluster.yaml on the process runtime: the cluster is one `ctilab serve cucm --console`
// child (its servers share one call model), its phones one `ctilab phones --topology` child. CM
// group G1 = [cucm-sub1, cucm-pub]: CUCM CTI guide "CTI Redundancy on Cisco Unified Communications
// Manager", a failed node's phones register with the next node of their group.
const CUCM_PHONES = ['SEP0000000CA001', 'SEP0000000CA002', 'SEP0000000CA003'];
const allOn = (node: string) => Object.fromEntries(CUCM_PHONES.map((d) => [d, node]));

test(
  'lab up labs/cucm-cluster.yaml --runtime process: phones on cucm-sub1, kill moves them to cucm-pub, restore, lab down leaves nothing',
  { timeout: 180_000 },
  async () => {
    await once(['lab', 'down']);
    const up = ctilab('lab up', ['lab', 'up', cucm, '--runtime', 'process']);
    const ready = await up.waitForLine((v) => 'nodes' in v, 60_000, 'lab up line', 0);
    const nodes = ready.value.nodes as Record<
      string,
      { kind: string; endpoints: Record<string, { host: string; port: number }> }
    >;
    assert.deepEqual(
      Object.fromEntries(Object.entries(nodes).map(([n, v]) => [n, [v.kind, ...Object.keys(v.endpoints)]])),
      { 'cucm-pub': ['cucm', 'sccp'], 'cucm-sub1': ['cucm', 'sccp'], 'cucm-imp': ['cti-gateway', 'sip'] },
    );
    assert.deepEqual(ready.value.phones, {
      'cluster1-phones': {
        phones: 3,
        registered: 3,
        byNode: { 'cucm-sub1': 3 },
        devices: allOn('cucm-sub1'),
      },
    });
    // One child for the cluster, one for its phones.
    const status = await once(['lab', 'status']);
    assert.equal(status.code, 0);
    const running = status.value?.nodes as Record<string, { running: boolean }>;
    assert.deepEqual(
      Object.values(running).map((n) => n.running),
      [true, true, true],
    );

    const kill = await once(['lab', 'fault', 'cucm-sub1', 'kill']);
    assert.equal(kill.code, 0, kill.stderr);
    assert.match(
      String(kill.value?.detail),
      /^callmanager and ctimanager of cucm-sub1 stopped: its phones fail over down their CM group \(console of pid \d+\)$/,
    );
    const moved = await phonesUntil(
      (p) => p['cluster1-phones']?.byNode['cucm-pub'] === 3,
      'all 3 phones on cucm-pub',
    );
    assert.deepEqual(moved['cluster1-phones']?.devices, allOn('cucm-pub'));
    const afterKill = (await once(['lab', 'status'])).value?.nodes as Record<string, { running: boolean }>;
    assert.equal(afterKill['cucm-sub1']?.running, false);

    const restore = await once(['lab', 'fault', 'cucm-sub1', 'restore']);
    assert.equal(restore.code, 0, restore.stderr);
    const afterRestore = (await once(['lab', 'status'])).value?.nodes as Record<
      string,
      { running: boolean; endpoints: { sccp: { port: number } } }
    >;
    assert.equal(afterRestore['cucm-sub1']?.running, true);
    assert.equal(afterRestore['cucm-sub1']?.endpoints.sccp.port, nodes['cucm-sub1']?.endpoints.sccp?.port);

    const gateway = await once(['lab', 'fault', 'cucm-imp', 'kill']);
    assert.equal(gateway.code, 1);
    assert.equal(
      gateway.value?.reason,
      "'cucm-imp' is a CTI gateway of cluster cluster1: kill applies to its servers (cucm-pub, cucm-sub1)",
    );

    // The state file names the cluster's child and the phones child; lab down ends both.
    const children = (
      JSON.parse(readFileSync(join(cwd, '.ctilab', 'labs', 'cucm-cluster.json'), 'utf8')) as {
        children: number[];
      }
    ).children;
    assert.equal(children.length, 2, 'the cluster child and the phones child');
    const down = await once(['lab', 'down']);
    assert.equal(down.code, 0);
    assert.deepEqual(down.value, { down: [{ lab: 'cucm-cluster', stopped: true }] });
    assert.deepEqual(await up.waitForExit(30_000), { code: 0, signal: null });
    for (const pid of children) assert.equal(isAlive(pid), false, `pid ${pid} ended`);
    assert.equal(existsSync(join(cwd, '.ctilab', 'labs', 'cucm-cluster.json')), false);
    assert.equal((await once(['lab', 'status'])).code, 1);
  },
);
