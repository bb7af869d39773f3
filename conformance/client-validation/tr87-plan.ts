/**
 * Steps the TR/87 profiles' plans share: waiting on the validation clock, the upper tester's
 * actions recorded as stimuli, and a call between two of the lab's SCCP phones.
 */
import type { SccpPhone } from '../../simulators/phone/phone.ts';
import { allCalls } from '../../simulators/phone/phone-state.ts';
import type { DriveContext } from './client-profile.ts';

/** Resolves after `ms` of the validation clock (early, without throwing, when the run is aborted). */
export function pause(ctx: Pick<DriveContext, 'clock' | 'signal'>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.signal.aborted) return resolve();
    const t = ctx.clock.setTimeout(done, ms);
    function done() {
      t.cancel();
      ctx.signal.removeEventListener('abort', done);
      resolve();
    }
    ctx.signal.addEventListener('abort', done, { once: true });
  });
}

/** Polls `pred` every 50 ms of the validation clock; true once it holds, false after `ms`. */
export async function until(
  ctx: Pick<DriveContext, 'clock' | 'signal'>,
  pred: () => boolean,
  ms: number,
): Promise<boolean> {
  const end = ctx.clock.now() + ms;
  while (!pred()) {
    if (ctx.signal.aborted || ctx.clock.now() >= end) return false;
    await pause(ctx, 50);
  }
  return true;
}

/**
 * An upper-tester action, recorded as a stimulus before it is performed (a rule reading it sees
 * the action before the client's request), with its outcome.
 */
export async function act(
  ctx: DriveContext,
  action: string,
  args: Record<string, string>,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  if (!ctx.upperTester.supports(action)) {
    ctx.record({
      kind: 'upper-tester',
      action,
      detail: { ...args, ...extra },
      outcome: 'not declared in the PIXIT',
    });
    return false;
  }
  const at = ctx.clock.now();
  const r = await ctx.upperTester.perform(action, args);
  ctx.log(`upper tester ${action} ${JSON.stringify(args)}: ${r.ok ? 'ok' : r.detail}`);
  // `record` stamps the clock's now: the stimulus keeps the time the action began.
  recordAt(ctx, at, {
    kind: 'upper-tester',
    action,
    detail: { ...args, ...extra, result: r.detail },
    outcome: r.ok ? 'ok' : r.detail,
  });
  return r.ok;
}

function recordAt(ctx: DriveContext, at: number, s: Parameters<DriveContext['record']>[0]): void {
  // The interface's record stamps now; a stimulus that began earlier says when in its detail.
  ctx.record({ ...s, detail: { ...s.detail, startedAt: at } });
}

/**
 * A call from `caller` to `number` (ringing the callee's phone), answered by `callee` after a
 * moment, then cleared: one `phone` stimulus naming the monitored lines it involves.
 */
export async function phoneCall(
  ctx: DriveContext,
  caller: SccpPhone,
  callee: SccpPhone,
  number: string,
  devices: readonly string[],
): Promise<void> {
  ctx.record({
    kind: 'phone',
    action: `call ${caller.deviceName} -> ${number}`,
    detail: { devices: [...devices] },
  });
  caller.offHook();
  caller.dial(number);
  await pause(ctx, 300);
  callee.offHook();
  await pause(ctx, 300);
  caller.onHook();
  await pause(ctx, 200);
  if (allCalls(callee.state).length > 0) callee.onHook();
  await pause(ctx, 200);
}
