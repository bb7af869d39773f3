// The scenario's thresholds checked against a run's result: each given threshold gives one line
// (name, limit, the measured value, met or not); a value the run could not measure (no fault, so
// no re-registration time) misses the threshold rather than passing it silently.
import type { LoadResult } from './run-load.ts';
import type { Thresholds } from './scenario-schema.ts';

export interface ThresholdCheck {
  readonly name: keyof Thresholds;
  readonly limit: number;
  readonly actual: number | null;
  readonly met: boolean;
}

type Measure = (r: LoadResult) => number | null;

const MAX: Record<string, Measure> = {
  callsFailedMax: (r) => r.calls.failedTotal - r.calls.clearedByDesign,
  callsClearedUnexpectedlyMax: (r) => r.calls.clearedUnexpectedly,
  cstaLatencyP99MsMax: (r) => r.csta.latency.p99Ms,
  eventLatencyP99MsMax: (r) => r.events.deliveryLatency.p99Ms,
  eventsLostMax: (r) => r.events.lost,
  eventsLostRecoveredMax: (r) => (r.events.recoveredDevices === 0 ? null : r.events.lostRecovered),
  eventsDuplicatedMax: (r) => r.events.duplicated,
  reRegistrationSecondsMax: (r) => worst(r.failovers.map((f) => (f.phonesLost === 0 ? 0 : f.reHomeSeconds))),
  reopenSecondsMax: (r) =>
    worst(
      r.failovers.flatMap((f) => [
        f.sessionsEnded.length === 0 ? 0 : f.reopenSeconds,
        f.ctiServerSessionsEnded.length === 0 ? 0 : f.ctiServerReopenSeconds,
      ]),
    ),
  ctiServerLatencyP99MsMax: (r) => r.ctiServer?.latency.p99Ms ?? null,
  ctiServerEventsLostMax: (r) => r.ctiServer?.events.lost ?? null,
  ctiServerEventsLostRecoveredMax: (r) =>
    r.ctiServer === null || r.ctiServer.events.recoveredDevices === 0
      ? null
      : r.ctiServer.events.lostRecovered,
  ctiServerEventsDuplicatedMax: (r) => r.ctiServer?.events.duplicated ?? null,
};

const MIN: Record<string, Measure> = {
  completedShareMin: (r) => (r.calls.attempted === 0 ? null : r.calls.completed / r.calls.attempted),
};

export function checkThresholds(thresholds: Thresholds, result: LoadResult): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const [name, limit] of Object.entries(thresholds) as Array<[keyof Thresholds, number | undefined]>) {
    if (limit === undefined) continue;
    const max = MAX[name];
    const measure = max ?? MIN[name];
    if (measure === undefined) continue;
    const actual = measure(result);
    const met = actual !== null && (max !== undefined ? actual <= limit : actual >= limit);
    checks.push({ name, limit, actual: actual === null ? null : Math.round(actual * 1000) / 1000, met });
  }
  return checks;
}

/** The largest of the values; null when there is none or one is unknown (never measured). */
function worst(values: ReadonlyArray<number | null>): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return Math.max(...(values as number[]));
}
