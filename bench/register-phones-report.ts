import {
  type BenchMachine,
  mib,
  p50p99,
  perPhone,
  type RegistrationFigures,
  textTable,
} from './bench-figures.ts';

export { perPhone };

/**
 * One N of the registration benchmark, as written to reports/bench/register-phones.json. The
 * registration figures are the phones process's (its own clock).
 */
export interface RegisterBenchResult extends RegistrationFigures {
  phones: number;
  /**
   * `ctilab phones` processes the N phones were split over (--phone-processes; contiguous blocks).
   * With more than one, the registration figures run from the earliest start to the latest
   * registration over all of them, p50 / p99 over every phone, and the phones CPU, RSS and held
   * figures are their sums.
   */
  phoneProcesses: number;
  /**
   * --warmup W: W more phones registered and unregistered before the measured round, in the same
   * two processes (`ctilab phones --warmup`); null for a cold run. With a warm-up the CPU figures
   * and the CME-side window start after it; the settled RSS and heap "before" sample is the one
   * taken before it (its forced full GCs, right before the round, cost the round three more
   * mark-compacts), so RSS and heap per phone also count what the warm-up left behind.
   */
  warmup: {
    /** Registrations tried in the warm-up, over all its rounds. */
    phones: number;
    /** Rounds of at most N phones (a warm-up beyond N phones registers the same devices again). */
    rounds: number;
    registered: number;
    failed: number;
    seconds: number;
    phonesPerSecond: number;
    registrationMs: { p50: number; p99: number; max: number } | null;
  } | null;
  /**
   * CME side, from its 100 ms status lines: last line with no registration -> first line with
   * every registration complete (so up to 0.2 s longer than the true window).
   */
  cmeSideSeconds: number | null;
  cmeSidePhonesPerSecond: number | null;
  /**
   * CME process RSS with the config loaded, before any phone connected. Every RSS figure is taken
   * after full GCs, once RSS has settled (rss-settling.ts; see cmeRssSettled).
   */
  cmeRssBeforeBytes: number;
  /** CME process RSS with all N registered. */
  cmeRssAfterBytes: number;
  /** CME process RSS at the end of the hold period. */
  cmeRssAfterHoldBytes: number;
  /** (cmeRssAfterBytes - cmeRssBeforeBytes) / N. */
  bytesPerPhone: number;
  /** (cmeRssAfterHoldBytes - cmeRssBeforeBytes) / N: the steady state after keepalive rounds. */
  bytesPerPhoneAfterHold: number;
  /** Whether each RSS sample settled within its 60 s bound (false: the figure is less reliable). */
  cmeRssSettled: { before: boolean; after: boolean; afterHold: boolean };
  cmeHeapBeforeBytes: number;
  cmeHeapAfterBytes: number;
  cmeHeapAfterHoldBytes: number;
  /** (heap used after - before) / N: the JavaScript objects one registered phone costs the CME. */
  heapBytesPerPhone: number;
  /** Whether the CME samples followed a full GC (node --expose-gc on the CME child). */
  cmeSamplesAfterGc: boolean;
  /**
   * CPU (user + system, /proc/<pid>/stat) per registration, ms: the CME's from just before the
   * phones started to their outcome line; the phones process's from its start to that line (so its
   * module loading is in it). With a warm-up, both from the end of the warm-up to that line. null
   * where /proc is not readable. On 2 cores, N/s can be no higher
   * than 2000 / (cme + phones) while both are busy.
   */
  cpuMsPerRegistration: { cme: CpuMs | null; phones: CpuMs | null };
  /** RSS of the phones process with all N registered (Linux /proc only). */
  phonesProcessRssBytes: number | null;
  /** --hold-seconds: the real-time wait between the "after" sample and the final check. */
  holdSeconds: number;
  /**
   * Real seconds from the last registration (CME side) to the final check: the hold plus the two
   * RSS settling waits around it.
   */
  registeredSecondsAtCheck: number;
  keepaliveSeconds: number;
  /** Devices the CME still counted as registered (exchange complete) at the end of the hold. */
  stillRegisteredAfterHold: number;
  /** CME log lines `<device> unregistered: ...` before the phones were stopped (0 when keepalives held). */
  cmeUnregistrationsBeforeStop: number;
  /** What the phones saw while held (their `stopping` line). */
  phoneSide: {
    phones: number;
    stillRegistered: number;
    lostRegistrations: number;
    keepalivesSent: number;
    keepaliveAcks: number;
    heldSeconds: number;
  } | null;
  /** First few registration failures from the phones process. */
  failures: Array<{ device: string; error: string }>;
}

/** CPU ms per registration: user mode, kernel, and both. */
export interface CpuMs {
  total: number;
  user: number;
  system: number;
}

export interface RegisterBenchReport extends BenchMachine {
  benchmark: 'register-phones';
  command: string;
  options: {
    keepaliveSeconds: number;
    holdSeconds: number;
    concurrency: number;
    warmup: number;
    phoneProcesses: number;
    nodeFlags: string[];
  };
  results: RegisterBenchResult[];
}

/** The human-readable table printed after the run. */
export function formatRegisterBenchTable(results: readonly RegisterBenchResult[]): string {
  const header = [
    'N',
    'phones procs',
    'warm-up',
    'registered',
    'failed',
    'seconds',
    'phones/s',
    'p50/p99 ms',
    'CME-side phones/s',
    'CPU ms/reg CME+phones',
    'CME RSS before MiB',
    'CME RSS after MiB',
    'after hold MiB',
    'RSS bytes/phone',
    'after hold',
    'heap bytes/phone',
    'still registered (after s)',
    'keepalives acked',
  ];
  const rows = results.map((r) => [
    String(r.phones),
    String(r.phoneProcesses),
    r.warmup === null ? '-' : `${r.warmup.registered}/${r.warmup.phones}`,
    String(r.registered),
    String(r.failed),
    r.seconds.toFixed(2),
    r.phonesPerSecond.toFixed(0),
    p50p99(r.registrationMs),
    r.cmeSidePhonesPerSecond === null ? '-' : r.cmeSidePhonesPerSecond.toFixed(0),
    cpuCell(r.cpuMsPerRegistration),
    mib(r.cmeRssBeforeBytes),
    mib(r.cmeRssAfterBytes),
    mib(r.cmeRssAfterHoldBytes),
    String(r.bytesPerPhone),
    String(r.bytesPerPhoneAfterHold),
    String(r.heapBytesPerPhone),
    `${r.stillRegisteredAfterHold}/${r.phones} (${r.registeredSecondsAtCheck.toFixed(0)} s)`,
    r.phoneSide ? `${r.phoneSide.keepaliveAcks}/${r.phoneSide.keepalivesSent}` : '-',
  ]);
  return textTable(header, rows);
}

function cpuCell(cpu: RegisterBenchResult['cpuMsPerRegistration']): string {
  if (cpu.cme === null || cpu.phones === null) return '-';
  return `${cpu.cme.total.toFixed(3)}+${cpu.phones.total.toFixed(3)}`;
}
