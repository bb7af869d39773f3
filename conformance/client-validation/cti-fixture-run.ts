/**
 * One validation run of a CTI Server profile against the fixture client in a child process, for
 * the tests and the Cucumber steps (the `validate-client` command has its own orchestration): the
 * profile's lab on ephemeral ports, the fixture (reference or `--fault`) given the ConnectInfo, an
 * HTTP upper tester on its control endpoint, the plan, then the grades of the transcript.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CtiFrameReader,
  decodeMessage,
  MESSAGES_BY_ID,
  NEWEST_VERSION,
} from '../../simulators/cti-server/wire.ts';
import { systemClock } from '../../simulators/lab/clock.ts';
import { type Endpoint, ObservationStream, type WireObservation } from '../../simulators/lab/observation.ts';
import type { RuleGrade } from './client-grade.ts';
import type { ClientProfile, ConnectInfo, Stimulus, ValidationSettings } from './client-profile.ts';
import type { CtiEntry, Transcript } from './transcript.ts';
import type { UpperTester } from './upper-tester.ts';

export const CTI_FIXTURE_CLIENT = fileURLToPath(new URL('./fixtures/cti-fixture-client.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An upper tester that POSTs each action to the fixture's control endpoint. */
export function httpUpperTester(base: string, actions: readonly string[]): UpperTester {
  return {
    supports: (action) => actions.includes(action),
    async perform(action, args) {
      try {
        const res = await fetch(`${base}/${action}?${new URLSearchParams(args as Record<string, string>)}`, {
          method: 'POST',
        });
        const text = await res.text();
        return { ok: res.status === 200, detail: `HTTP ${res.status} ${text}` };
      } catch (e) {
        return { ok: false, detail: (e as Error).message };
      }
    },
  };
}

const hostPort = (e: Endpoint) => `${e.host}:${e.port}`;

/**
 * The transcript of the GED-188 traffic the CTI Server sides published (one wire observation per
 * message), numbered in stream order. ⚠ Interim: the validate-client run reads the pcap instead
 * (pcap-transcript.ts), whose frame numbers are Wireshark's.
 */
export function transcriptOfCtiObservations(
  wire: readonly WireObservation[],
  servers: readonly Endpoint[],
): Transcript {
  const sides = new Set(servers.map(hostPort));
  const versions = new Map<string, number>();
  const entries: CtiEntry[] = [];
  wire.forEach((o, i) => {
    if (o.protocol !== 'cti-server') return;
    const toServer = sides.has(hostPort(o.dst));
    if (!toServer && !sides.has(hostPort(o.src))) return;
    const client = hostPort(toServer ? o.src : o.dst);
    const server = hostPort(toServer ? o.dst : o.src);
    const reader = new CtiFrameReader();
    for (const r of reader.push(Buffer.from(o.bytes))) {
      if (!r.ok) continue;
      const { messageType, body } = r.frame;
      if (messageType === 3 && toServer && body.length >= 8) versions.set(o.connection, body.readUInt32BE(4));
      const version = versions.get(o.connection) ?? NEWEST_VERSION;
      const d = decodeMessage(messageType, body, version);
      entries.push({
        protocol: 'cti-server',
        frame: i + 1,
        time: o.time,
        direction: toServer ? 'from-client' : 'to-client',
        client,
        server,
        messageType,
        name: d.ok ? d.message.name : (MESSAGES_BY_ID.get(messageType)?.name ?? `MSG_${messageType}`),
        ...(d.ok ? { message: d.message } : { error: d.error.message }),
        version,
      });
    }
  });
  return { entries };
}

export interface FixtureRun {
  readonly connect: ConnectInfo;
  readonly stimuli: readonly Stimulus[];
  readonly transcript: Transcript;
  readonly grades: readonly RuleGrade[];
  readonly log: readonly string[];
}

export const FAST_SETTINGS: ValidationSettings = {
  connectTimeoutSeconds: 10,
  runSeconds: 40,
  sessionExpiresSeconds: 0.5,
};

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs `profile` against the fixture client (`fault` undefined: the reference client). */
export async function runCtiFixture(
  profile: ClientProfile,
  fault?: string,
  settings: ValidationSettings = FAST_SETTINGS,
): Promise<FixtureRun> {
  const clock = systemClock;
  const observations = new ObservationStream();
  const wire: WireObservation[] = [];
  const unsubscribe = observations.subscribe((o) => {
    if (o.kind === 'wire' && o.protocol === 'cti-server') wire.push(o);
  });
  const log: string[] = [];
  const run = await profile.start({
    host: '127.0.0.1',
    port: 0,
    observations,
    clock,
    settings,
    log: (line) => log.push(line),
  });
  const stimuli: Stimulus[] = [];
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CTI_FIXTURE_CLIENT,
        '--connect',
        JSON.stringify(run.connect),
        '--profile',
        profile.name,
        ...(fault === undefined ? [] : ['--fault', fault]),
        '--control',
        '127.0.0.1:0',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stderr?.on('data', (b: Buffer) => log.push(`[fixture] ${b.toString().trimEnd()}`));
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`the fixture client printed nothing: ${log.join('\n')}`)),
        20_000,
      );
      lines.once('line', (l) => {
        clearTimeout(t);
        resolve(l);
      });
      child!.once('exit', (code) =>
        reject(new Error(`the fixture client exited (${code}): ${log.join('\n')}`)),
      );
    });
    const control = (JSON.parse(first) as { control: string }).control;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), settings.runSeconds * 1000);
    try {
      await run.drive({
        upperTester: httpUpperTester(control, profile.actions),
        record: (s) => stimuli.push({ time: clock.now(), ...s }),
        clock,
        settings,
        log: (line) => log.push(line),
        signal: abort.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  } finally {
    if (child) await stopChild(child);
    await run.stop();
    unsubscribe();
  }
  const transcript = transcriptOfCtiObservations(wire, run.serverEndpoints.cti);
  return {
    connect: run.connect,
    stimuli,
    transcript,
    grades: profile.grade(transcript, stimuli, settings),
    log,
  };
}
