// The requests half of the ACD's CTI Server port: client control and third-party call control
// requests on the ACD and the shared call model (Cisco "CTI Planning", "Third-Party Call Control";
// "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5 "Client Control Service",
// "Call Data Update Service"). This file dispatches; the handlers are in agent-requests.ts,
// call-control-requests.ts, call-data-requests.ts and snapshot-requests.ts. The session layer
// (cti-server/server/cti-session.ts) has already refused what the peripheral type does not
// implement, what the session was not granted (CLIENT_CONTROL, CALL_DATA_UPDATE) and a
// workstation's request naming another agent or device (acdRequestTargets below).
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import { type CtiMessage, CtiStatus, floatingString } from '../cti-server/wire.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import { queryAgentState, setAgentState } from './agent-requests.ts';
import {
  alternateCall,
  answerCall,
  clearCall,
  clearConnection,
  conferenceCall,
  consultationCall,
  deflectCall,
  holdCall,
  makeCall,
  reconnectCall,
  retrieveCall,
  sendDtmf,
  transferCall,
} from './call-control-requests.ts';
import { releaseCall, setCallData } from './call-data-requests.ts';
import { confirm, failureConf } from './request-support.ts';
import { snapshotCall, snapshotDevice } from './snapshot-requests.ts';

type Handler = (ctx: AcdCtiContext, request: CtiMessage, context: RequestContext) => CtiMessage;

/**
 * CLIENT_EVENT_REPORT_REQ (guide chapter 5, "Miscellaneous Service": a client reports an event of
 * its own, State / ObjectName / Text, for the ICM's event log) → CLIENT_EVENT_REPORT_CONF. ⚠ The
 * lab keeps no ICM event log: the report is confirmed and dropped.
 */
const clientEventReport: Handler = (_ctx, request) => confirm('CLIENT_EVENT_REPORT_CONF', request);

const HANDLERS: Readonly<Record<string, Handler>> = {
  QUERY_AGENT_STATE_REQ: queryAgentState,
  SET_AGENT_STATE_REQ: setAgentState,
  SET_CALL_DATA_REQ: setCallData,
  RELEASE_CALL_REQ: releaseCall,
  SNAPSHOT_CALL_REQ: snapshotCall,
  SNAPSHOT_DEVICE_REQ: snapshotDevice,
  CLIENT_EVENT_REPORT_REQ: clientEventReport,
  ANSWER_CALL_REQ: answerCall,
  CLEAR_CALL_REQ: clearCall,
  CLEAR_CONNECTION_REQ: clearConnection,
  HOLD_CALL_REQ: holdCall,
  RETRIEVE_CALL_REQ: retrieveCall,
  ALTERNATE_CALL_REQ: alternateCall,
  RECONNECT_CALL_REQ: reconnectCall,
  MAKE_CALL_REQ: makeCall,
  CONSULTATION_CALL_REQ: consultationCall,
  CONFERENCE_CALL_REQ: conferenceCall,
  TRANSFER_CALL_REQ: transferCall,
  DEFLECT_CALL_REQ: deflectCall,
  SEND_DTMF_SIGNAL_REQ: sendDtmf,
};

/** The requests this half answers (a profile may offer fewer; never more). */
export const HANDLED_REQUESTS: ReadonlySet<string> = new Set(Object.keys(HANDLERS));

/**
 * Fields naming the devices a request acts on (its teleset and connections). Destinations
 * (DialedNumber, CalledDeviceID) are not among them: a workstation may call or redirect anywhere.
 */
const DEVICE_FIELDS = [
  'AgentInstrument',
  'AgentExtension',
  'ConnectionDeviceID',
  'ActiveConnectionDeviceID',
  'HeldConnectionDeviceID',
  'OtherConnectionDeviceID',
] as const;

/**
 * The agent and devices a request acts on, for the session's check that an agent workstation
 * acts on its own teleset only ("CTI Planning", "Third-Party Call Control" / "Agent Workstation
 * Application"; guide "Client Control Service": it "permits a CTI client with Client Events
 * service to control the associated agent device and rejects attempts to control any other
 * devices"). A CTI Bridge is not checked.
 */
export function acdRequestTargets(
  _ctx: AcdCtiContext,
  request: CtiMessage,
): { readonly agentIDs: readonly string[]; readonly devices: readonly string[] } {
  // SET_CALL_DATA_REQ / RELEASE_CALL_REQ name a call (its ConnectionDeviceID may be the dialed
  // number the call events name it by), not a teleset: call-data-requests.ts checks the call is
  // the workstation's own.
  const callOnly = request.name === 'SET_CALL_DATA_REQ' || request.name === 'RELEASE_CALL_REQ';
  const fields = callOnly ? DEVICE_FIELDS.filter((n) => n !== 'ConnectionDeviceID') : DEVICE_FIELDS;
  const devices = fields
    .map((n) => floatingString(request, n))
    .filter((d): d is string => d !== undefined && d !== '');
  const agentID = floatingString(request, 'AgentID');
  return {
    agentIDs: agentID === undefined || agentID === '' ? [] : [agentID],
    devices: [...new Set(devices)],
  };
}

/** Answers a request with its CONF, FAILURE_CONF or CONTROL_FAILURE_CONF (same InvokeID). */
export function handleAcdRequest(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
): CtiMessage {
  const handler = HANDLERS[request.name];
  if (handler === undefined || !ctx.profile.requests.has(request.name))
    return failureConf(request, CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
  return handler(ctx, request, context);
}
