// The events half of the ACD's CTI Server port: call-model and ACD events as GED-188 call and
// agent events (Cisco "CTI Server Message Reference Guide", chapter 5 "Call Events", "Agent
// Events"; Cisco "CTI Planning", "CTI Server", "CTI Server Client Application Models").
//
// - Which calls: those with a party on one of the peripheral's agent extensions or dialed numbers.
//   A call begins on the peripheral (BEGIN_CALL_EVENT, with its call data) at the first event that
//   names one of them, and ends (END_CALL_EVENT) after its CALL_CLEARED_EVENT, or when no party is
//   on the peripheral any more (transferred away).
// - A dialed number is the ACD's queue point: the call's alerting there, its diversion to the
//   agent and the clearing of that connection are the ACD's routing, reported as CALL_QUEUED /
//   CALL_DEQUEUED_EVENT and the agent's CALL_DELIVERED_EVENT (⚠ lab choice), so a queued call
//   answered by an agent reads BEGIN_CALL, QUEUED, DEQUEUED, DELIVERED, ESTABLISHED, CLEARED,
//   END_CALL (rule ACD-SRV-002).
// - Who: every event names the agent extensions on the call (devices) and their agents, which is
//   what the workstation filter reads ("Agent Workstation Application": one teleset's calls); an
//   agent extension that joins a call the peripheral already reports gets its own BEGIN_CALL_EVENT
//   (for workstations only: the CTI Bridges have theirs), and one that leaves a call that goes on
//   its own END_CALL_EVENT.
// - Order: the ACD events the call binding's reaction to a call event causes (the call arriving,
//   the agent reserved or talking) are held back until that call event is reported
//   (AcdCallBinding.beforeCallEvent), so BEGIN_CALL_EVENT comes before CALL_QUEUED_EVENT and
//   CALL_ESTABLISHED_EVENT before the agent's TALKING.
// - What the peripheral type lacks (peripheral-profiles.ts `events`) is never emitted.
import { CALL_TYPE, type CallTypeName } from '../acd/acd-codes.ts';
import type { AcdEvent } from '../acd/acd-events.ts';
import type { AcdCall } from '../acd/acd-peripheral.ts';
import { type CallData, emptyCallData } from '../acd/call-data.ts';
import type { RouterEvent } from '../acd/icm-router.ts';
import type { CallEvent } from '../calls/call-events.ts';
import type { PeripheralEvent, RequestContext } from '../cti-server/server/cti-peripheral.ts';
import { CallMsgMask, CallType, type CtiMessage } from '../cti-server/wire.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import { agentStateEvent } from './agent-event-messages.ts';
import {
  type AcdCallInfo,
  beginCallMessage,
  type CallEventOrigin,
  callClearedMessage,
  callDataUpdateMessage,
  conferencedMessage,
  connectionClearedMessage,
  deliveredMessage,
  dequeuedMessage,
  divertedMessage,
  endCallMessage,
  establishedMessage,
  failedMessage,
  heldMessage,
  originatedMessage,
  preCallMessage,
  queuedMessage,
  retrievedMessage,
  serviceInitiatedMessage,
  transferredMessage,
  translationRouteMessage,
} from './call-event-messages.ts';

