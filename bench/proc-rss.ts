import { readFile } from 'node:fs/promises';

/**
 * Resident set size of another process from /proc/<pid>/status (`VmRSS: <n> kB`), in bytes;
 * undefined where /proc is not available (not Linux) or the process is gone.
 */
export async function readProcRssBytes(pid: number): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  return parseVmRss(text);
}

/** The VmRSS line of a /proc/<pid>/status text, in bytes. */
export function parseVmRss(statusText: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(statusText);
  return m ? Number(m[1]) * 1024 : undefined;
}
