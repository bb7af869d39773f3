import { systemClock } from '../simulators/lab/clock.ts';

/** What a status line reads of a call agent's station side (StationServer). */
export interface StatusSource {
  readonly registeredDevices: ReadonlyArray<{ readonly session: { readonly phase: string } }>;
  readonly connectionCount: number;
}

/**
 * One status line `{"status":{time, trigger, gc, registered, registrationComplete, connections,
 * rssBytes, heapUsedBytes}}` of `node`: devices holding a registration, those that finished the
 * exchange (TimeDateReq answered), open SCCP connections and this process's memory. A `signal`
 * line follows a full garbage collection when node runs with `--expose-gc` (`gc: true`), so its
 * heap and RSS figures count live memory only; interval lines never collect (they would slow the
 * node down).
 */
export function statusLine(node: StatusSource, trigger: 'interval' | 'signal'): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = trigger === 'signal' && typeof gc === 'function';
  if (collected) gc();
  const devices = node.registeredDevices;
  let complete = 0;
  for (const d of devices) if (d.session.phase === 'registered') complete++;
  const memory = process.memoryUsage();
  return JSON.stringify({
    status: {
      time: Date.now(),
      trigger,
      gc: collected,
      registered: devices.length,
      registrationComplete: complete,
      connections: node.connectionCount,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    },
  });
}

/**
 * `--status-interval-ms N` of `ctilab serve cme|cucm`: a status line every N ms on `write`, and
 * one more at once on SIGUSR2 (not on Windows). Armed before the ready line, so a client may ask
 * for a sample as soon as it reads it. Returns the disarmer.
 */
export function armStatusLines(
  node: StatusSource,
  intervalMs: number,
  write: (line: string) => void = (line) => process.stdout.write(line),
): () => void {
  const timer = systemClock.setInterval(() => write(`${statusLine(node, 'interval')}\n`), intervalMs);
  const onDemand = () => write(`${statusLine(node, 'signal')}\n`);
  const onSignal = process.platform !== 'win32';
  if (onSignal) process.on('SIGUSR2', onDemand);
  return () => {
    timer.cancel();
    if (onSignal) process.off('SIGUSR2', onDemand);
  };
}
