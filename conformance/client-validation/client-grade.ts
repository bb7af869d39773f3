/**
 * A client-role rule's grade: the rule, its verdict (TTCN-3, verdict.ts), why, and the evidence —
 * the messages (with their pcap frame) the verdict rests on. `inconc` when the run gave the
 * client no chance to show the behaviour (no stimulus reached it, a fault was not injected).
 */
import type { Verdict } from '../report/verdict.ts';
import { entryLabel, type TranscriptEntry } from './transcript.ts';

export interface Evidence {
  /** pcap frame number, when the evidence is a message. */
  readonly frame?: number;
  readonly time?: number;
  readonly summary: string;
}

export interface RuleGrade {
  readonly rule: string;
  readonly verdict: Exclude<Verdict, 'none' | 'not run'>;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export function evidenceOf(e: TranscriptEntry, note?: string): Evidence {
  const who = e.direction === 'from-client' ? 'client → lab' : 'lab → client';
  return { frame: e.frame, time: e.time, summary: `${who}: ${entryLabel(e)}${note ? ` — ${note}` : ''}` };
}

export const grade = (
  rule: string,
  verdict: RuleGrade['verdict'],
  reason: string,
  evidence: readonly Evidence[] = [],
): RuleGrade => ({ rule, verdict, reason, evidence });
