import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';
import { loadTopology } from '../../topology/load-topology.ts';
import { dockerRequired, dockerUnavailable } from '../containers/docker-engine.ts';
import { composeFile } from './compose-export.ts';
import { kubernetesManifests } from './kubernetes-export.ts';

// `ctilab lab export`: the Kubernetes manifests pass the Kubernetes OpenAPI schemas
// (kubernetes-models' validate()); the Compose file is accepted by Debian's docker-compose and,
// run for real, registers the lab's phones with its nodes.

const lab = (name: string) => fileURLToPath(new URL(`../../../labs/${name}`, import.meta.url));
const IMAGE = 'registry.example/ctilab-lab:1';

test('kubernetes: every manifest validates against the Kubernetes schema; services carry the node names', async () => {
  for (const file of ['cme-pair.yaml', 'cme-moc.yaml', 'cme-100.yaml']) {
    const manifests = kubernetesManifests(await loadTopology(lab(file)), IMAGE);
    for (const m of manifests) {
      const model =
        m.kind === 'Deployment'
          ? new Deployment(m as never)
          : m.kind === 'Service'
            ? new Service(m as never)
            : new ConfigMap(m as never);
      assert.doesNotThrow(() => model.validate(), `${file}: ${m.kind} ${JSON.stringify(m.metadata)}`);
    }
  }
  const pair = kubernetesManifests(await loadTopology(lab('cme-pair.yaml')), IMAGE);
  // The check can fail: a Deployment whose replicas is not an integer is refused by the schema.
  const deployment = pair.find((m) => m.kind === 'Deployment') as { spec: Record<string, unknown> };
  assert.throws(() =>
    new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'one' } } as never).validate(),
  );
  assert.deepEqual(
    pair.map((m) => `${m.kind}/${(m.metadata as { name: string }).name}`),
    [
      'ConfigMap/cme-pair-cfg-cme-features',
      'Deployment/cme-pair-primary',
      'Service/primary',
      'Deployment/cme-pair-secondary',
      'Service/secondary',
      'Deployment/cme-pair-phones-pair-phones',
    ],
  );
  const phones = pair.at(-1) as {
    spec: { template: { spec: { containers: Array<{ args: string[]; image: string }> } } };
  };
  const container = phones.spec.template.spec.containers[0]!;
  assert.equal(container.image, IMAGE);
  assert.deepEqual(container.args.slice(0, 5), [
    'phones',
    '--target',
    'primary:2000',
    '--target',
    'secondary:2000',
  ]);
});

test('compose: services, loopback-only ports, the lab network and labels', async () => {
  const compose = composeFile(
    await loadTopology(lab('cme-pair.yaml')),
    IMAGE,
    fileURLToPath(new URL('../../../labs/', import.meta.url)),
  ) as {
    services: Record<
      string,
      { ports?: string[]; volumes?: string[]; networks: unknown; labels: Record<string, string> }
    >;
  };
  assert.deepEqual(Object.keys(compose.services), ['primary', 'secondary', 'phones-pair-phones']);
  assert.deepEqual(compose.services.primary?.ports, ['127.0.0.1::2000/tcp']);
  assert.deepEqual(compose.services.primary?.volumes, ['./cme-features.cfg:/lab/cme-features.cfg:ro']);
  assert.deepEqual(compose.services.primary?.networks, { lab: { aliases: ['primary'] } });
  assert.equal(compose.services['phones-pair-phones']?.labels['org.ctilab.lab'], 'cme-pair');
  assert.equal(compose.services['phones-pair-phones']?.ports, undefined, 'phones publish nothing');
});

test(
  'compose: docker-compose accepts the file and runs the lab for real',
  { timeout: 300_000 },
  async (t) => {
    const why = (await dockerUnavailable()) ?? composeMissing();
    if (why !== undefined) {
      if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
      t.skip(why);
      return;
    }
    const { ensureLabImage } = await import('../containers/build-lab-image.ts');
    const image = (await ensureLabImage()).name;
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-compose-'));
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, stringify(composeFile(await loadTopology(lab('cme-pair.yaml')), image, dir)));
    const project = `ctilab-export-${process.pid}`;
    const compose = (...args: string[]) =>
      execFileSync('docker-compose', ['-p', project, '-f', file, ...args], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    try {
      compose('config', '-q');
      compose('up', '-d');
      const deadline = Date.now() + 120_000;
      let registered = 0;
      while (registered < 8 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        const log = compose('logs', '--no-color', 'phones-pair-phones');
        registered = new Set(
          [
            ...log.matchAll(/"device":"(SEP[0-9A-F]{12})"[^}]*"registered":true,"server":"primary:2000"/g),
          ].map((m) => m[1]),
        ).size;
      }
      assert.equal(
        registered,
        8,
        'the eight phones registered with the primary by its name on the lab network',
      );
    } finally {
      compose('down', '--volumes', '--remove-orphans');
      rmSync(dir, { recursive: true, force: true });
    }
    const left = execFileSync(
      'docker',
      ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`],
      { encoding: 'utf8' },
    );
    assert.equal(left.trim(), '', 'docker-compose down leaves no container');
  },
);

function composeMissing(): string | undefined {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return 'docker-compose is not installed (Debian package docker-compose)';
  }
}
