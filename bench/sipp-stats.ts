// SIPp's own statistics files, read back (SIPp 3.6 reference, "Statistics" and "-h stat"):
// the -trace_stat file (-stf): a header line of ';'-separated column names, then one line per
// dump (-fd), the last written when SIPp exits; (P) columns count the last period, (C) columns the
// whole run. The -trace_rtt file: "Date_ms;response_time_ms;rtd_no", one line per response time
// measured (-rtt_freq 1), rtd_no being the RTD's name in the scenario (start_rtd / rtd).

export interface SippStatTotals {
  /** TotalCallCreated: calls SIPp started. */
  readonly created: number;
  /** SuccessfulCall(C): calls that reached the end of the scenario. */
  readonly successful: number;
  /** FailedCall(C). */
  readonly failed: number;
  /** Every Failed<Cause>(C) column that is not 0, e.g. { RegexpDoesntMatch: 3 }. */
  readonly failureCauses: Readonly<Record<string, number>>;
  /** Retransmissions(C), OutOfCallMsgs(C), DeadCallMsgs(C), Warnings(C), FatalErrors(C). */
  readonly retransmissions: number;
  readonly outOfCallMessages: number;
  readonly deadCallMessages: number;
  readonly warnings: number;
  readonly fatalErrors: number;
  /** ElapsedTime(C) in seconds. */
  readonly elapsedSeconds: number;
  /** ResponseTime<rtd>(C): SIPp's mean of each RTD, ms. */
  readonly meanResponseMs: Readonly<Record<string, number>>;
}

export class SippStatsError extends Error {
  override readonly name = 'SippStatsError';
}

/** The totals of the last line of a -trace_stat file. Throws SippStatsError naming what is missing. */
export function parseSippStatFile(text: string): SippStatTotals {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2)
    throw new SippStatsError(`statistics file has ${lines.length} line(s): no dump after the header`);
  const header = lines[0]!.split(';');
  const last = lines[lines.length - 1]!.split(';');
  const column = (name: string): string => {
    const i = header.indexOf(name);
    if (i < 0) throw new SippStatsError(`statistics file has no column ${name}`);
    const v = last[i];
    if (v === undefined) throw new SippStatsError(`last statistics line has no value for ${name}`);
    return v;
  };
  const count = (name: string): number => {
    const v = column(name);
    if (!/^\d+$/.test(v)) throw new SippStatsError(`${name} is '${v}', not a count`);
    return Number(v);
  };
  const failureCauses: Record<string, number> = {};
  for (const name of header) {
    const m = /^Failed(\w+)\(C\)$/.exec(name);
    if (m === null || name === 'FailedCall(C)') continue;
    const n = count(name);
    if (n > 0) failureCauses[m[1]!] = n;
  }
  const meanResponseMs: Record<string, number> = {};
  for (const name of header) {
    const m = /^ResponseTime(\w+)\(C\)$/.exec(name);
    if (m === null || name.includes('StDev')) continue;
    meanResponseMs[m[1]!] = durationMs(column(name), name);
  }
  return {
    created: count('TotalCallCreated'),
    successful: count('SuccessfulCall(C)'),
    failed: count('FailedCall(C)'),
    failureCauses,
    retransmissions: count('Retransmissions(C)'),
    outOfCallMessages: count('OutOfCallMsgs(C)'),
    deadCallMessages: count('DeadCallMsgs(C)'),
    warnings: count('Warnings(C)'),
    fatalErrors: count('FatalErrors(C)'),
    elapsedSeconds: durationMs(column('ElapsedTime(C)'), 'ElapsedTime(C)') / 1000,
    meanResponseMs,
  };
}

/** SIPp durations: "hh:mm:ss" or "hh:mm:ss:uuuuuu" (microseconds). */
function durationMs(v: string, name: string): number {
  const m = /^(\d+):(\d\d):(\d\d)(?::(\d{1,6}))?$/.exec(v);
  if (m === null) throw new SippStatsError(`${name} is '${v}', not hh:mm:ss[:micro]`);
  const micro = m[4] === undefined ? 0 : Number(m[4].padEnd(6, '0'));
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + micro / 1000;
}

export interface SippRtt {
  /** When the response time was taken, ms since SIPp started. */
  readonly atMs: number;
  /** The response time, whole ms as SIPp measures it. */
  readonly ms: number;
}

/**
 * The response times of a -trace_rtt file, by RTD name, in file order.
 * Throws SippStatsError for a header or line that is not SIPp's.
 */
export function parseSippRttFile(text: string): Map<string, SippRtt[]> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0] !== 'Date_ms;response_time_ms;rtd_no')
    throw new SippStatsError(`response-time file starts with '${lines[0] ?? ''}', not SIPp's header`);
  const out = new Map<string, SippRtt[]>();
  for (const [i, line] of lines.slice(1).entries()) {
    const [date, rt, rtd] = line.split(';');
    const num = /^\d+(\.\d+)?$/;
    if (
      date === undefined ||
      rt === undefined ||
      rtd === undefined ||
      !num.test(date) ||
      !num.test(rt) ||
      rtd === ''
    )
      throw new SippStatsError(`response-time file line ${i + 2} '${line}' is not date;ms;rtd`);
    let list = out.get(rtd);
    if (list === undefined) {
      list = [];
      out.set(rtd, list);
    }
    list.push({ atMs: Number(date), ms: Number(rt) });
  }
  return out;
}

/**
 * The step of a sample's clock: the greatest common divisor of its values (whole ms), 0 for a
 * sample of zeros. SIPp's response times here come in steps of the kernel's coarse clock tick.
 */
export function clockStepMs(samples: readonly number[]): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return samples.reduce((g, v) => gcd(g, Math.round(v)), 0);
}

/** Calls per second from the times of `n` events spread over first..last (0 for fewer than 2). */
export function rateOver(timesMs: readonly number[]): number {
  if (timesMs.length < 2) return 0;
  const span = (Math.max(...timesMs) - Math.min(...timesMs)) / 1000;
  return span > 0 ? Math.round(((timesMs.length - 1) / span) * 100) / 100 : 0;
}
