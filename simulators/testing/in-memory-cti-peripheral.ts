/**
 * A small in-test peripheral behind the CTI Server port (`cti-server/server/cti-peripheral.ts`):
 * agents with their devices, a set of supported requests, canned answers, and `emit` to publish
 * events. The real ACD (simulators/acd/) implements the same port.
 */

import type {
  AgentIdentity,
  AgentScope,
  CtiPeripheral,
  PeripheralEvent,
  RequestContext,
} from '../cti-server/server/cti-peripheral.ts';
import {
  AgentState,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  floatingString,
  PeripheralType,
} from '../cti-server/wire.ts';
import { ok, refused } from '../lab/result.ts';

export interface InMemoryAgent {
  agentID: string;
  extension: string;
  state?: number;
}

export class InMemoryCtiPeripheral implements CtiPeripheral {
  readonly peripheralID: number;
  readonly peripheralType: number;
  readonly supportedRequests: Set<string>;
  readonly requests: { request: CtiMessage; context: RequestContext }[] = [];
  private readonly listeners = new Set<(e: PeripheralEvent) => void>();
  readonly agents: InMemoryAgent[];

  constructor(
    opts: {
      peripheralID?: number;
      peripheralType?: number;
      agents?: InMemoryAgent[];
      supported?: string[];
    } = {},
  ) {
    this.peripheralID = opts.peripheralID ?? 5000;
    this.peripheralType = opts.peripheralType ?? PeripheralType.ENTERPRISE_AGENT;
    this.agents = opts.agents ?? [
      { agentID: '5001', extension: '3001', state: AgentState.NOT_READY },
      { agentID: '5002', extension: '3002', state: AgentState.AVAILABLE },
    ];
    this.supportedRequests = new Set(opts.supported ?? ['ANSWER_CALL_REQ', 'QUERY_AGENT_STATE_REQ']);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  pgStatus(): number {
    return 0;
  }

  online(): boolean {
    return true;
  }

  resolveAgent(id: AgentIdentity) {
    const a = this.agents.find(
      (x) =>
        x.agentID === id.agentID || x.extension === id.agentExtension || x.extension === id.agentInstrument,
    );
    if (a === undefined) return refused(CtiStatus.E_CTI_INVALID_AGENT_DATA, 'no such agent');
    const scope: AgentScope = {
      agentID: a.agentID,
      devices: [a.extension],
      agentState: a.state ?? AgentState.LOGOUT,
      agentExtension: a.extension,
      agentInstrument: a.extension,
    };
    return ok(scope);
  }

  requestTargets(request: CtiMessage) {
    const devices = ['AgentInstrument', 'ConnectionDeviceID']
      .map((n) => floatingString(request, n))
      .filter((d): d is string => d !== undefined);
    const agentID = floatingString(request, 'AgentID');
    return { agentIDs: agentID === undefined ? [] : [agentID], devices };
  }

  handleRequest(request: CtiMessage, context: RequestContext): CtiMessage {
    this.requests.push({ request, context });
    const InvokeID = request.fixed.InvokeID as number;
    if (request.name === 'ANSWER_CALL_REQ') return ctiMessage('ANSWER_CALL_CONF', { InvokeID });
    return ctiMessage('FAILURE_CONF', { InvokeID, Status: CtiStatus.E_CTI_UNSPECIFIED_FAILURE });
  }

  /** Messages `eventsOnOpen` gives each new session (and the contexts it was asked for). */
  openEvents: CtiMessage[] = [];
  readonly openContexts: RequestContext[] = [];

  eventsOnOpen(context: RequestContext): readonly CtiMessage[] {
    this.openContexts.push(context);
    return this.openEvents;
  }

  subscribe(listener: (e: PeripheralEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PeripheralEvent): void {
    for (const l of this.listeners) l(event);
  }
}
