// The simulated ACD behind its CTI Server (issue 11): the CtiPeripheral port of
// cti-server/server/cti-peripheral.ts over an AcdPeripheral of an AcdSystem on the shared call
// model. Calls, call data and agent states live in the ACD and the call model, never in a CTI
// session, so they outlive a side of the duplexed server (Cisco "CTI Planning", "CTI Server Fault
// Tolerance"). The events half is acd-cti-events.ts, the requests half acd-cti-requests.ts.
import { AGENT_STATE, PERIPHERAL_TYPE } from '../acd/acd-codes.ts';
import type { AcdSystem } from '../acd/acd-system.ts';
import type { CallModel } from '../calls/call-model.ts';
import type {
  AgentIdentity,
  AgentScope,
  CtiPeripheral,
  PeripheralEvent,
  RequestContext,
} from '../cti-server/server/cti-peripheral.ts';
import { type CtiMessage, CtiStatus, ctiMessage, PGStatus, SystemEventID } from '../cti-server/wire.ts';
import type { Clock } from '../lab/clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import { AcdCtiEvents } from './acd-cti-events.ts';
import { acdRequestTargets, handleAcdRequest } from './acd-cti-requests.ts';
import { ConnectionCallIds } from './connection-call-ids.ts';
import { peripheralProfile } from './peripheral-profiles.ts';

export interface AcdCtiPeripheralOptions {
  readonly system: AcdSystem;
  readonly peripheralId: number;
  readonly model: CallModel;
  readonly clock: Clock;
  /**
   * The first ConnectionCallID this peripheral's CTI Server gives out (default 1); AcdLab gives
   * each peripheral of a lab its own block so ids never collide across its CTI Servers.
   */
  readonly firstConnectionCallId?: number;
}

export class AcdCtiPeripheral implements CtiPeripheral {
  readonly peripheralID: number;
  readonly peripheralType: number;
  readonly supportedRequests: ReadonlySet<string>;
  readonly context: AcdCtiContext;
  private readonly listeners = new Set<(event: PeripheralEvent) => void>();
  private readonly events: AcdCtiEvents;
  private peripheralUp = true;
  private centralControllerUp = true;

  constructor(options: AcdCtiPeripheralOptions) {
    const peripheral = options.system.peripheral(options.peripheralId);
    const binding = options.system.bindings.get(options.peripheralId);
    if (binding === undefined) throw new Error(`no call binding for peripheral ${options.peripheralId}`);
    const profile = peripheralProfile(peripheral.spec.type);
    this.peripheralID = peripheral.id;
    this.peripheralType = PERIPHERAL_TYPE[peripheral.spec.type];
    this.supportedRequests = profile.requests;
    this.context = {
      peripheral,
      binding,
      router: options.system.router,
      model: options.model,
      clock: options.clock,
      callIds: new ConnectionCallIds(options.firstConnectionCallId ?? 1),
      profile,
      peripheralType: this.peripheralType,
    };
    this.events = new AcdCtiEvents(this.context, (e) => this.emit(e));
  }

  /** PGStatus bits (enums.ts PGStatus): 0 when the peripheral and the central controller are up. */
  pgStatus(): number {
    return (
      (this.peripheralUp ? 0 : PGStatus.PERIPHERAL_OFFLINE) |
      (this.centralControllerUp ? 0 : PGStatus.CC_DOWN)
    );
  }

  online(): boolean {
    return this.peripheralUp;
  }

  /**
   * A fault: the peripheral goes offline or back online. Every session gets a SYSTEM_EVENT
   * PERIPHERAL_OFFLINE / PERIPHERAL_ONLINE ("CTI Planning", "CTI Server Messages": miscellaneous
   * messages report "system-level events (peripheral offline, ...)").
   */
  setPeripheralOnline(up: boolean): void {
    if (this.peripheralUp === up) return;
    this.peripheralUp = up;
    this.systemEvent(up ? SystemEventID.PERIPHERAL_ONLINE : SystemEventID.PERIPHERAL_OFFLINE);
  }

  /** A fault: the central controller is lost or back ("loss of the central controller"). */
  setCentralController(up: boolean): void {
    if (this.centralControllerUp === up) return;
    this.centralControllerUp = up;
    this.systemEvent(up ? SystemEventID.CENTRAL_CONTROLLER_ONLINE : SystemEventID.CENTRAL_CONTROLLER_OFFLINE);
  }

  resolveAgent(identity: AgentIdentity): Result<AgentScope, number> {
    const acd = this.context.peripheral;
    if (!this.context.profile.agents)
      return refused(CtiStatus.E_CTI_INVALID_AGENT_DATA, `peripheral ${this.peripheralID} has no agents`);
    const byId =
      identity.agentID === undefined ? undefined : acd.hasAgent(identity.agentID) ? identity.agentID : null;
    const device = identity.agentExtension ?? identity.agentInstrument;
    const byDevice = device === undefined ? undefined : (acd.agentOnExtension(device) ?? null);
    if (byId === null || byDevice === null)
      return refused(CtiStatus.E_CTI_INVALID_AGENT_DATA, 'no such agent on the peripheral');
    if (byId !== undefined && byDevice !== undefined && byId !== byDevice)
      return refused(CtiStatus.E_CTI_INCONSISTENT_AGENT_DATA, 'AgentID and extension name different agents');
    const agentID = byId ?? byDevice;
    if (agentID === undefined) return refused(CtiStatus.E_CTI_REQUIRED_DATA_MISSING, 'no agent named');
    const agent = acd.agent(agentID);
    return ok({
      agentID,
      devices: [agent.extension],
      agentState: AGENT_STATE[agent.state],
      agentExtension: agent.extension,
      agentInstrument: agent.extension,
    });
  }

  requestTargets(request: CtiMessage): {
    readonly agentIDs: readonly string[];
    readonly devices: readonly string[];
  } {
    return acdRequestTargets(this.context, request);
  }

  handleRequest(request: CtiMessage, context: RequestContext): CtiMessage {
    return handleAcdRequest(this.context, request, context);
  }

  eventsOnOpen(context: RequestContext): readonly CtiMessage[] {
    return this.events.eventsOnOpen(context);
  }

  subscribe(listener: (event: PeripheralEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops listening to the ACD and the call model. */
  close(): void {
    this.events.close();
    this.listeners.clear();
  }

  private emit(event: PeripheralEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  private systemEvent(id: number): void {
    this.emit({
      kind: 'system',
      message: ctiMessage('SYSTEM_EVENT', {
        PGStatus: this.pgStatus(),
        ICMCentralControllerTime: Math.floor(this.context.clock.now() / 1000),
        SystemEventID: id,
        SystemEventArg1: this.peripheralID,
      }),
    });
  }
}
