// Our own CSTA MakeCall load client: the same calls as conformance/sipp/csta-make-call-load.xml,
// made with the lab's reference TR/87 client (simulators/tr87/tr87-client.ts) over one SIP
// endpoint (one TCP connection, as SIPp -t t1), paced open-loop like SIPp's -r.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { MakeCallResponse } from '../simulators/csta/csta-types.ts';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { sleepOn, waitUntil } from './bench-support.ts';
import { dueCount, type LatencySummary, summarizeLatency } from './csta-stats.ts';
import type { MakeCallPair } from './sipp-run.ts';
import { rateOver } from './sipp-stats.ts';

export interface MakeCallLoadOptions {
  readonly host: string;
  readonly port: number;
  readonly pairs: readonly MakeCallPair[];
  readonly rate: number;
  readonly calls: number;
  readonly holdMs: number;
  /** A call still running this long after the last one started is counted failed; default 30 s. */
  readonly drainMs?: number;
  readonly clock?: Clock;
}

/** Which step of a call failed. */
export type MakeCallStep = 'session' | 'makeCall' | 'clearConnection' | 'bye' | 'unfinished';

export interface MakeCallLoadResult {
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly failureCauses: Readonly<Partial<Record<MakeCallStep, number>>>;
  /** INVITE sent -> 200 decoded ("session") and INFO MakeCall sent -> its 200 decoded ("makecall"), ms. */
  readonly responseTimes: { readonly session: LatencySummary; readonly makecall: LatencySummary };
  /** INVITEs of answered sessions sent per second, first to last. */
  readonly sessionRate: number;
  /** First call started -> last call ended, s. */
  readonly wallSeconds: number;
  /** CPU of this process while the calls ran, share of one core. */
  readonly cpuCores: number;
  /**
   * Event-loop lateness of this process while the calls ran, ms (perf_hooks monitorEventLoopDelay,
   * sampled every 10 ms, less the 10 ms): how long a ready answer could wait before our client's
   * code saw it. Part of every latency above.
   */
  readonly eventLoopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  readonly firstErrors: readonly string[];
}

/**
 * Per call i (pair i mod pairs, as SIPp's SEQUENTIAL injection): TR/87 session on the caller's
 * line (INVITE RequestSystemStatus -> 200 -> ACK), MakeCall caller -> callee (doNotPrompt),
 * `holdMs`, ClearConnection of the caller's connection, BYE. Call i starts at i / rate s.
 */
export async function runMakeCallLoad(opts: MakeCallLoadOptions): Promise<MakeCallLoadResult> {
  const clock = opts.clock ?? systemClock;
  const endpoint = await SipEndpoint.start({ name: 'ctilab-makecall-load', clock });
  const session: number[] = [];
  const sessionSentAt: number[] = [];
  const makecall: number[] = [];
  const causes: Partial<Record<MakeCallStep, number>> = {};
  const errors: string[] = [];
  let started = 0;
  let succeeded = 0;
  let failed = 0;
  let lastEnd = 0;
  /** Set after the drain: a call ending later was already counted unfinished. */
  let over = false;
  const fail = (step: MakeCallStep, e: unknown) => {
    if (over) return;
    failed++;
    causes[step] = (causes[step] ?? 0) + 1;
    if (errors.length < 5) errors.push(`${step}: ${e instanceof Error ? e.message : String(e)}`);
  };
  const oneCall = async (pair: MakeCallPair) => {
    let step: MakeCallStep = 'session';
    let client: Tr87Client | undefined;
    try {
      const t0 = performance.now();
      client = await Tr87Client.connect({
        host: opts.host,
        port: opts.port,
        endpoint,
        user: 'ctilab-load',
        line: pair.caller,
        autoRefresh: false,
        clock,
      });
      session.push(performance.now() - t0);
      sessionSentAt.push(t0);
      step = 'makeCall';
      const t1 = performance.now();
      const made: MakeCallResponse = await client.request({
        type: 'MakeCall',
        callingDevice: pair.caller,
        calledDirectoryNumber: pair.callee,
        autoOriginate: 'doNotPrompt',
      });
      makecall.push(performance.now() - t1);
      await sleepOn(clock, opts.holdMs);
      step = 'clearConnection';
      await client.request({ type: 'ClearConnection', connectionToBeCleared: made.callingDevice });
      step = 'bye';
      await client.close();
      client = undefined;
      if (!over) succeeded++;
    } catch (e) {
      fail(step, e);
      await client?.close().catch(() => {});
    } finally {
      if (!over) lastEnd = performance.now();
    }
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  try {
    await new Promise<void>((resolve) => {
      const tick = clock.setInterval(() => {
        const due = dueCount(performance.now() - start, opts.rate, opts.calls);
        while (started < due) {
          void oneCall(opts.pairs[started % opts.pairs.length]!);
          started++;
        }
        if (started >= opts.calls) {
          tick.cancel();
          resolve();
        }
      }, 1);
    });
    await waitUntil(() => succeeded + failed >= started, opts.holdMs + (opts.drainMs ?? 30_000), clock);
    const unfinished = started - succeeded - failed;
    for (let i = 0; i < unfinished; i++)
      fail('unfinished', new Error('still running at the end of the drain'));
    over = true;
  } finally {
    await endpoint.close();
  }
  const cpu = process.cpuUsage(cpu0);
  loopDelay.disable();
  // The histogram holds the time between the sampling timer's runs (10 ms when nothing blocks):
  // less the 10 ms, how late the loop ran.
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - 1000) / 100);
  const wallSeconds = ((lastEnd || performance.now()) - start) / 1000;
  return {
    attempted: started,
    succeeded,
    failed,
    failureCauses: causes,
    responseTimes: { session: summarizeLatency(session), makecall: summarizeLatency(makecall) },
    sessionRate: rateOver(sessionSentAt),
    wallSeconds,
    cpuCores: Math.round(((cpu.user + cpu.system) / 1e6 / ((performance.now() - start) / 1000)) * 100) / 100,
    eventLoopDelay: {
      p50Ms: ms(loopDelay.percentile(50)),
      p99Ms: ms(loopDelay.percentile(99)),
      maxMs: ms(loopDelay.max),
    },
    firstErrors: errors,
  };
}
