// The status lines of a `ctilab serve cme|cucm --status-interval-ms N` child (bin/status-line.ts)
// as benchmarks read them: memory samples after a full GC once RSS has settled, and the window in
// which a node took its registrations.
import type { CtilabChild, JsonLine } from '../simulators/runtime/ctilab-child.ts';
import { rssSettled } from './rss-settling.ts';

export interface NodeStatus {
  time: number;
  trigger: 'interval' | 'signal';
  gc: boolean;
  registered: number;
  registrationComplete: number;
  connections: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** The status of a JSON line, if it is a status line. */
export function statusOf(v: Record<string, unknown>): NodeStatus | undefined {
  const s = v.status;
  if (s === null || typeof s !== 'object') return undefined;
  const st = s as Partial<NodeStatus>;
  return typeof st.registered === 'number' && typeof st.rssBytes === 'number'
    ? (st as NodeStatus)
    : undefined;
}

/** Asks the node for a status line now (SIGUSR2; a full GC first under --expose-gc). */
export async function sampleStatus(node: CtilabChild): Promise<NodeStatus> {
  const from = node.lines.length;
  node.signal('SIGUSR2');
  const line = await node.waitForLine(
    (v) => statusOf(v)?.trigger === 'signal',
    30_000,
    'status sample',
    from,
  );
  return statusOf(line.value)!;
}

/**
 * Samples the node every 2 s (each after a full GC) until its RSS has settled (rss-settling.ts) or
 * 60 s have passed; returns the last sample and whether it settled. `sleep` may reject (interrupted).
 */
export async function settledStatus(
  node: CtilabChild,
  sleep: (ms: number) => Promise<void>,
): Promise<{ status: NodeStatus; settled: boolean }> {
  const rss: number[] = [];
  let status = await sampleStatus(node);
  rss.push(status.rssBytes);
  for (let i = 0; i < 30 && !rssSettled(rss); i++) {
    await sleep(2000);
    status = await sampleStatus(node);
    rss.push(status.rssBytes);
  }
  return { status, settled: rssSettled(rss) };
}

/**
 * Seconds from the last interval status with nobody registered (line `from` on) to `all`, the
 * first with every registration complete (so up to two status intervals longer than the true
 * window); null without such a start.
 */
export function registrationWindowSeconds(
  lines: readonly JsonLine[],
  from: number,
  all: JsonLine,
): number | null {
  const end = statusOf(all.value);
  let startAt: number | undefined;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === all) break;
    const s = statusOf(line.value);
    if (s?.trigger === 'interval' && s.registered === 0) startAt = s.time;
  }
  return startAt === undefined || end === undefined ? null : (end.time - startAt) / 1000;
}
