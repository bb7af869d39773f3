// The ACD on the lab's one call model (simulators/calls/call-model.ts, shared by phones and CTI),
// so what an agent does on the SCCP phone and what a CTI client asks for move the same calls.
//
// - Each dialed number of the peripheral is a device of the model that holds calls waiting for an
//   agent: like a CUCM CTI route point (`manyActive`, many calls at once; cucm/cluster-station-
//   config.ts), its calls stay alerting there (the caller hears ringback) while they queue.
// - A call delivered to a dialed number arrives at the ACD (ANI = the calling device). When the
//   ACD offers it to an agent, the call is deflected (DeflectCall, only while alerting, as for a
//   route point redirect) to the agent's extension, where it alerts.
// - The agent's state follows the phone: the offered call answered there -> TALKING (the ACD call
//   is connected); the call cleared -> wrap-up or ready; other calls of the agent's phone ->
//   TALKING / HOLD / back, through AcdPeripheral.phoneActivity.
// Call data stays in the ACD (acd-peripheral.ts), keyed by the ACD call id this binding maps to
// the model's call id.
import type { CallEvent } from '../calls/call-events.ts';
import type { CallModel } from '../calls/call-model.ts';
import { type ConnectionID, isActiveState } from '../calls/connection-state.ts';
import type { Result } from '../lab/result.ts';
import type { ControlFailureCode } from './acd-codes.ts';
import type { AcdCall, AcdPeripheral, CallArrival } from './acd-peripheral.ts';
import type { TranslationRouteSpec } from './acd-spec.ts';

/** Simultaneous calls a dialed number holds (a CUCM route point's default maximum is 5000). */
export const DIALED_NUMBER_MAX_CALLS = 5000;

export interface AcdBindingProblem {
  readonly acdCallId: number;
  readonly reason: string;
}

export interface AcdCallBindingOptions {
  /**
   * How a call arrives at the peripheral: through the ICM router (`IcmRouter.arrive`, which adds a
   * pending pre-route's or translation route's call data) or straight (the default).
   */
  readonly arrive?: (arrival: CallArrival) => Result<AcdCall, ControlFailureCode>;
  /** The translation routes whose numbers are on this peripheral (devices of the model). */
  readonly translationRoutes?: readonly TranslationRouteSpec[];
  /** Sends a call of this peripheral to a translation route (`IcmRouter.translate`). */
  readonly translate?: (acdCallId: number, routeNumber: string) => Result<unknown, ControlFailureCode>;
}

export class AcdCallBinding {
  /** model call id -> ACD call id. */
  private readonly acdOf = new Map<string, number>();
  /** model call id -> the last ACD call id it was mapped to (kept after the call ends). */
  private readonly lastAcd = new Map<string, number>();
  /** ACD call id -> model call id. */
  private readonly modelOf = new Map<number, string>();
  /** Offers made while the call was arriving (before its model call id was mapped). */
  private readonly pendingOffers = new Map<number, string>();
  private readonly dialedNumbers: ReadonlySet<string>;
  private readonly extensions: ReadonlySet<string>;
  private readonly offAcd: () => void;
  private readonly offModel: () => void;
  /** Offers the model refused (the agent's phone busy or gone): for logs and tests. */
  readonly problems: AcdBindingProblem[] = [];

  private readonly routes: ReadonlyMap<string, TranslationRouteSpec>;
  private readonly watchers = new Set<(e: CallEvent) => void>();

  constructor(
    private readonly model: CallModel,
    private readonly acd: AcdPeripheral,
    private readonly options: AcdCallBindingOptions = {},
  ) {
    this.dialedNumbers = new Set(acd.spec.dialedNumbers.map((d) => d.number));
    this.extensions = new Set(acd.spec.agents.map((a) => a.extension));
    this.routes = new Map((options.translationRoutes ?? []).map((r) => [r.number, r]));
    for (const number of [...this.dialedNumbers, ...this.routes.keys()]) {
      if (model.hasDevice(number)) continue;
      const added = model.addDevice({ number, maxCalls: DIALED_NUMBER_MAX_CALLS, manyActive: true });
      if (!added.ok) throw new Error(`dialed number ${number}: ${added.reason}`);
    }
    this.offModel = model.on((e) => this.onCallEvent(e));
    this.offAcd = acd.on((e) => {
      if (e.type === 'callOffered') this.deflectToAgent(e.callId, e.extension);
      // Redirection on No Answer put the call back in its queue: it waits at its dialed number.
      if (e.type === 'callQueued') {
        const call = acd.call(e.callId);
        if (call !== undefined) this.moveAlerting(e.callId, call.dialedNumber);
      }
    });
  }