/** The CallMsgMask bit of each call event (guide: "CallMsgMask Values"). */
const CALL_MSG_BIT: Readonly<Record<string, number>> = {
  BEGIN_CALL_EVENT: CallMsgMask.BEGIN_CALL,
  END_CALL_EVENT: CallMsgMask.END_CALL,
  CALL_DATA_UPDATE_EVENT: CallMsgMask.CALL_DATA_UPDATE,
  CALL_DELIVERED_EVENT: CallMsgMask.DELIVERED,
  CALL_ESTABLISHED_EVENT: CallMsgMask.ESTABLISHED,
  CALL_HELD_EVENT: CallMsgMask.HELD,
  CALL_RETRIEVED_EVENT: CallMsgMask.RETRIEVED,
  CALL_CLEARED_EVENT: CallMsgMask.CLEARED,
  CALL_CONNECTION_CLEARED_EVENT: CallMsgMask.CONNECTION_CLEARED,
  CALL_ORIGINATED_EVENT: CallMsgMask.ORIGINATED,
  CALL_FAILED_EVENT: CallMsgMask.FAILED,
  CALL_CONFERENCED_EVENT: CallMsgMask.CONFERENCED,
  CALL_TRANSFERRED_EVENT: CallMsgMask.TRANSFERRED,
  CALL_DIVERTED_EVENT: CallMsgMask.DIVERTED,
  CALL_SERVICE_INITIATED_EVENT: CallMsgMask.SERVICE_INITIATED,
  CALL_QUEUED_EVENT: CallMsgMask.QUEUED,
  CALL_DEQUEUED_EVENT: CallMsgMask.DEQUEUED,
  CALL_TRANSLATION_ROUTE_EVENT: CallMsgMask.TRANSLATION_ROUTE,
  AGENT_PRE_CALL_EVENT: CallMsgMask.AGENT_PRE_CALL,
};

/** A call the peripheral reports. */
interface TrackedCall {
  readonly id: string;
  /**
   * The device call-level events (BEGIN_CALL, CALL_DATA_UPDATE, CALL_CLEARED, END_CALL) name: the
   * dialed number while the call waits there, the agent's teleset once the ACD offered it (⚠).
   */
  device: string;
  /** Agent extensions whose workstations were given the call's BEGIN_CALL_EVENT. */
  readonly told: Set<string>;
  /** CallType of a call the ACD did not route (set at its begin). */
  callType: number;
  /** Call data of a call the ACD did not route (ANI, DNIS of the model call). */
  data: CallData;
}

export class AcdCtiEvents {
  private readonly stops: (() => void)[] = [];
  private readonly calls = new Map<string, TrackedCall>();
  /** ACD call id -> model call id, kept after the binding forgets it (a call abandoned in queue). */
  private readonly modelOfAcd = new Map<number, string>();
  private readonly extensions: ReadonlySet<string>;
  private readonly dialedNumbers: ReadonlySet<string>;
  private readonly origin: CallEventOrigin;
  /** ACD and router events waiting for the call event the binding is reacting to (see above). */
  private held: (() => void)[] | undefined;

  constructor(
    readonly context: AcdCtiContext,
    readonly emit: (event: PeripheralEvent) => void,
  ) {
    const spec = context.peripheral.spec;
    this.extensions = new Set(spec.agents.map((a) => a.extension));
    this.dialedNumbers = new Set(spec.dialedNumbers.map((d) => d.number));
    this.origin = {
      peripheralID: context.peripheral.id,
      peripheralType: context.peripheralType,
      wireId: (id) => context.callIds.wireId(id),
    };
    this.stops.push(
      context.binding.beforeCallEvent(() => {
        this.release();
        this.held = [];
      }),
      context.model.on((e) => this.onCallEvent(e)),
      context.peripheral.on((e) => this.later(() => this.onAcdEvent(e))),
      context.router.on((e) => this.later(() => this.onRouterEvent(e))),
    );
  }

  /** Messages for a session right after its OPEN_CONF (BEGIN_CALL_EVENT per call in progress). */
  eventsOnOpen(context: RequestContext): readonly CtiMessage[] {
    // "CTI Server Fault Tolerance": after a failover the client learns the calls in progress again,
    // with their call data as it is now ("any updates to call variables remain in effect").
    if (!this.context.profile.events.has('BEGIN_CALL_EVENT')) return [];
    const out: CtiMessage[] = [];
    for (const call of this.calls.values()) {
      const parties = this.partiesNow(call.id);
      let device = call.device;
      if (context.agent !== undefined) {
        const own = context.agent.devices.find((d) => parties.includes(d));
        if (own === undefined) continue;
        device = own;
      }
      out.push(this.beginMessage(call, device));
    }
    return out;
  }

  close(): void {
    for (const s of this.stops.splice(0)) s();
  }

  // ------------------------------------------------------------------ ordering

