// Steps of CUCM-RED-012 (features/failover/cucm-application-failure.feature): SIPp, an independent
// SIP implementation (Debian package `sip-tester`), is the CTI application on the cluster's CTI
// gateway and fails by missing its heartbeat; the scenario's clock (the cluster's) is advanced by
// the steps while SIPp waits in real time for the gateway's BYE.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Given, Then, When } from '@cucumber/cucumber';
import type { Observation } from '../simulators/lab/observation.ts';
import { freePort } from '../simulators/testing/free-port.ts';
import { requireSipp } from '../simulators/testing/require-sipp.ts';
import { scenario, startCluster } from './cucm-steps.ts';
import type { LabWorld } from './world.ts';

interface SippRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  readonly errors: () => string;
  /** SIPp's <log> lines (-trace_logs). */
  readonly log: () => string;
  /** Index into `world.observed` when the application failed (set by the close check). */
  failedAt?: number;
}

const runs = new WeakMap<LabWorld, SippRun>();
/** The dialog of an application that died (CUCM-RED-012, lost connection), from SIPp's log. */
const dialogs = new WeakMap<
  LabWorld,
  { user: string; line: string; device: string; callId: string; fromTag: string; toTag: string }
>();

function run(world: LabWorld): SippRun {
  const r = runs.get(world);
  assert.ok(r, 'SIPp runs in this scenario');
  return r;
}

// SIPp 3.6 computes only MD5 digests and reads only the first WWW-Authenticate (it joins the
// headers and takes the first algorithm=): the gateway offers MD5 alone (RFC 8760 section 2.3
// lets a server offer any subset; MD5 stays a valid SIP digest algorithm, RFC 8760 section 3).
Given(
  'the CUCM cluster of {string} is running with its CTI gateway challenging with MD5 only',
  async function (this: LabWorld, file: string) {
    await startCluster(this, file, () => {}, { digestAlgorithms: ['MD5'] });
  },
);

/** Start SIPp on `scenarioFile` against the cluster's (first) CTI gateway, as `user`. */
async function startSipp(
  world: LabWorld,
  scenarioFile: string,
  user: string,
  line: string,
  extra: readonly string[],
): Promise<SippRun> {
  requireSipp();
  const s = scenario(world);
  const sip = Object.values(s.cluster.endpoints.gateways)[0]?.sip;
  assert.ok(sip, 'the cluster has a CTI gateway');
  const password = s.topology.cluster.users.find((u) => u.id === user)?.password;
  assert.ok(password, `${user} is a user of the cluster`);
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-sipp-'));
  const errorFile = join(dir, 'errors.log');
  const logFile = join(dir, 'messages.log');
  const args = [
    `${sip.host}:${sip.port}`,
    ...['-sf', fileURLToPath(new URL(`../conformance/sipp/${scenarioFile}`, import.meta.url))],
    ...['-s', line, '-key', 'app', user, ...extra],
    ...['-au', user, '-ap', password, '-t', 't1', '-m', '1'],
    // The digest uri is the Request-URI (RFC 3261 §22.4); SIPp's default is remote_ip:remote_port.
    ...['-auth_uri', `${line}@${sip.host}:${sip.port};transport=TCP`],
    ...['-timeout', '90s', '-timeout_error', '-i', '127.0.0.1', '-p', String(await freePort())],
    ...['-nostdin', '-trace_err', '-error_file', errorFile, '-trace_logs', '-log_file', logFile],
  ];
  let output = '';
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    output = (output + String(d)).slice(-20_000);
  });
  child.stderr?.on('data', (d) => {
    output = (output + String(d)).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const read = (file: string) => () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const r: SippRun = { child, exited, output: () => output, errors: read(errorFile), log: read(logFile) };
  runs.set(world, r);
  world.cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  return r;
}

function failure(r: SippRun, what: string, code: number | string | null): string {
  return `${what} (exit ${code})\n--- errors ---\n${r.errors().slice(-3000)}\n--- output ---\n${r.output().slice(-2000)}`;
}

/** SIPp's session is up once the gateway shows it with its monitor (real time: SIPp's pace). */
async function sessionOpened(world: LabWorld, r: SippRun, user: string): Promise<void> {
  const s = scenario(world);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mine = [...s.cluster.gateways.values()]
      .flatMap((g) => g.cti.sessions())
      .find((x) => x.user === user && x.monitors.length > 0);
    if (mine) return;
    if (r.child.exitCode !== null || Date.now() > deadline)
      assert.fail(failure(r, 'SIPp did not open a monitored session', r.child.exitCode));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** SIPp's exit code, or 'running' after `ms` of real time. */
function exitOf(r: SippRun, ms = 15_000): Promise<number | null | 'running'> {
  return Promise.race([
    r.exited,
    new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms)),
  ]);
}

