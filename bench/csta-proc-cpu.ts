import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const userHz = 100;

/**
 * CPU seconds (user + system) another process has used, from /proc/<pid>/stat fields 14 and 15;
 * undefined where /proc is not available (not Linux), the process is gone, or the text is not a
 * stat line.
 */
export async function readProcCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    return parseProcStatCpuSeconds(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** utime + stime of a /proc/<pid>/stat line, in seconds (the command name may hold spaces). */
export function parseProcStatCpuSeconds(stat: string): number | undefined {
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
  return (utime + stime) / userHz;
}
