import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const userHz = 100;

/**
 * CPU seconds (user + system) another process has used, from /proc/<pid>/stat fields 14 and 15;
 * undefined where /proc is not available (not Linux), the process is gone, or the text is not a
 * stat line.
 */
export async function readProcCpuSeconds(pid: number): Promise<number | undefined> {
  return (await readProcCpuSplit(pid))?.total;
}

/** CPU seconds of another process, user and system apart (as {@link readProcCpuSeconds}). */
export async function readProcCpuSplit(pid: number): Promise<CpuSplit | undefined> {
  try {
    return parseProcStatCpu(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU seconds in user mode, in the kernel, and both. */
export interface CpuSplit {
  user: number;
  system: number;
  total: number;
}

/** utime + stime of a /proc/<pid>/stat line, in seconds (the command name may hold spaces). */
export function parseProcStatCpuSeconds(stat: string): number | undefined {
  return parseProcStatCpu(stat)?.total;
}

/** utime and stime of a /proc/<pid>/stat line, in seconds. */
export function parseProcStatCpu(stat: string): CpuSplit | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after "pid (comm)": state is field 3, utime field 14, stime field 15.
  const rest = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || rest.length < 13) return undefined;
  return { user: utime / userHz, system: stime / userHz, total: (utime + stime) / userHz };
}