  private later(fn: () => void): void {
    if (this.held === undefined) fn();
    else this.held.push(fn);
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const fn of held) fn();
  }

  // ------------------------------------------------------------------ call model events

  private onCallEvent(e: CallEvent): void {
    const ids = callIdsOf(e);
    const main = ids[0];
    if (main === undefined) {
      this.release();
      return;
    }
    let call = this.calls.get(main);
    if (
      call === undefined &&
      (e.monitoredDevices.some((d) => this.isMine(d)) || ids.some((i) => this.calls.has(i)))
    )
      call = this.begin(main, e);
    if (call !== undefined) {
      this.remember(call.id);
      this.joins(call, e);
      this.translate(e, call);
    }
    this.release();
    if (call !== undefined) this.leaves(call, e);
    for (const id of ids) this.endIfGone(id, e);
  }

  private begin(id: string, e: CallEvent): TrackedCall {
    const agents = this.agentDevices(e);
    const device =
      (e.type === 'DeliveredEvent' && this.dialedNumbers.has(e.alertingDevice)
        ? e.alertingDevice
        : undefined) ??
      agents[0] ??
      e.monitoredDevices.find((d) => this.isMine(d)) ??
      e.monitoredDevices[0] ??
      '';
    const snapshot = this.context.model.callIds().includes(id)
      ? this.context.model.snapshotCall(id)
      : undefined;
    const calling = snapshot?.callingDevice ?? (e.type === 'ServiceInitiatedEvent' ? e.initiatingDevice : '');
    const called = snapshot?.calledDevice ?? '';
    const call: TrackedCall = {
      id,
      device,
      told: new Set(agents),
      callType: this.callTypeOf(e, calling),
      data: emptyCallData({ ani: calling, dnis: called, dialedNumber: called }),
    };
    this.calls.set(id, call);
    this.send(this.beginMessage(call, device), agents);
    return call;
  }

  /** CallType of a call the ACD did not route (⚠ lab choice from the guide's "CallType Values"). */
  private callTypeOf(e: CallEvent, calling: string): number {
    if (e.type === 'ServiceInitiatedEvent' || e.type === 'OriginatedEvent')
      return e.cause === 'consultation' ? CallType.CONSULT : CALL_TYPE.AGENT_OUT;
    if (this.extensions.has(calling)) return CALL_TYPE.AGENT_INSIDE;
    return CALL_TYPE.OTHER_IN;
  }

  /** An agent extension that enters a known call gets the call's BEGIN_CALL_EVENT first. */
  private joins(call: TrackedCall, e: CallEvent): void {
    if (!('localConnectionInfo' in e)) return;
    for (const [device, state] of Object.entries(e.localConnectionInfo)) {
      if (state === 'null' || !this.extensions.has(device) || call.told.has(device)) continue;
      call.told.add(device);
      this.send(this.beginMessage(call, device), [device], true);
    }
  }

  /** An agent extension that left a call that goes on gets the call's END_CALL_EVENT. */
  private leaves(call: TrackedCall, e: CallEvent): void {
    if (!('localConnectionInfo' in e) || !this.calls.has(call.id)) return;
    if (!this.context.model.callIds().includes(call.id)) return;
    const now = this.partiesNow(call.id);
    for (const device of [...call.told]) {
      if (e.localConnectionInfo[device] !== 'null' || now.includes(device)) continue;
      call.told.delete(device);
      this.send(endCallMessage(this.origin, call.id, device), [device], true);
    }
  }

  /**
   * END_CALL_EVENT once the call is over for the peripheral: cleared (after its CALL_CLEARED_EVENT),
   * merged into another call by a transfer or conference, or with no party on the peripheral.
   */
  private endIfGone(id: string, e: CallEvent): void {
    const call = this.calls.get(id);
    if (call === undefined) return;
    const exists = this.context.model.callIds().includes(id);
    if (exists) {
      if (this.partiesNow(id).some((d) => this.isMine(d))) return;
    } else {
      const retired =
        (e.type === 'TransferedEvent' || e.type === 'ConferencedEvent') && e.secondaryOldCall?.callID === id;
      if (e.type !== 'CallClearedEvent' && !retired) return;
    }
    this.calls.delete(id);
    for (const [acdId, modelId] of this.modelOfAcd) if (modelId === id) this.modelOfAcd.delete(acdId);
    this.send(endCallMessage(this.origin, id, call.device), [...call.told]);
  }

  private translate(e: CallEvent, call: TrackedCall): void {
    const o = this.origin;
    const info = this.acdInfo(call.id);
    let message: CtiMessage | undefined;
    switch (e.type) {
      case 'ServiceInitiatedEvent':
        message = serviceInitiatedMessage(o, e);
        break;
      case 'OriginatedEvent':
        message = originatedMessage(o, e);
        break;
      case 'DeliveredEvent':
        // The call waiting at a dialed number is the ACD's queue (CALL_QUEUED_EVENT), not a delivery.
        if (this.dialedNumbers.has(e.alertingDevice)) call.device = e.alertingDevice;
        else {
          // Offered by the ACD to an agent: the call's events now name the agent's teleset.
          if (this.dialedNumbers.has(call.device) && this.extensions.has(e.alertingDevice))
            call.device = e.alertingDevice;
          message = deliveredMessage(o, e, info);
        }
        break;
      case 'EstablishedEvent':
        message = establishedMessage(o, e, info);
        break;
      case 'HeldEvent':
        message = heldMessage(o, e);
        break;
      case 'RetrievedEvent':
        message = retrievedMessage(o, e);
        break;
      case 'ConnectionClearedEvent':
        if (!this.dialedNumbers.has(e.releasingDevice)) message = connectionClearedMessage(o, e);
        break;
      case 'CallClearedEvent':
        message = callClearedMessage(o, call.id, call.device, e.cause);
        break;
      case 'FailedEvent':
        message = failedMessage(o, e);
        break;
      case 'DivertedEvent':
        // The ACD's own routing from its dialed number to the agent (or back): not a diversion.
        if (!this.dialedNumbers.has(e.divertingDevice)) message = divertedMessage(o, e);
        break;
      case 'TransferedEvent':
        message = transferredMessage(o, e);
        break;
      case 'ConferencedEvent':
        message = conferencedMessage(o, e);
        break;
      default:
        break;
    }
    if (message !== undefined) this.send(message, this.devicesOf(call, e));
  }

  // ------------------------------------------------------------------ ACD and router events

  private onAcdEvent(e: AcdEvent): void {
    switch (e.type) {
      case 'agentState':
        if (this.context.profile.events.has('AGENT_STATE_EVENT')) this.emit(agentStateEvent(this.origin, e));
        return;
      case 'callQueued': {
        const call = this.trackedOfAcd(e.callId);
        const acd = this.context.peripheral.call(e.callId);
        if (call === undefined || acd === undefined) return;
        const message = queuedMessage(
          this.origin,
          call.id,
          acd.dialedNumber,
          acd.data.ani,
          e.skillGroup,
          e.queueLength,
        );
        this.send(message, [...call.told]);
        return;
      }
      case 'callDequeued': {
        const call = this.trackedOfAcd(e.callId);
        const acd = this.context.peripheral.call(e.callId);
        if (call === undefined || acd === undefined) return;
        const left = this.context.peripheral.queue(e.skillGroup.name).length;
        const message = dequeuedMessage(this.origin, call.id, acd.dialedNumber, e.skillGroup, left, e.why);
        this.send(message, [...call.told]);
        return;
      }
      case 'callDataUpdate': {
        const call = this.trackedOfAcd(e.callId);
        const acd = this.context.peripheral.call(e.callId);
        if (call === undefined || acd === undefined) return;
        const message = callDataUpdateMessage(
          this.origin,
          call.id,
          call.device,
          CALL_TYPE[acd.callType],
          e.data,
        );
        this.send(message, [...call.told]);
        return;
      }
      default:
        return;
    }
  }

  private onRouterEvent(e: RouterEvent): void {
    const spec = this.context.peripheral.spec;
    if (e.type === 'preRoute') {
      // ACD-SRV-001 ("CTI Planning", "CTI Server"): the pre-route indication identifies the caller
      // and the call attributes while the call is still in the network, before any delivery.
      if (e.peripheralId !== spec.id) return;
      const dn = spec.dialedNumbers.find((d) => d.number === e.dialedNumber);
      const group = spec.skillGroups.find((g) => g.name === dn?.skillGroup);
      this.send(preCallMessage(e.data, group), []);
      return;
    }
    // "CTI Planning": call data reaches another ACD's client through a translation route; the
    // route's peripheral announces the call that will arrive at the route's DNIS.
    if (e.route.peripheralId !== spec.id) return;
    const data: CallData = { ...e.data, dnis: e.route.dnis, dialedNumber: e.route.dnis };
    this.send(translationRouteMessage(data), []);
  }

  // ------------------------------------------------------------------ helpers

  private send(message: CtiMessage, devices: readonly string[], clientEventsOnly = false): void {
    if (!this.context.profile.events.has(message.name)) return;
    const agentIDs = devices
      .map((d) => this.context.peripheral.agentOnExtension(d))
      .filter((a): a is string => a !== undefined);
    this.emit({
      kind: 'call',
      message,
      callMsgMask: CALL_MSG_BIT[message.name] ?? 0,
      devices: [...devices],
      agentIDs,
      ...(clientEventsOnly ? { clientEventsOnly: true } : {}),
    });
  }

  private beginMessage(call: TrackedCall, device: string): CtiMessage {
    const info = this.acdInfo(call.id);
    return beginCallMessage(
      this.origin,
      call.id,
      device,
      info === undefined ? call.callType : CALL_TYPE[info.callType],
      info?.data ?? call.data,
    );
  }

  private acdInfo(modelCallId: string): AcdCallInfo | undefined {
    const acdId = this.context.binding.acdCallOf(modelCallId);
    const acd: AcdCall | undefined = acdId === undefined ? undefined : this.context.peripheral.call(acdId);
    if (acd === undefined) return undefined;
    return { callType: acd.callType as CallTypeName, skillGroup: acd.skillGroup, data: acd.data };
  }

  private remember(modelCallId: string): void {
    const acdId = this.context.binding.acdCallOf(modelCallId);
    if (acdId !== undefined) this.modelOfAcd.set(acdId, modelCallId);
  }

  private trackedOfAcd(acdCallId: number): TrackedCall | undefined {
    const id = this.modelOfAcd.get(acdCallId) ?? this.context.binding.modelCallOf(acdCallId);
    return id === undefined ? undefined : this.calls.get(id);
  }

  private isMine(device: string): boolean {
    return this.extensions.has(device) || this.dialedNumbers.has(device);
  }

  /** Agent extensions the event names (parties of the call(s) at the event). */
  private agentDevices(e: CallEvent): string[] {
    return [...new Set(e.monitoredDevices)].filter((d) => this.extensions.has(d));
  }

  private devicesOf(call: TrackedCall, e: CallEvent): string[] {
    return [...new Set([...call.told, ...this.agentDevices(e)])];
  }

  private partiesNow(id: string): string[] {
    if (!this.context.model.callIds().includes(id)) return [];
    return this.context.model.snapshotCall(id).endpoints.map((p) => p.connection.deviceID);
  }
}

/** The model call ids an event reports, the call it is about first. */
function callIdsOf(e: CallEvent): string[] {
  switch (e.type) {
    case 'ServiceInitiatedEvent':
      return [e.initiatedConnection.callID];
    case 'OriginatedEvent':
      return [e.originatedConnection.callID];
    case 'DeliveredEvent':
    case 'DivertedEvent':
      return [e.connection.callID];
    case 'EstablishedEvent':
      return [e.establishedConnection.callID];
    case 'FailedEvent':
      return [e.failedConnection.callID];
    case 'ConnectionClearedEvent':
      return [e.droppedConnection.callID];
    case 'CallClearedEvent':
      return [e.clearedCall.callID];
    case 'HeldEvent':
      return [e.heldConnection.callID];
    case 'RetrievedEvent':
      return [e.retrievedConnection.callID];
    case 'TransferedEvent':
    case 'ConferencedEvent':
      return [e.primaryOldCall.callID, ...(e.secondaryOldCall ? [e.secondaryOldCall.callID] : [])];
    default:
      return [];
  }
}
