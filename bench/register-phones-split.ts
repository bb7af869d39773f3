// The registration bench with its phones in several `ctilab phones` processes
// (`--phone-processes P`): which phones each process registers, and the figures of the round over
// all of them (one rate from the first start to the last registration, p50 / p99 over every phone).
import { registrationTimes } from '../bin/phones-command.ts';
import type { RegistrationFigures } from './bench-figures.ts';
import type { PhonesOutcome } from './phones-bench-run.ts';
import type { RegisterBenchResult } from './register-phones-report.ts';

/** One phones process's contiguous block of the N ephones: the first one's index and how many. */
export interface PhonesPart {
  first: number;
  count: number;
}

/**
 * `count` items from `first` cut into `parts` contiguous blocks whose sizes differ by at most one,
 * the first ones larger; blocks may be empty when `parts` > `count` (scale-phones-options.ts drops
 * those).
 */
export function contiguousBlocks(first: number, count: number, parts: number): PhonesPart[] {
  const out: PhonesPart[] = [];
  let at = first;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(count / parts) + (i < count % parts ? 1 : 0);
    out.push({ first: at, count: size });
    at += size;
  }
  return out;
}

/** N phones cut into `parts` non-empty contiguous blocks ({@link contiguousBlocks}). */
export function splitPhones(n: number, parts: number): PhonesPart[] {
  if (!Number.isInteger(parts) || parts < 1 || parts > n)
    throw new RangeError(`cannot split ${n} phones into ${parts} processes`);
  return contiguousBlocks(0, n, parts);
}

/** What each phones process's outcome gives the round over all of them. */
export interface ProcessRound {
  registered: number;
  failed: number;
  startedAt: number;
  finishedAt: number;
}

/**
 * The round over several phones processes: counts summed, `seconds` from the earliest start to the
 * latest end (the processes share the machine's wall clock), the rate over that window, p50 / p99 /
 * max over every phone's registration time (unrounded; no process: a zero window).
 */
export function roundOverProcesses(
  parts: readonly ProcessRound[],
  registrationMs: readonly number[],
): RegistrationFigures & { startedAt: number; finishedAt: number } {
  const registered = sum(parts.map((p) => p.registered));
  const startedAt = parts.length > 0 ? Math.min(...parts.map((p) => p.startedAt)) : 0;
  const finishedAt = parts.length > 0 ? Math.max(...parts.map((p) => p.finishedAt)) : 0;
  const seconds = (finishedAt - startedAt) / 1000;
  return {
    registered,
    failed: sum(parts.map((p) => p.failed)),
    seconds,
    phonesPerSecond: seconds > 0 ? registered / seconds : registered,
    registrationMs: registrationTimes(registrationMs),
    startedAt,
    finishedAt,
  };
}

/** The measured round over every phones process: counts summed, one wall-clock window, merged times. */
export interface CombinedOutcome extends RegistrationFigures {
  phones: number;
  startedAt: number;
  finishedAt: number;
  failures: Array<{ device: string; error: string }>;
}

/**
 * The round's figures from each process's outcome line ({@link roundOverProcesses}; every line
 * carries its phones' times with --registration-times); a single process's own figures are kept as
 * they are.
 */
export function combineOutcomes(outcomes: readonly PhonesOutcome[]): CombinedOutcome {
  if (outcomes.length === 0) throw new RangeError('no phones outcome to combine');
  if (outcomes.length === 1) {
    const o = outcomes[0]!;
    return {
      phones: o.phones,
      registered: o.registered,
      failed: o.failed,
      seconds: o.seconds,
      phonesPerSecond: o.phonesPerSecond,
      registrationMs: o.registrationMs,
      startedAt: o.startedAt,
      finishedAt: o.finishedAt,
      failures: o.failures,
    };
  }
  const times: number[] = [];
  for (const o of outcomes) {
    if (o.registrationTimesMs === undefined)
      throw new Error('a phones process gave no registration times (--registration-times)');
    for (const ms of o.registrationTimesMs) times.push(ms);
  }
  return {
    phones: sum(outcomes.map((o) => o.phones)),
    ...roundOverProcesses(outcomes, times),
    failures: outcomes.flatMap((o) => o.failures),
  };
}

type Warmup = NonNullable<RegisterBenchResult['warmup']>;

/**
 * Every process's warm-up (each runs its own: its code is compiled in its own V8): registrations
 * summed, rounds and seconds the largest (they run at the same time); registration times only for
 * one process (the warm-up lines carry percentiles, which do not merge).
 */
export function combineWarmups(warmups: readonly Warmup[]): Warmup {
  if (warmups.length === 1) return warmups[0]!;
  const registered = sum(warmups.map((w) => w.registered));
  const seconds = Math.max(...warmups.map((w) => w.seconds));
  return {
    phones: sum(warmups.map((w) => w.phones)),
    rounds: Math.max(...warmups.map((w) => w.rounds)),
    registered,
    failed: sum(warmups.map((w) => w.failed)),
    seconds,
    phonesPerSecond: seconds > 0 ? registered / seconds : registered,
    registrationMs: null,
  };
}

type Held = NonNullable<RegisterBenchResult['phoneSide']>;

/** What the processes saw while held, summed (heldSeconds: the shortest); null when one gave none. */
export function combineHeld(held: ReadonlyArray<Held | null>): Held | null {
  if (held.length === 0 || held.some((h) => h === null)) return null;
  const all = held as readonly Held[];
  if (all.length === 1) return all[0]!;
  const total = (f: (h: Held) => number) => sum(all.map(f));
  return {
    phones: total((h) => h.phones),
    stillRegistered: total((h) => h.stillRegistered),
    lostRegistrations: total((h) => h.lostRegistrations),
    keepalivesSent: total((h) => h.keepalivesSent),
    keepaliveAcks: total((h) => h.keepaliveAcks),
    heldSeconds: Math.min(...all.map((h) => h.heldSeconds)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((t, v) => t + v, 0);
}
