import { mib, p50p99, perPhone, type RegistrationFigures, textTable } from './bench-figures.ts';
import { roundOverProcesses } from './register-phones-split.ts';

/** One call-agent process (the CME, or one CUCM node's `serve cucm --node`) of a scale run. */
export interface ScaleNodeResult {
  name: string;
  /** Phones whose primary this node is. */
  phones: number;
  /** Memory after full GCs once RSS settled: config loaded, no phone yet. */
  rssBeforeBytes: number;
  /** With its phones registered. */
  rssAfterBytes: number;
  /** At the end of the hold (after keepalive rounds). */
  rssAfterHoldBytes: number;
  /** (after - before) / phones registered on this node. */
  bytesPerPhone: number;
  bytesPerPhoneAfterHold: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapBytesPerPhone: number;
  settled: { before: boolean; after: boolean; afterHold: boolean };
  samplesAfterGc: boolean;
  /** Registrations complete on this node when all phones processes had reported. */
  registered: number;
  /** Node side: last 100 ms status with nobody registered -> first with all its phones complete. */
  windowSeconds: number | null;
  stillRegisteredAfterHold: number;
  /** `<device> unregistered:` log lines before the phones were stopped (0 when keepalives held). */
  unregistrationsBeforeStop: number;
  /**
   * CPU (user + system, /proc) the node process used from before the phones started until all its
   * registrations were complete, per registration, ms (status lines included; null off Linux).
   */
  cpuMsPerRegistration: number | null;
}

/** What one phones process saw while held (its `stopping` line). */
export interface PhonesHeld {
  phones: number;
  stillRegistered: number;
  lostRegistrations: number;
  keepalivesSent: number;
  keepaliveAcks: number;
  phonesWithKeepaliveAck: number;
  heldSeconds: number;
}

/** One `ctilab phones` process of a scale run. */
export interface ScalePhonesResult extends RegistrationFigures {
  targets: string[];
  phones: number;
  startedAt: number;
  finishedAt: number;
  /** Its RSS with all its phones registered (/proc), and that divided by its phones (runtime included). */
  rssBytes: number | null;
  rssBytesPerPhone: number | null;
  held: PhonesHeld | null;
  /** CPU the phones process used until its outcome line, per registered phone, ms (its start included). */
  cpuMsPerRegistration: number | null;
}

/**
 * The run over all phones processes: `seconds` from the first one's start to the last one's last
 * registration (wall clock), `registrationMs` over every registered phone (nearest rank).
 */
export interface ScaleSummary extends RegistrationFigures {
  phones: number;
  /** Node processes' registrations still complete at the end of the hold (sum). */
  stillRegisteredAfterHold: number;
  /** Phones (all processes) that had at least one KeepAliveReq acknowledged by the end of the hold. */
  phonesWithKeepaliveAck: number | null;
  keepalivesSent: number | null;
  keepaliveAcks: number | null;
  lostRegistrations: number | null;
  unregistrationsBeforeStop: number;
}

/** The run-wide figures from the per-process ones and every phone's registration time. */
export function summarize(
  phones: number,
  parts: readonly ScalePhonesResult[],
  nodes: readonly ScaleNodeResult[],
  allRegistrationMs: readonly number[],
): ScaleSummary {
  const round = roundOverProcesses(parts, allRegistrationMs);
  const held = parts.map((p) => p.held);
  const heldSum = (f: (h: PhonesHeld) => number) =>
    held.every((h) => h !== null) ? sum(held.map((h) => f(h!))) : null;
  return {
    phones,
    registered: round.registered,
    failed: round.failed,
    seconds: Math.round(round.seconds * 1000) / 1000,
    phonesPerSecond: round.seconds > 0 ? Math.round(round.phonesPerSecond * 10) / 10 : round.registered,
    registrationMs: round.registrationMs,
    stillRegisteredAfterHold: sum(nodes.map((n) => n.stillRegisteredAfterHold)),
    phonesWithKeepaliveAck: heldSum((h) => h.phonesWithKeepaliveAck),
    keepalivesSent: heldSum((h) => h.keepalivesSent),
    keepaliveAcks: heldSum((h) => h.keepaliveAcks),
    lostRegistrations: heldSum((h) => h.lostRegistrations),
    unregistrationsBeforeStop: sum(nodes.map((n) => n.unregistrationsBeforeStop)),
  };
}

