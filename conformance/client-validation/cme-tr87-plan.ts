/**
 * The plan of the CME TR/87 profiles (cme-moc, cme-session-manager): wait for the client's session
 * and monitors; a request the CME refuses (hold with no call on the line); a call rings the
 * client's line and the upper tester answers, holds, retrieves and clears it; the upper tester
 * makes a call; the session lives past one Session-Expires (a refresh is due); the CME ends the session (`clear cti
 * session id N`: BYE); once the client is back, one more call on its line.
 */
import { allCalls } from '../../simulators/phone/phone-state.ts';
import type { DriveContext } from './client-profile.ts';
import type { CmeValidationLab } from './cme-validation-lab.ts';
import { act, pause, phoneCall, until } from './tr87-plan.ts';

export interface CmeTr87PlanOptions {
  /** The client's line (its session's To). */
  readonly line: string;
  /** The other phone's line (it calls the client's line and is called). */
  readonly other: string;
  /** Lines the client is told to monitor. */
  readonly monitored: readonly string[];
}

export async function driveCmeTr87(
  ctx: DriveContext,
  lab: CmeValidationLab,
  o: CmeTr87PlanOptions,
): Promise<void> {
  const cti = lab.cme.cti!;
  const sessionUp = () => cti.sessions().some((s) => s.monitors.length >= o.monitored.length);
  if (!(await until(ctx, () => cti.sessions().length > 0, ctx.settings.connectTimeoutSeconds * 1000))) {
    ctx.log('the client opened no CTI session');
    return;
  }
  const openedAt = ctx.clock.now();
  await until(ctx, sessionUp, 2000);
  const mine = lab.phones.get(o.line);
  const other = lab.phones.get(o.other);
  if (!mine || !other) throw new Error(`the lab has no phones on ${o.line} and ${o.other}`);
  const devices = [...new Set([o.line, o.other].filter((d) => o.monitored.includes(d)))];

  // A request the CME refuses (hold with no call on the line); the calls after it show whether
  // the client kept its session.
  await act(ctx, 'hold', { device: o.line }, { refusal: true });
  await pause(ctx, 200);
  // A client that ends its session on the error (a fault of its own, graded by SESSION-016) may
  // open a new one: the call waits for its monitors (bounded), so SESSION-008 grades only calls
  // placed while the client had the chance to monitor — on a loaded machine too.
  await until(ctx, sessionUp, 5000);

  // A call rings the client's line; the upper tester answers, holds, retrieves, clears it.
  ctx.record({ kind: 'phone', action: `call ${o.other} -> ${o.line}`, detail: { devices } });
  other.offHook();
  other.dial(o.line);
  await pause(ctx, 400);
  await act(ctx, 'answer', { device: o.line });
  await pause(ctx, 300);
  await act(ctx, 'hold', { device: o.line });
  await pause(ctx, 300);
  await act(ctx, 'retrieve', { device: o.line });
  await pause(ctx, 300);
  await act(ctx, 'clear', { device: o.line });
  await pause(ctx, 300);
  for (const p of [other, mine]) if (allCalls(p.state).length > 0) p.onHook();
  await pause(ctx, 300);

  // The upper tester makes a call; the other phone answers; the client clears it.
  await until(ctx, sessionUp, 5000);
  await act(ctx, 'make-call', { from: o.line, to: o.other });
  await pause(ctx, 400);
  other.offHook();
  await pause(ctx, 300);
  await act(ctx, 'clear', { device: o.line });
  await pause(ctx, 300);
  for (const p of [other, mine]) if (allCalls(p.state).length > 0) p.onHook();
  await pause(ctx, 300);

  // The session lives past one Session-Expires: a refresh is due.
  const due = openedAt + ctx.settings.sessionExpiresSeconds * 1000 + 500;
  await pause(ctx, Math.max(0, due - ctx.clock.now()));

  // The CME ends the session (clear cti session id N): BYE.
  const current = cti.sessions().at(-1);
  if (current) {
    ctx.record({ kind: 'fault', action: 'end-session', detail: { session: current.id } });
    cti.clearSession(current.id);
    const before = current.id;
    await until(
      ctx,
      () => cti.sessions().some((s) => s.id > before && s.monitors.length >= o.monitored.length),
      3000,
    );
  }

  // Once more a call on the client's line.
  await phoneCall(ctx, other, mine, o.line, devices);
  await pause(ctx, 300);
}
