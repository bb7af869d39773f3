// RSS and CPU of another process from /proc (Linux): /proc/<pid>/status `VmRSS` and
// /proc/<pid>/stat fields 14 and 15 (utime, stime, in clock ticks: proc(5)). Synchronous reads of
// two small files per node per sample.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (sysconf(_SC_CLK_TCK); 100 on Linux). */
const CLK_TCK = 100;

export interface ProcUsage {
  readonly rssBytes: number;
  /** utime + stime since the process started, seconds. */
  readonly cpuSeconds: number;
}

/** The process's usage now; undefined when it is gone (or there is no /proc). */
export function readProcUsage(pid: number): ProcUsage | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return parseProcUsage(stat, status);
  } catch {
    return undefined;
  }
}

export function parseProcUsage(statText: string, statusText: string): ProcUsage | undefined {
  const rss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(statusText);
  // The command name (field 2) may hold spaces and parentheses: fields count from its last ')'.
  const rest = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14 -> rest[11], stime field 15 -> rest[12].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (rss === null || !Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return { rssBytes: Number(rss[1]) * 1024, cpuSeconds: (utime + stime) / CLK_TCK };
}
