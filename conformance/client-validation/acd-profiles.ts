/**
 * The CTI Server client-validation profiles (`ctilab validate-client --profile acd-bridge |
 * acd-agent`): a CTI Bridge (ALL_EVENTS) or an agent workstation (CLIENT_EVENTS) of the
 * duplexed CTI Server of labs/acd-duplex.yaml is the implementation under test; the lab plays
 * the ACD, its two CTI Server sides and the phones (acd-profile-lab.ts) and grades the client-role
 * rules (cti-client-graders.ts). The fault table says which rules each faulty fixture breaks.
 */
import { ACD_CLIENT_FAULTS, type AcdFaultEntry, type AcdProfileName } from './acd-client-faults.ts';
import { startAcdProfileLab } from './acd-profile-lab.ts';
import type { RuleGrade } from './client-grade.ts';
import type { ClientProfile, Stimulus, ValidationSettings } from './client-profile.ts';
import {
  gradeAlternate,
  gradeCloseRequest,
  gradeHeartbeat,
  gradeLoginFirst,
  gradeNoRetryStorm,
  gradeNothingBeforeOpenConf,
  gradeOpenFirst,
  gradeReconnect,
  gradeUniqueInvokeIds,
} from './cti-client-graders.ts';
import type { Transcript } from './transcript.ts';

export {
  ACD_CLIENT_FAULTS,
  type AcdFaultEntry,
  type AcdProfileName,
  CTI_CLIENT_FAULTS,
  CTI_FIXTURE_CLIENT,
  type CtiClientFault,
  ctiFixtureCommand,
} from './acd-client-faults.ts';

type Grader = (t: Transcript, s: readonly Stimulus[], v: ValidationSettings) => RuleGrade;

const COMMON: Readonly<Record<string, Grader>> = {
  'ACD-MSG-008': (t) => gradeOpenFirst(t),
  'ACD-MSG-009': (t) => gradeNothingBeforeOpenConf(t),
  'ACD-MSG-010': gradeHeartbeat,
  'ACD-MSG-011': (t) => gradeUniqueInvokeIds(t),
  'ACD-MSG-012': (t, s) => gradeCloseRequest(t, s),
  'ACD-MSG-013': (t) => gradeNoRetryStorm(t),
  'ACD-FT-002': (t, s) => gradeReconnect(t, s),
  'ACD-FT-004': (t, s) => gradeAlternate(t, s),
};

const GRADERS: Readonly<Record<AcdProfileName, Readonly<Record<string, Grader>>>> = {
  'acd-bridge': COMMON,
  'acd-agent': { ...COMMON, 'ACD-TPC-013': (t) => gradeLoginFirst(t) },
};

const ACTIONS = ['set-agent-state', 'answer', 'clear', 'make-call', 'query-agent-state', 'close-session'];

function acdProfile(name: AcdProfileName, summary: string): ClientProfile {
  const graders = GRADERS[name];
  return {
    name,
    protocol: 'cti-server',
    summary,
    rules: Object.keys(graders),
    actions: ACTIONS,
    start: (opts) => startAcdProfileLab(name, opts),
    grade: (transcript, stimuli, settings) =>
      Object.values(graders).map((g) => g(transcript, stimuli, settings)),
  };
}

export const acdBridgeProfile = acdProfile(
  'acd-bridge',
  'a CTI Bridge (ALL_EVENTS + CLIENT_CONTROL) of a duplexed UCCE CTI Server: session, heartbeats, errors, failover to the other side',
);

export const acdAgentProfile = acdProfile(
  'acd-agent',
  'an agent workstation (CLIENT_EVENTS + CLIENT_CONTROL) of a duplexed UCCE CTI Server: login first, session, heartbeats, errors, failover',
);

export const acdProfiles: ClientProfile[] = [acdBridgeProfile, acdAgentProfile];

/** The fault table (`{ profile, fault, does, breaks }`) under the name the profile registry reads. */
export const acdFaults: readonly AcdFaultEntry[] = ACD_CLIENT_FAULTS;