  /**
   * Tells `listener` of each call-model event just before the binding acts on it. The ACD events
   * the binding's reaction causes (a call arriving, an agent reserved or talking) are delivered
   * while the model is still dispatching that call event; a translator of both streams (the CTI
   * Server's, acd-cti/acd-cti-events.ts) uses this to report the call event first.
   */
  beforeCallEvent(listener: (e: CallEvent) => void): () => void {
    this.watchers.add(listener);
    return () => {
      this.watchers.delete(listener);
    };
  }

  /** The ACD call id of a model call, if the ACD knows it. */
  acdCallOf(modelCallId: string): number | undefined {
    return this.acdOf.get(modelCallId);
  }

  /**
   * The last ACD call a model call was, also after the model call cleared (the call the agent is
   * wrapping up: wrap-up data may still be written for it).
   */
  lastAcdCallOf(modelCallId: string): number | undefined {
    return this.acdOf.get(modelCallId) ?? this.lastAcd.get(modelCallId);
  }

  /** The model call id of an ACD call. */
  modelCallOf(acdCallId: number): string | undefined {
    return this.modelOf.get(acdCallId);
  }

  close(): void {
    this.offModel();
    this.offAcd();
  }

  private onCallEvent(e: CallEvent): void {
    for (const w of [...this.watchers]) w(e);
    switch (e.type) {
      case 'DeliveredEvent':
        if (this.dialedNumbers.has(e.alertingDevice)) this.delivered(e.connection, e.callingDevice);
        else if (this.routes.has(e.alertingDevice)) this.translated(e.connection);
        break;
      case 'EstablishedEvent': {
        const acdCall = this.acdOf.get(e.establishedConnection.callID);
        const call = acdCall === undefined ? undefined : this.acd.call(acdCall);
        if (call?.state === 'offered' && this.acd.agent(call.agentId ?? '').extension === e.answeringDevice)
          this.acd.answer(call.id);
        break;
      }
      case 'CallClearedEvent': {
        const acdCall = this.acdOf.get(e.clearedCall.callID);
        if (acdCall !== undefined) {
          this.acdOf.delete(e.clearedCall.callID);
          this.modelOf.delete(acdCall);
          if (this.acd.call(acdCall)?.state !== 'ended') this.acd.callEnded(acdCall);
        }
        break;
      }
      default:
        break;
    }
    for (const device of new Set(e.monitoredDevices))
      if (this.extensions.has(device)) this.followPhone(device);
  }

  /**
   * A call alerts at a dialed number: a new call arrives at the ACD; a call the ACD already had
   * and an agent talked on (transferred back to a dialed number) arrives again as TRANSFER_IN
   * with its call data ("CTI Planning": a second agent on the same ACD "also receives the
   * incoming call data, including any updates made by the first agent"); a call the ACD put back
   * in queue (no answer) just waits there.
   */
  private delivered(connection: ConnectionID, callingDevice: string): void {
    const known = this.acdOf.get(connection.callID);
    const call = known === undefined ? undefined : this.acd.call(known);
    if (call === undefined) {
      this.arrive(connection, {
        dialedNumber: connection.deviceID,
        ani: callingDevice,
        dnis: connection.deviceID,
      });
      return;
    }
    if (call.state === 'queued' || call.state === 'offered') return;
    this.unmap(call.id);
    if (call.state !== 'ended') this.acd.callEnded(call.id);
    this.arrive(connection, { dialedNumber: connection.deviceID, data: call.data, callType: 'TRANSFER_IN' });
  }

