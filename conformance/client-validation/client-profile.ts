/**
 * A client-validation profile (`ctilab validate-client --profile <name>`): the lab it starts, what
 * the client is told to connect to, the plan that drives phones, calls, faults and the client's
 * upper tester, and the client-role rules it grades. The lab plays the server and the phones; the
 * vendor's client is the implementation under test (DESIGN.md section 7, "Client validation").
 */
import type { Clock } from '../../simulators/lab/clock.ts';
import type { Endpoint, ObservationStream } from '../../simulators/lab/observation.ts';
import type { RuleGrade } from './client-grade.ts';
import type { Transcript } from './transcript.ts';
import type { UpperTester } from './upper-tester.ts';

export const PROFILE_NAMES = [
  'cme-moc',
  'cme-session-manager',
  'cucm-rcc',
  'acd-bridge',
  'acd-agent',
] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Something the lab did during the run that a client-role rule reacts to. */
export interface Stimulus {
  /** ms since the epoch (the validation clock). */
  readonly time: number;
  readonly kind: 'phone' | 'fault' | 'upper-tester' | 'timer';
  /** e.g. `make-call`, `answer`, `fail-side A`, `kill cucm-sub1`, `end-session`, `ring 202`. */
  readonly action: string;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** Upper-tester actions: `ok`, or why the action could not be performed (then rules on it are inconc). */
  readonly outcome?: string;
}

/** What the client is told: printed as one JSON line by validate-client before the plan starts. */
export interface ConnectInfo {
  /** Where the client connects, by name: `sip`, `cti-gateway-1`, `side-A`, ... */
  readonly endpoints: Readonly<Record<string, Endpoint & { readonly transport?: string }>>;
  /** Lines, users, agents, credentials and timers the client needs (profile-specific). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Values of the run a profile's plan and graders read (from the command line or the client PIXIT). */
export interface ValidationSettings {
  /** Seconds the lab waits for the client's first connection. */
  readonly connectTimeoutSeconds: number;
  /** Seconds the plan may take in all after the client connected. */
  readonly runSeconds: number;
  /**
   * Session timer the lab grants (TR/87 Session-Expires; CTI Server heartbeat interval asked of
   * bridges is the client's own): short values make refresh rules gradable in seconds.
   */
  readonly sessionExpiresSeconds: number;
}

export interface ProfileStartOptions {
  /** The host the lab listens on (127.0.0.1 by default). */
  readonly host: string;
  /** The first port the client connects to (0: any free port). */
  readonly port: number;
  /** The lab's observation stream: the run's pcap is recorded from it. */
  readonly observations: ObservationStream;
  readonly clock: Clock;
  readonly settings: ValidationSettings;
  readonly log: (line: string) => void;
}

export interface DriveContext {
  readonly upperTester: UpperTester;
  /** Records a stimulus at the clock's now. */
  record(s: Omit<Stimulus, 'time'>): void;
  readonly clock: Clock;
  readonly settings: ValidationSettings;
  readonly log: (line: string) => void;
  /** Aborted when the run's time is up or the user stops it (Ctrl-C). */
  readonly signal: AbortSignal;
}

/** A started lab for one profile. */
export interface ProfileRun {
  readonly connect: ConnectInfo;
  /** The lab's listening endpoints whose traffic is the client's (the transcript keeps only these). */
  readonly serverEndpoints: {
    readonly sip: readonly Endpoint[];
    readonly cti: readonly Endpoint[];
  };
  /**
   * Waits for the client (up to connectTimeoutSeconds), then drives the plan: phones, calls, faults
   * and upper-tester actions, each recorded as a Stimulus. Resolves when the plan is over; a client
   * that never connects resolves too (the graders say so).
   */
  drive(ctx: DriveContext): Promise<void>;
  stop(): Promise<void>;
}

export interface ClientProfile {
  readonly name: ProfileName;
  readonly protocol: 'tr87' | 'cti-server';
  /** One line for `--help` and the report. */
  readonly summary: string;
  /** The client-role rules this profile grades (catalogue IDs). */
  readonly rules: readonly string[];
  /** Upper-tester actions the plan uses (a PIXIT declares how to perform each). */
  readonly actions: readonly string[];
  start(opts: ProfileStartOptions): Promise<ProfileRun>;
  /** Grades every rule of `rules` from what crossed the wire and what the lab did. */
  grade(transcript: Transcript, stimuli: readonly Stimulus[], settings: ValidationSettings): RuleGrade[];
}
