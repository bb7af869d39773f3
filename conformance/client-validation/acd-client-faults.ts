/**
 * The faults of the CTI Server fixture client (fixtures/cti-fixture-client.ts) and the client-role
 * rules each one breaks: `ctilab validate-client --profile acd-bridge|acd-agent` must grade the
 * reference client (no fault) all-pass and each faulty one failing exactly these rules.
 */
import { fileURLToPath } from 'node:url';
import { fixtureCommandLine } from './fixtures/fixture-command.ts';

export type AcdProfileName = 'acd-bridge' | 'acd-agent';

export type CtiClientFault =
  | 'no-heartbeat'
  | 'no-failover'
  | 'one-side-only'
  | 'request-before-open'
  | 'duplicate-invoke-id'
  | 'no-close'
  | 'retry-storm'
  | 'no-login';

export interface AcdFaultEntry {
  readonly profile: AcdProfileName;
  readonly fault: CtiClientFault;
  /** What the faulty client does. */
  readonly does: string;
  readonly breaks: readonly string[];
}

const COMMON: readonly Omit<AcdFaultEntry, 'profile'>[] = [
  {
    fault: 'no-heartbeat',
    does: 'asks for an IdleTimeout but never sends HEARTBEAT_REQ',
    breaks: ['ACD-MSG-010'],
  },
  {
    fault: 'no-failover',
    does: 'does not open a session again when its side dies',
    breaks: ['ACD-FT-002'],
  },
  {
    fault: 'one-side-only',
    does: 'knows side A only: after A dies it keeps trying A (refused by A as standby)',
    breaks: ['ACD-FT-002', 'ACD-FT-004'],
  },
  {
    fault: 'request-before-open',
    does: 'first opens a connection on which it sends HEARTBEAT_REQ before any OPEN_REQ',
    breaks: ['ACD-MSG-008', 'ACD-MSG-009'],
  },
  {
    fault: 'duplicate-invoke-id',
    does: 'sends two QUERY_AGENT_STATE_REQ with the same InvokeID at once',
    breaks: ['ACD-MSG-011'],
  },
  {
    fault: 'no-close',
    does: 'drops the connection without CLOSE_REQ when asked to end the session',
    breaks: ['ACD-MSG-012'],
  },
  {
    fault: 'retry-storm',
    does: 'sends a refused request again five times at once',
    breaks: ['ACD-MSG-013'],
  },
];

export const ACD_CLIENT_FAULTS: readonly AcdFaultEntry[] = [
  ...COMMON.map((f) => ({ profile: 'acd-bridge' as const, ...f })),
  ...COMMON.map((f) => ({ profile: 'acd-agent' as const, ...f })),
  {
    profile: 'acd-agent',
    fault: 'no-login',
    does: 'makes its agent ready without logging it in first',
    breaks: ['ACD-TPC-013'],
  },
];

export const CTI_CLIENT_FAULTS: readonly CtiClientFault[] = [
  ...new Set(ACD_CLIENT_FAULTS.map((f) => f.fault)),
];

/** The fixture client of the CTI Server profiles. */
export const CTI_FIXTURE_CLIENT = fileURLToPath(new URL('./fixtures/cti-fixture-client.ts', import.meta.url));

/**
 * The command line of the fixture client for `profile` (`{connect}` is replaced by the
 * ConnectInfo JSON when validate-client starts it); `fault` undefined: the reference client.
 */
export function ctiFixtureCommand(profile: AcdProfileName, fault?: string): string[] {
  return fixtureCommandLine(CTI_FIXTURE_CLIENT, profile, fault);
}
