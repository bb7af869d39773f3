// Short real runs of `ctilab load --runtime containers` (each node unit a `docker run -i` of the
// locally built lab image, its ports published on 127.0.0.1; phones and TR/87 clients in this
// process), read back from the run's metrics.json: a CME pair (0 events lost against the ground
// truth the containers stream, the primary killed by `docker kill` and restored as a new container
// on the same host ports, RSS/CPU per container) and a CUCM cluster (one container, a server
// stopped and restored by console lines on its stdin: the nightly's lab), nothing left behind. Skipped without a Docker engine
// unless CTILAB_REQUIRE_DOCKER=1 (CI), where a missing engine fails it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dockerRequired, dockerUnavailable } from '../simulators/runtime/containers/docker-engine.ts';
import { LAB_LABEL } from '../simulators/runtime/containers/lab-labels.ts';
import { loadCommand } from './load-command.ts';

const lab = (file: string) => JSON.stringify(fileURLToPath(new URL(`../labs/${file}`, import.meta.url)));

/** The load containers labelled with a lab of this process (`load-<pid>-...`). */
function leftContainers(): string[] {
  const out = execFileSync(
    'docker',
    ['ps', '-a', '--filter', `label=${LAB_LABEL}`, '--format', '{{.Names}}'],
    {
      encoding: 'utf8',
    },
  );
  return out.split('\n').filter((n) => n.startsWith(`ctilab-load-${process.pid}-`));
}

/** Skips (or fails, CTILAB_REQUIRE_DOCKER=1) without an engine; else runs the scenario on containers. */
async function runOnContainers(t: { skip(why: string): void }, text: string) {
  const why = await dockerUnavailable();
  if (why !== undefined) {
    if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
    t.skip(why);
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-load-containers-'));
  try {
    await writeFile(join(dir, 's.yaml'), text);
    let stdout = '';
    let stderr = '';
    const code = await loadCommand(
      { scenario: 's.yaml', runtime: 'containers', metricsPort: '0', out: 'reports' },
      {
        stdout: {
          write: (s: string) => {
            stdout += s;
          },
        },
        stderr: {
          write: (s: string) => {
            stderr += s;
          },
        },
        cwd: dir,
      },
    );
    assert.equal(code, 0, stderr + stdout);
    const json = JSON.parse(readFileSync(join(dir, 'reports', 'load', 'latest', 'metrics.json'), 'utf8'));
    assert.deepEqual(leftContainers(), []);
    return { m: json.result, command: String(json.command) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test(
  'CME pair on the containers runtime: each CME a container, the primary docker-killed and restored, 0 events lost',
  { timeout: 600_000 },
  async (t) => {
    const r = await runOnContainers(
      t,
      `name: t-cme-containers
topology: ${lab('load/cme-pair-load.yaml')}
duration: 12
phones: { count: 8 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
monitored: 0.5
cti:
  tr87: [{ name: app, gateway: primary, requestRate: 8 }]
faults:
  - { at: 4, node: primary, fault: kill }
  - { at: 8, node: primary, fault: restore }
thresholds: { eventsLostMax: 0, eventsDuplicatedMax: 0, callsClearedUnexpectedlyMax: 0 }
`,
    );
    if (r === undefined) return;
    const { m } = r;
    assert.equal(m.runtime, 'containers');
    assert.match(r.command, / --runtime containers$/);
    // Ground truth streamed from the containers' stdout: every expected CSTA event arrived once.
    assert.ok(m.events.expected > 0);
    assert.equal(m.events.lost, 0, m.events.firstLost.join('; '));
    assert.equal(m.events.duplicated, 0);
    assert.equal(m.events.unexpected, 0, m.events.firstUnexpected.join('; '));
    assert.equal(m.calls.completed + m.calls.failedTotal, m.calls.attempted, JSON.stringify(m.calls.failed));
    assert.equal(m.calls.clearedUnexpectedly, 0);
    // The kill: the engine's, a real SIGKILL of the container's process; phones re-home, the
    // TR/87 sessions (one per monitored phone) reopen on the secondary.
    const [kill, restore] = m.failovers;
    assert.equal(kill.fault, 'kill');
    assert.equal(kill.applied, true);
    assert.match(
      kill.detail,
      /^docker kill of container ctilab-load-\d+-\d+-primary-1 \(SIGKILL to its node process, pid \d+\)$/,
    );
    assert.equal(kill.phonesLost, 8);
    assert.equal(kill.phonesReRegistered, 8);
    assert.equal(kill.sessionsEnded.length, 4);
    assert.notEqual(kill.reopenSeconds, null, 'the ended sessions reopened on the secondary');
    // The restore: a new container, published on the host ports the first had.
    assert.equal(restore.fault, 'restore');
    assert.equal(restore.applied, true);
    assert.match(
      restore.detail,
      /^a new container ctilab-load-\d+-\d+-primary-2 on the ports the first bound$/,
    );
    assert.ok(m.timeline.some((x: { what: string }) => x.what.startsWith('fault restore primary applied')));
    // RSS and CPU per container (its process on this machine) and of the load process.
    assert.deepEqual(Object.keys(m.resources.perNode).sort(), ['load', 'primary', 'secondary']);
    assert.ok(m.resources.perNode.secondary.rssMaxMB > 20, JSON.stringify(m.resources.perNode));
    assert.match(m.resources.process, /^containers runtime:/);
    // The figures of the run, for the record (no timed assertion).
    process.stdout.write(
      `# containers CME run: ${m.calls.attempted} calls, ${m.events.expected} events expected, ${m.events.lost} lost; ` +
        `re-home ${kill.reHomeSeconds} s, reopen ${kill.reopenSeconds} s; per node ${JSON.stringify(m.resources.perNode)}\n`,
    );
  },
);

test(
  'CUCM on the containers runtime: the cluster one container, a server stopped and restored by console lines on its stdin, 0 events lost',
  { timeout: 600_000 },
  async (t) => {
    const r = await runOnContainers(
      t,
      `name: t-cucm-containers
topology: ${lab('load/cucm-load.yaml')}
duration: 7
phones: { count: 8 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
monitored: 0.5
cti:
  tr87:
    - { name: app-a, gateway: imp-a, requestRate: 4 }
    - { name: app-b, gateway: imp-b, requestRate: 4 }
faults:
  - { at: 3, node: cucm-sub1, fault: kill }
  - { at: 4.5, node: cucm-sub1, fault: restore }
thresholds: { eventsLostMax: 0, eventsLostRecoveredMax: 0 }
`,
    );
    if (r === undefined) return;
    const { m } = r;
    assert.equal(m.runtime, 'containers');
    assert.ok(m.events.expected > 0);
    assert.equal(m.events.lost, 0, m.events.firstLost.join('; '));
    assert.equal(m.events.duplicated, 0);
    assert.equal(m.events.unexpected, 0, m.events.firstUnexpected.join('; '));
    assert.equal(m.calls.clearedUnexpectedly, 0, JSON.stringify(m.calls.failed));
    const [kill, restore] = m.failovers;
    assert.match(
      kill.detail,
      /^callmanager and ctimanager of cucm-sub1 stopped: .*\(console of container ctilab-load-\d+-\d+-cluster1-1\)$/,
    );
    assert.equal(kill.phonesReRegistered, 8);
    assert.deepEqual(kill.sessionsEnded, ['app-a']);
    assert.match(
      restore.detail,
      /^callmanager and ctimanager of cucm-sub1 in service, SCCP on the port first bound/,
    );
    assert.deepEqual(Object.keys(m.resources.perNode).sort(), ['cluster1', 'load']);
  },
);
