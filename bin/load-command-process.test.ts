// Short real runs of `ctilab load --runtime process` on a CUCM cluster, an ACD node and a CME pair
// (each node unit a `ctilab serve ... --call-events` child; real sockets, ephemeral ports, a few
// seconds each), read back from the run's metrics.json and index.html: kills and restores, and a
// pause then unpause of the node every phone is on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCommand } from './load-command.ts';

const lab = (file: string) => JSON.stringify(fileURLToPath(new URL(`../labs/${file}`, import.meta.url)));

async function run(text: string, runtime?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-load-process-'));
  try {
    await writeFile(join(dir, 's.yaml'), text);
    let stdout = '';
    let stderr = '';
    const code = await loadCommand(
      { scenario: 's.yaml', ...(runtime === undefined ? {} : { runtime }), metricsPort: '0', out: 'reports' },
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
    const latest = join(dir, 'reports', 'load', 'latest');
    const read = (f: string) => readFileSync(join(latest, f), 'utf8');
    return {
      code,
      stdout,
      stderr,
      json: code === 2 ? undefined : JSON.parse(read('metrics.json')),
      html: code === 2 ? '' : read('index.html'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('CUCM on the process runtime: the cluster one serve child, a server killed and restored by its console, phones re-home, 0 events lost', async () => {
  const r = await run(
    `name: t-cucm-process
topology: ${lab('load/cucm-load.yaml')}
runtime: process
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
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const m = r.json.result;
  assert.equal(m.runtime, 'process');
  assert.match(r.json.command, / --runtime process$/);
  // RSS and CPU per node process: the cluster's child and the load process.
  assert.deepEqual(Object.keys(m.resources.perNode).sort(), ['cluster1', 'load']);
  assert.ok(m.resources.perNode.cluster1.rssMaxMB > 20, JSON.stringify(m.resources.perNode));
  assert.ok(m.series.some((s: { nodes?: Record<string, unknown> }) => s.nodes?.cluster1 !== undefined));
  // Ground truth streamed from the child: every expected CSTA event arrived, none twice, none unknown.
  assert.ok(m.events.expected > 0);
  assert.equal(m.events.lost, 0, m.events.firstLost.join('; '));
  assert.equal(m.events.duplicated, 0);
  assert.equal(m.events.unexpected, 0, m.events.firstUnexpected.join('; '));
  assert.equal(m.events.lostRecovered, 0);
  assert.equal(m.calls.clearedUnexpectedly, 0, JSON.stringify(m.calls.failed));
  // The kill: a console command of the cluster's child; its phones re-home, app-a's session reopens.
  const f = m.failovers[0];
  assert.equal(f.fault, 'kill');
  assert.equal(f.applied, true);
  assert.match(f.detail, /^callmanager and ctimanager of cucm-sub1 stopped: .*\(console of pid \d+\)$/);
  assert.equal(f.phonesLost, 8);
  assert.equal(f.phonesReRegistered, 8);
  assert.deepEqual(f.sessionsEnded, ['app-a']);
  assert.ok(m.timeline.some((t: { what: string }) => t.what.startsWith('fault kill cucm-sub1 applied')));
  // The restore: start-node on the same child, SCCP on the port first bound.
  assert.equal(m.failovers[1].fault, 'restore');
  assert.match(
    m.failovers[1].detail,
    /^callmanager and ctimanager of cucm-sub1 in service, SCCP on the port first bound \(console of pid \d+\)$/,
  );
  assert.match(r.html, /<h3>Timeline<\/h3>.*fault kill cucm-sub1 applied/s);
  assert.match(r.html, /RSS per node/);
});

test('ACD on the process runtime: the ACD one serve child, the active side killed by its console, 0 CTI Server events lost', async () => {
  const r = await run(
    `name: t-acd-process
topology: ${lab('acd-duplex.yaml')}
duration: 6
phones: { count: 8 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
cti:
  ctiServer:
    bridges: [{ name: b1, requestRate: 10 }]
    workstations: { count: 2, requestRate: 2 }
faults:
  - { at: 3, node: acd, fault: kill }
thresholds: { ctiServerEventsLostMax: 0, ctiServerEventsLostRecoveredMax: 0 }
`,
    'process',
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const m = r.json.result;
  assert.equal(m.runtime, 'process');
  assert.deepEqual(Object.keys(m.resources.perNode).sort(), ['acd', 'load']);
  assert.ok(m.resources.perNode.acd.rssMaxMB > 20, JSON.stringify(m.resources.perNode));
  // What the peripheral handed to its CTI Server, streamed from the child, against what the clients got.
  const e = m.ctiServer.events;
  assert.ok(e.expected > 0);
  assert.equal(e.lost, 0, e.firstLost.join('; '));
  assert.equal(e.duplicated, 0);
  assert.equal(e.unexpected, 0, e.firstUnexpected.join('; '));
  assert.equal(e.recoveredDevices, 3);
  // Each session's greeting (tagged with its MonitorID): at least b1's SYSTEM_EVENT at each of its two opens.
  assert.ok(e.onOpen >= 2, String(e.onOpen));
  assert.equal(e.lostRecovered, 0);
  // Only requests in flight when the side died go unanswered (a refusal would be a fault of the lab).
  assert.deepEqual(
    Object.keys(m.ctiServer.refusals).filter((k) => k !== 'no answer (session lost)'),
    [],
  );
  assert.equal(m.calls.clearedUnexpectedly, 0);
  const f = m.failovers[0];
  assert.equal(f.applied, true);
  assert.match(f.detail, /^CTI Server side A of acd died .*\(console of pid \d+\)$/);
  assert.deepEqual(f.ctiServerSessionsEnded.sort(), ['b1', 'ws-7000000', 'ws-7000001']);
  assert.ok(m.timeline.some((t: { what: string }) => t.what === 'b1: CTI session reopened on side B'));
  assert.match(r.html, /<h3>Timeline<\/h3>.*fault kill acd applied/s);
});

interface PauseRun {
  readonly node: string;
  /** The fault's detail on this target, pause then unpause. */
  readonly detail: readonly [RegExp, RegExp];
}

/**
 * A pause then an unpause of the node every phone is registered with, shorter than the phones'
 * keepalive supervision (3 missed, 30 s apart) and a TR/87 dialog's Timer F: no phone re-homes
 * and no session ends (no recovered device); what the phones sent meanwhile is handled once the
 * node resumes, so its calls end and its events come again, none lost, none twice.
 */
async function pauseUnpause(topology: string, extra: string, p: PauseRun) {
  const r = await run(
    `name: t-pause-process
topology: ${lab(topology)}
runtime: process
duration: 9
phones: { count: 8 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
monitored: 0.5
${extra}
faults:
  - { at: 2, node: ${p.node}, fault: pause }
  - { at: 5, node: ${p.node}, fault: unpause }
thresholds: { eventsLostMax: 0, eventsDuplicatedMax: 0, callsClearedUnexpectedlyMax: 0 }
`,
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const m = r.json.result;
  assert.equal(m.runtime, 'process');
  // The fault timeline in metrics.json: each fault at its time, then applied, in order.
  const faultLines = m.timeline.filter((t: { what: string }) => /^fault/.test(t.what));
  assert.deepEqual(
    faultLines.map((t: { what: string }) => t.what.replace(/ applied: .*/, ' applied')),
    [
      `fault: pause ${p.node}`,
      `fault pause ${p.node} applied`,
      `fault: unpause ${p.node}`,
      `fault unpause ${p.node} applied`,
    ],
  );
  assert.ok(faultLines[0].t >= 2 && faultLines[2].t >= 5, JSON.stringify(faultLines));
  assert.deepEqual(
    m.failovers.map((f: { fault: string; applied: boolean }) => [f.fault, f.applied]),
    [
      ['pause', true],
      ['unpause', true],
    ],
  );
  assert.match(m.failovers[0].detail, p.detail[0]);
  assert.match(m.failovers[1].detail, p.detail[1]);
  for (const f of m.failovers) {
    assert.equal(f.phonesLost, 0);
    assert.deepEqual(f.sessionsEnded, []);
  }
  // Every event against the call model arrived once; no session ended, so no recovered device.
  assert.ok(m.events.expected > 0);
  assert.equal(m.events.lost, 0, m.events.firstLost.join('; '));
  assert.equal(m.events.duplicated, 0);
  assert.equal(m.events.unexpected, 0, m.events.firstUnexpected.join('; '));
  assert.equal(m.events.recoveredDevices, 0);
  assert.equal(m.events.lostRecovered, 0);
  // The paused node's events resume: after the unpause (and its held work), calls complete again
  // and events arrive; no call hangs on a message the paused node never handled.
  const atUnpause = m.series.findLast((s: { t: number }) => s.t <= 5);
  const after = m.series.filter((s: { t: number }) => s.t > 6);
  assert.ok(
    after.some((s: { eventsPerSecond: number }) => s.eventsPerSecond > 0),
    JSON.stringify(m.series),
  );
  assert.ok(m.calls.completed > atUnpause.completed, JSON.stringify(m.calls));
  assert.deepEqual(
    Object.keys(m.calls.failed).filter((k) => k !== 'no-idle-registered-pair'),
    [],
    JSON.stringify(m.calls.failed),
  );
  assert.equal(m.calls.clearedUnexpectedly, 0);
  assert.match(r.html, /<h3>Timeline<\/h3>.*fault pause .* applied.*fault unpause .* applied/s);
}

test('CUCM on the process runtime: cucm-sub1 paused and unpaused by its console, its calls go on after, 0 events lost', async () => {
  await pauseUnpause(
    'load/cucm-load.yaml',
    `cti:
  tr87:
    - { name: app-a, gateway: imp-a, requestRate: 4 }
    - { name: app-b, gateway: imp-b, requestRate: 4 }`,
    {
      node: 'cucm-sub1',
      detail: [
        /^cucm-sub1 hangs: its SCCP listener answers nothing, .*\(console of pid \d+\)$/,
        /^cucm-sub1 answers again \(console of pid \d+\)$/,
      ],
    },
  );
});

test('CME pair on the process runtime: the primary SIGSTOPped and SIGCONTed, its calls go on after, 0 events lost', async () => {
  await pauseUnpause(
    'load/cme-pair-load.yaml',
    'cti: { tr87: [{ name: app, gateway: primary, requestRate: 4 }] }',
    {
      node: 'primary',
      detail: [/^SIGSTOP to pid \d+$/, /^SIGCONT to pid \d+$/],
    },
  );
});

test('CME pair on the process runtime: a pause past Timer F ends the TR/87 sessions, they reopen after the unpause, 0 events lost after the reopen', async () => {
  // About 45 s: a hung CME's TR/87 dialog is taken for lost after 2 requests unanswered until
  // Timer F (32 s); its phones (keepalive 30 s, 3 missed) stay registered through the pause.
  const r = await run(
    `name: t-long-pause-process
topology: ${lab('load/cme-pair-load.yaml')}
runtime: process
duration: 42
phones: { count: 8 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
monitored: 0.5
cti: { tr87: [{ name: app, gateway: primary, requestRate: 4 }] }
faults:
  - { at: 2, node: primary, fault: pause }
  - { at: 38, node: primary, fault: unpause }
thresholds: { eventsLostMax: 0, eventsLostRecoveredMax: 0, callsClearedUnexpectedlyMax: 0 }
`,
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const m = r.json.result;
  const [pause, unpause] = m.failovers;
  assert.equal(pause.fault, 'pause');
  assert.equal(pause.phonesLost, 0);
  // The sessions lost while the node hung are the pause's (not only those within 15 s of it).
  assert.equal(pause.sessionsEnded.length, 4, JSON.stringify(m.timeline));
  assert.equal(pause.devicesReopened, 4);
  assert.ok(pause.reopenSeconds >= 33, String(pause.reopenSeconds));
  assert.deepEqual(unpause.sessionsEnded, []);
  assert.equal(m.events.recoveredDevices, 4);
  assert.ok(m.events.expectedRecovered > 0);
  assert.equal(m.events.lostRecovered, 0, m.events.firstLost.join('; '));
  assert.equal(m.events.lost, 0);
  assert.equal(m.events.duplicated, 0);
  assert.equal(m.events.unexpected, 0, m.events.firstUnexpected.join('; '));
  // Calls placed on the hung node fail by the fault, none "unexpectedly"; calls go on after it.
  assert.equal(m.calls.clearedUnexpectedly, 0, JSON.stringify(m.calls.failed));
  assert.deepEqual(
    Object.keys(m.calls.failed).filter(
      (k) => !/^(no-idle-registered-pair|setup-lost-by-fault:|cleared-by-fault)/.test(k),
    ),
    [],
    JSON.stringify(m.calls.failed),
  );
  const atUnpause = m.series.findLast((s: { t: number }) => s.t <= 38);
  assert.ok(m.calls.completed > atUnpause.completed, JSON.stringify(m.calls));
  assert.ok(
    m.timeline.some(
      (t: { t: number; what: string }) => t.t > 38 && /: reopened 1 monitors through/.test(t.what),
    ),
  );
});
