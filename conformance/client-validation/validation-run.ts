/**
 * One `ctilab validate-client` run: start the profile's lab with every byte on its client-facing
 * sockets recorded to `client.pcap`, tell the client where to connect (one JSON line), start the
 * client when its command was given, drive the profile's plan (phones, calls, faults, upper-tester
 * actions), stop everything, read the pcap back into a transcript, grade the profile's client-role
 * rules and write the verdict report (validation.json, validation.html) beside the pcap and logs.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureRecorder } from '../../simulators/lab/capture-recorder.ts';
import { type Clock, systemClock } from '../../simulators/lab/clock.ts';
import { ObservationStream } from '../../simulators/lab/observation.ts';
import { combine } from '../report/verdict.ts';
import { grade, type RuleGrade } from './client-grade.ts';
import { type LaunchedClient, launchClient } from './client-launch.ts';
import type { ClientPixit } from './client-pixit.ts';
import type { ClientProfile, ProfileRun, Stimulus, ValidationSettings } from './client-profile.ts';
import { controlUpperTester } from './control-upper-tester.ts';
import { transcriptOfPcap } from './pcap-transcript.ts';
import { pixitUpperTester } from './pixit-upper-tester.ts';
import { noUpperTester, type UpperTester } from './upper-tester.ts';
import { type ValidationReport, writeValidationReport } from './validation-report.ts';

export interface ValidationOptions {
  readonly profile: ClientProfile;
  readonly host: string;
  readonly port: number;
  readonly settings: ValidationSettings;
  readonly pixit?: ClientPixit;
  readonly pixitFile?: string;
  /** The client's command line, started once the lab listens; absent: the user starts it. */
  readonly client?: readonly string[];
  /** The shipped fixture was asked for (`--reference [--fault F]`): its control endpoint is the upper tester. */
  readonly fixture?: { readonly fault?: string };
  /** The run directory (created). */
  readonly dir: string;
  readonly cwd: string;
  readonly clock?: Clock;
  /** Lines for the user (stdout). */
  readonly say: (line: string) => void;
  /** Stops the run early (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export async function runValidation(opts: ValidationOptions): Promise<ValidationReport> {
  const clock = opts.clock ?? systemClock;
  mkdirSync(opts.dir, { recursive: true });
  const labLog = join(opts.dir, 'lab.log');
  writeFileSync(labLog, '');
  const log = (line: string) => appendFileSync(labLog, `${new Date(clock.now()).toISOString()} ${line}\n`);
  const observations = new ObservationStream();
  const pcap = join(opts.dir, 'client.pcap');
  const recorder = new CaptureRecorder(observations, { path: pcap, protocols: ['sip', 'cti-server'] });
  recorder.start();
  const started = clock.now();
  const stimuli: Stimulus[] = [];
  let run: ProfileRun | undefined;
  let client: LaunchedClient | undefined;
  const problems: string[] = [];
  try {
    run = await opts.profile.start({
      host: opts.host,
      port: opts.port,
      observations,
      clock,
      settings: opts.settings,
      log,
    });
    opts.say(JSON.stringify({ profile: opts.profile.name, ...run.connect }));
    if (opts.client !== undefined)
      client = launchClient(opts.client, run.connect, join(opts.dir, 'client.log'), opts.cwd, clock);
    const upperTester = chooseUpperTester(opts, client, clock);
    const abort = new AbortController();
    const budget = (opts.settings.connectTimeoutSeconds + opts.settings.runSeconds) * 1000;
    const timer = clock.setTimeout(
      () => abort.abort(new Error(`run time of ${budget / 1000} s is up`)),
      budget,
    );
    const stopEarly = () => abort.abort(new Error('stopped by the user'));
    opts.signal?.addEventListener('abort', stopEarly, { once: true });
    try {
      await run.drive({
        upperTester,
        record: (s) => {
          const stimulus = { ...s, time: clock.now() };
          stimuli.push(stimulus);
          log(`stimulus ${s.kind} ${s.action}${s.outcome === undefined ? '' : ` → ${s.outcome}`}`);
        },
        clock,
        settings: opts.settings,
        log,
        signal: abort.signal,
      });
    } catch (e) {
      problems.push(`the plan stopped: ${(e as Error).message}`);
      log(`plan stopped: ${(e as Error).stack ?? e}`);
    } finally {
      timer.cancel();
      opts.signal?.removeEventListener('abort', stopEarly);
    }
  } catch (e) {
    problems.push(`the lab did not start: ${(e as Error).message}`);
  } finally {
    await client?.stop();
    await run?.stop().catch((e: Error) => problems.push(`the lab did not stop cleanly: ${e.message}`));
    await recorder.stop();
  }
  const grades =
    run === undefined
      ? opts.profile.rules.map((r) => grade(r, 'error', problems.join('; ')))
      : gradeAll(
          opts.profile,
          transcriptOfPcap(readFileSync(pcap), run.serverEndpoints),
          stimuli,
          opts.settings,
        );
  const report: ValidationReport = {
    profile: opts.profile.name,
    summary: opts.profile.summary,
    iut:
      opts.pixit?.iut ??
      (opts.fixture
        ? fixtureIut(opts.fixture.fault)
        : { vendor: 'unknown', product: 'unknown', version: 'unknown' }),
    ...(opts.pixitFile === undefined ? {} : { pixit: opts.pixitFile }),
    started: new Date(started).toISOString(),
    finished: new Date(clock.now()).toISOString(),
    settings: opts.settings,
    ...(run === undefined ? {} : { connect: run.connect }),
    stimuli,
    grades,
    verdict: combine(
      grades.map((g) => g.verdict),
      'error',
    ),
    problems,
    files: {
      pcap: 'client.pcap',
      labLog: 'lab.log',
      ...(opts.client === undefined ? {} : { clientLog: 'client.log' }),
    },
  };
  writeValidationReport(opts.dir, report);
  return report;
}

/** Every rule of the profile graded exactly once: a rule the profile's graders skipped is `error`. */
export function gradeAll(
  profile: ClientProfile,
  transcript: Parameters<ClientProfile['grade']>[0],
  stimuli: readonly Stimulus[],
  settings: ValidationSettings,
): RuleGrade[] {
  let graded: RuleGrade[];
  try {
    graded = profile.grade(transcript, stimuli, settings);
  } catch (e) {
    return profile.rules.map((r) => grade(r, 'error', `the grader failed: ${(e as Error).message}`));
  }
  return profile.rules.map(
    (rule) =>
      graded.find((g) => g.rule === rule) ?? grade(rule, 'error', 'the profile did not grade this rule'),
  );
}

function chooseUpperTester(
  opts: ValidationOptions,
  client: LaunchedClient | undefined,
  clock: Clock,
): UpperTester {
  if (opts.pixit?.upperTester !== undefined)
    return pixitUpperTester(opts.pixit, { context: () => client?.context ?? {}, cwd: opts.cwd, clock });
  if (opts.fixture !== undefined && client !== undefined)
    return controlUpperTester(() => client.context['control'], opts.profile.actions, clock);
  return noUpperTester;
}

function fixtureIut(fault: string | undefined) {
  return {
    vendor: 'CTI Lab',
    product: fault === undefined ? 'reference client' : `faulty client (${fault})`,
    version: 'fixture',
  };
}
