/**
 * Which open session receives which peripheral event (Cisco "CTI Planning", "CTI Server Client
 * Application Models": an agent workstation is "interested in the call data and call events
 * related to a single agent teleset", a CTI Bridge in "all call and agent state events that occur
 * on the ACD"; CTI Server Message Reference Guide v15 chapter 2 "Message Masks": the session's
 * CallMsgMask and AgentStateMask select the unsolicited messages it is sent).
 */
import { ServiceMask } from '../wire.ts';
import type { AgentScope, PeripheralEvent } from './cti-peripheral.ts';

export interface EventSubscription {
  readonly servicesGranted: number;
  readonly callMsgMask: number;
  readonly agentStateMask: number;
  readonly agent: AgentScope | undefined;
}

function concernsAgent(event: PeripheralEvent, agent: AgentScope): boolean {
  return (
    (event.agentIDs ?? []).includes(agent.agentID) ||
    (event.devices ?? []).some((d) => agent.devices.includes(d))
  );
}

/** True when a session with `sub` is sent `event`. */
export function sessionReceives(sub: EventSubscription, event: PeripheralEvent): boolean {
  if (event.kind === 'system') return true;
  const bit = event.kind === 'call' ? (event.callMsgMask ?? 0) : (event.agentStateMask ?? 0);
  const mask = event.kind === 'call' ? sub.callMsgMask : sub.agentStateMask;
  if ((mask & bit) >>> 0 === 0) return false;
  if ((sub.servicesGranted & ServiceMask.ALL_EVENTS) !== 0) return event.clientEventsOnly !== true;
  if ((sub.servicesGranted & ServiceMask.CLIENT_EVENTS) !== 0 && sub.agent !== undefined) {
    return concernsAgent(event, sub.agent);
  }
  return false;
}