/** A node's result from its three samples; per-phone figures divide by the phones registered there. */
export function nodeResult(
  name: string,
  phones: number,
  samples: {
    before: { rssBytes: number; heapUsedBytes: number; gc: boolean };
    after: { rssBytes: number; heapUsedBytes: number; gc: boolean; registrationComplete: number };
    held: { rssBytes: number; heapUsedBytes: number; gc: boolean; registrationComplete: number };
    settled: { before: boolean; after: boolean; afterHold: boolean };
  },
  windowSeconds: number | null,
  unregistrationsBeforeStop: number,
  cpuMsPerRegistration: number | null = null,
): ScaleNodeResult {
  const { before, after, held } = samples;
  const n = after.registrationComplete;
  return {
    name,
    phones,
    rssBeforeBytes: before.rssBytes,
    rssAfterBytes: after.rssBytes,
    rssAfterHoldBytes: held.rssBytes,
    bytesPerPhone: perPhone(before.rssBytes, after.rssBytes, n),
    bytesPerPhoneAfterHold: perPhone(before.rssBytes, held.rssBytes, n),
    heapBeforeBytes: before.heapUsedBytes,
    heapAfterBytes: after.heapUsedBytes,
    heapBytesPerPhone: perPhone(before.heapUsedBytes, after.heapUsedBytes, n),
    settled: samples.settled,
    samplesAfterGc: before.gc && after.gc && held.gc,
    registered: n,
    windowSeconds,
    stillRegisteredAfterHold: held.registrationComplete,
    unregistrationsBeforeStop,
    cpuMsPerRegistration,
  };
}

/** The tables printed after a run: the summary, then one row per node process and per phones process. */
export function formatScaleTables(
  summary: ScaleSummary,
  nodes: readonly ScaleNodeResult[],
  parts: readonly ScalePhonesResult[],
): string {
  const s = summary;
  const times =
    s.registrationMs === null
      ? '-'
      : `${s.registrationMs.p50.toFixed(0)} / ${s.registrationMs.p99.toFixed(0)} / ${s.registrationMs.max.toFixed(0)}`;
  const out = [
    `phones ${s.registered}/${s.phones} registered (${s.failed} failed) in ${s.seconds.toFixed(2)} s: ${s.phonesPerSecond.toFixed(0)} phones/s, registration p50 / p99 / max ${times} ms`,
    `after the hold: ${s.stillRegisteredAfterHold}/${s.phones} still registered on the nodes, ${s.phonesWithKeepaliveAck ?? '-'}/${s.phones} phones with a keepalive acked (${s.keepaliveAcks ?? '-'}/${s.keepalivesSent ?? '-'} keepalives acked), ${s.lostRegistrations ?? '-'} registrations lost, ${s.unregistrationsBeforeStop} node-side unregistrations`,
    '',
    textTable(
      [
        'node process',
        'phones',
        'registered',
        'node-side s',
        'RSS before MiB',
        'after MiB',
        'after hold MiB',
        'RSS bytes/phone',
        'after hold',
        'heap bytes/phone',
        'still registered',
        'CPU ms/registration',
      ],
      nodes.map((n) => [
        n.name,
        String(n.phones),
        String(n.registered),
        n.windowSeconds === null ? '-' : n.windowSeconds.toFixed(2),
        mib(n.rssBeforeBytes),
        mib(n.rssAfterBytes),
        mib(n.rssAfterHoldBytes),
        String(n.bytesPerPhone),
        String(n.bytesPerPhoneAfterHold),
        String(n.heapBytesPerPhone),
        String(n.stillRegisteredAfterHold),
        n.cpuMsPerRegistration === null ? '-' : n.cpuMsPerRegistration.toFixed(3),
      ]),
    ),
    '',
    textTable(
      [
        'phones process',
        'phones',
        'registered',
        'seconds',
        'phones/s',
        'p50/p99 ms',
        'RSS MiB',
        'RSS bytes/phone',
        'keepalive acked (phones)',
        'CPU ms/registration',
      ],
      parts.map((p) => [
        p.targets.join(','),
        String(p.phones),
        String(p.registered),
        p.seconds.toFixed(2),
        p.phonesPerSecond.toFixed(0),
        p50p99(p.registrationMs),
        p.rssBytes === null ? '-' : mib(p.rssBytes),
        p.rssBytesPerPhone === null ? '-' : String(p.rssBytesPerPhone),
        p.held === null ? '-' : String(p.held.phonesWithKeepaliveAck),
        p.cpuMsPerRegistration === null ? '-' : p.cpuMsPerRegistration.toFixed(3),
      ]),
    ),
  ];
  return out.join('\n');
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}