When(
  'SIPp, as the CTI application {string} on line {string}, opens a session it never refreshes and monitors {string}',
  async function (this: LabWorld, user: string, line: string, device: string) {
    const r = await startSipp(this, 'cucm-app-failure.xml', user, line, ['-key', 'monitored', device]);
    await sessionOpened(this, r, user);
  },
);

When(
  'SIPp, as the CTI application {string} on line {string}, opens a session, monitors {string} and dies',
  async function (this: LabWorld, user: string, line: string, device: string) {
    const r = await startSipp(this, 'cucm-app-connection-lost.xml', user, line, [
      '-key',
      'monitored',
      device,
    ]);
    const code = await exitOf(r);
    assert.equal(code, 0, failure(r, 'SIPp did not open its session and monitor', code));
    const m = /dialog call-id=(\S+) from-tag=(\S+) to-tag=(\S+)/.exec(r.log());
    assert.ok(m, `SIPp logged its dialog: ${r.log()}`);
    const [, callId, fromTag, toTag] = m as unknown as [string, string, string, string];
    // The identifiers SIPp logged are the dialog the gateway answered (its 200 carried them), so
    // the later 481 is about this dialog, not about identifiers that never existed.
    const gateways = [...scenario(this).cluster.gateways.keys()].map((g) => `${g}-sip`);
    const answered = this.observed.some((o) => {
      if (o.kind !== 'wire' || !gateways.includes(o.source)) return false;
      const text = Buffer.from(o.bytes).toString('latin1');
      return (
        text.startsWith('SIP/2.0 200') &&
        text.includes(`\r\nCall-ID: ${callId}\r\n`) &&
        text.includes(`;tag=${fromTag}`) &&
        text.includes(`;tag=${toTag}`)
      );
    });
    assert.ok(answered, `the gateway answered 200 in dialog ${callId} ${fromTag} ${toTag}`);
    dialogs.set(this, { user, line, device, callId, fromTag, toTag });
    r.failedAt = this.observed.length;
  },
);

Then(
  "a request SIPp sends in the dead application's old dialog is answered 481",
  async function (this: LabWorld) {
    const d = dialogs.get(this);
    assert.ok(d, 'an application died in this scenario');
    const failedAt = run(this).failedAt;
    const r = await startSipp(this, 'cucm-app-old-dialog.xml', d.user, d.line, [
      ...['-key', 'monitored', d.device, '-cid_str', d.callId.replace(/%/g, '%%')],
      ...['-key', 'fromtag', d.fromTag, '-key', 'totag', d.toTag],
    ]);
    r.failedAt = failedAt;
    const code = await exitOf(r);
    assert.equal(code, 0, failure(r, "SIPp's INFO in the old dialog was not answered 481", code));
  },
);

Then(
  'the cluster has a CTI session of {string} monitoring {string}',
  function (this: LabWorld, user: string, device: string) {
    const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
    const mine = sessions.filter((x) => x.user === user);
    assert.equal(mine.length, 1, `one session of ${user}: ${JSON.stringify(sessions)}`);
    assert.deepEqual(
      mine[0]!.monitors.map((m) => m.replace(/^tel:/, '').split(';')[0]),
      [device],
    );
  },
);

Then(
  "SIPp got the gateway's BYE and its next request in that dialog was answered 481",
  async function (this: LabWorld) {
    const r = run(this);
    r.failedAt = this.observed.length;
    const code = await exitOf(r);
    assert.equal(code, 0, failure(r, "SIPp's scenario did not pass", code));
  },
);

/** The CSTA event INFOs (an INFO whose body is an ECMA-323 `...Event`) on the gateways' wires since `from`. */
function eventInfosSince(world: LabWorld, from: number): string[] {
  const gateways = [...scenario(world).cluster.gateways.keys()].map((g) => `${g}-sip`);
  const found: string[] = [];
  for (const o of world.observed.slice(from) as Observation[]) {
    if (o.kind !== 'wire' || o.protocol !== 'sip' || !gateways.includes(o.source)) continue;
    const text = Buffer.from(o.bytes).toString('latin1');
    if (text.startsWith('INFO ') && /<\w+Event[\s>]/.test(text)) found.push(text);
  }
  return found;
}

Then('the CTI gateway sent no event INFO since the application failed', async function (this: LabWorld) {
  const r = run(this);
  assert.ok(r.failedAt !== undefined, 'the application failed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(eventInfosSince(this, r.failedAt), []);
});