  /**
   * A call alerts at a translation route number: its call data goes to the route's peripheral
   * (IcmRouter.translate) and the call moves on to the route's DNIS there, where it arrives with it.
   */
  private translated(connection: ConnectionID): void {
    const route = this.routes.get(connection.deviceID);
    if (route === undefined) return;
    const known = this.acdOf.get(connection.callID);
    if (known !== undefined && this.options.translate !== undefined) {
      this.options.translate(known, route.number);
      this.unmap(known);
    }
    const moved = this.model.deflect(connection, route.dnis);
    if (!moved.ok) this.model.withdrawAlerting(connection, 'destOutOfOrder');
  }

  private unmap(acdCallId: number): void {
    const callID = this.modelOf.get(acdCallId);
    this.modelOf.delete(acdCallId);
    if (callID !== undefined) this.acdOf.delete(callID);
  }

  private arrive(connection: ConnectionID, arrival: CallArrival): void {
    const result = this.options.arrive?.(arrival) ?? this.acd.callArrived(arrival);
    if (!result.ok) {
      this.model.withdrawAlerting(connection, 'destOutOfOrder');
      return;
    }
    this.acdOf.set(connection.callID, result.value.id);
    this.lastAcd.set(connection.callID, result.value.id);
    this.modelOf.set(result.value.id, connection.callID);
    // The ACD may have offered the call while it arrived (an agent was available).
    const offer = this.pendingOffers.get(result.value.id);
    this.pendingOffers.delete(result.value.id);
    if (offer !== undefined) this.deflectToAgent(result.value.id, offer);
  }

  private deflectToAgent(acdCallId: number, extension: string): void {
    if (!this.modelOf.has(acdCallId)) {
      this.pendingOffers.set(acdCallId, extension);
      return;
    }
    const refusal = this.cannotRing(extension) ?? this.moveAlerting(acdCallId, extension);
    if (refusal === undefined) return;
    // The agent's phone cannot ring (busy, out of service): as if it rang unanswered.
    this.problems.push({ acdCallId, reason: refusal });
    this.acd.ringNoAnswer(acdCallId);
  }

  /**
   * Why the agent's phone cannot be offered a call, checked before the call leaves its dialed
   * number (a deflect to such a phone would fail the caller's call instead).
   */
  private cannotRing(extension: string): string | undefined {
    if (!this.model.hasDevice(extension)) return `no device ${extension}`;
    if (!this.model.isInService(extension)) return `${extension} is out of service`;
    if (this.model.getDoNotDisturb(extension)) return `${extension} has do not disturb on`;
    if (this.model.snapshotDevice(extension).length >= this.model.maxCallsOf(extension))
      return `${extension} has no free line`;
    return undefined;
  }

  /** Deflects the model call from where it alerts to `to`; the refusal's reason, if refused. */
  private moveAlerting(acdCallId: number, to: string): string | undefined {
    const callID = this.modelOf.get(acdCallId);
    if (callID === undefined || !this.model.callIds().includes(callID)) return undefined;
    const alerting = this.model
      .snapshotCall(callID)
      .endpoints.find((e) => e.localConnectionState === 'alerting');
    if (alerting === undefined || alerting.connection.deviceID === to) return undefined;
    const deflected = this.model.deflect(alerting.connection, to);
    return deflected.ok ? undefined : deflected.reason;
  }

  /** The agent's phone: talking if a line is in use, held if all calls are on hold, idle if none. */
  private followPhone(extension: string): void {
    if (!this.model.hasDevice(extension)) return;
    const items = this.model.snapshotDevice(extension);
    // Off-hook (initiated), talking, or hearing busy / reorder (fail): the line is in use.
    const activity = items.some((i) => isActiveState(i.localConnectionState))
      ? 'talking'
      : items.some((i) => i.localConnectionState === 'hold')
        ? 'held'
        : items.length === 0
          ? 'idle'
          : undefined;
    if (activity !== undefined) this.acd.phoneActivity(extension, activity);
  }
}
