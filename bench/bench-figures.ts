// Figures and tables the benchmark reports share (register-phones-report.ts, scale-report.ts, and
// the machine header of every bench JSON): what a `ctilab phones` process reports of its
// registrations, memory per phone, MiB, right-aligned text tables.
import { cpus, platform, totalmem } from 'node:os';

/** Nearest-rank registration times of a set of phones, ms (bin/phones-command.ts). */
export interface RegistrationMs {
  p50: number;
  p99: number;
  max: number;
}

/** How a set of phones registered: counts, the window and its rate, the registration times. */
export interface RegistrationFigures {
  registered: number;
  failed: number;
  /** First registration started -> last one finished, s. */
  seconds: number;
  phonesPerSecond: number;
  /** Each phone's powerOn -> registration complete, ms (null: none registered). */
  registrationMs: RegistrationMs | null;
}

/** The machine a bench ran on and when: the head of every bench JSON. */
export interface BenchMachine {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
}

export function benchMachine(): BenchMachine {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryBytes: totalmem(),
  };
}

/** The command that ran a bench, for its report (`npm run <script> -- <argv>`). */
export function benchCommand(script: string, argv: readonly string[]): string {
  return argv.length > 0 ? `npm run ${script} -- ${argv.join(' ')}` : `npm run ${script}`;
}

/** Memory growth per phone; 0 phones give 0 (nothing to divide). */
export function perPhone(beforeBytes: number, afterBytes: number, phones: number): number {
  return phones > 0 ? Math.round((afterBytes - beforeBytes) / phones) : 0;
}

export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** `p50/p99` of registration times, or `-`. */
export function p50p99(ms: RegistrationMs | null): string {
  return ms === null ? '-' : `${ms.p50.toFixed(0)}/${ms.p99.toFixed(0)}`;
}

/** A text table: right-aligned cells, ` | ` between columns, a dashed rule under the header. */
export function textTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
