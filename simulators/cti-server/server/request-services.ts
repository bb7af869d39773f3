/**
 * Which OPEN_REQ service a request belongs to (Cisco "CTI Server Message Reference Guide (Protocol
 * Version 15)", chapter 5 "Application Level Interfaces": table 5-89 "Client Control Service
 * Messages", table 5-57 "Call Data Update Service Messages"; chapter 4 table 4-1 "CTI Service
 * Masks": CTI_SERVICE_CLIENT_CONTROL "Client may control calls and agent states associated with a
 * specific ACD phone", CTI_SERVICE_CALL_DATA_UPDATE "Client may modify call context data"). A
 * session not granted that service gets FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE ("A request
 * message was received for a function or service that was not granted to the client", chapter 6
 * table 6-1). Requests of no service here (CLIENT_EVENT_REPORT_REQ, heartbeats, ...) need none.
 */
import { ServiceMask } from '../wire.ts';

const CLIENT_CONTROL_REQUESTS = [
  'QUERY_AGENT_STATE_REQ',
  'SET_AGENT_STATE_REQ',
  'ALTERNATE_CALL_REQ',
  'ANSWER_CALL_REQ',
  'CLEAR_CALL_REQ',
  'CLEAR_CONNECTION_REQ',
  'CONFERENCE_CALL_REQ',
  'CONSULTATION_CALL_REQ',
  'DEFLECT_CALL_REQ',
  'HOLD_CALL_REQ',
  'MAKE_CALL_REQ',
  'MAKE_PREDICTIVE_CALL_REQ',
  'RECONNECT_CALL_REQ',
  'RETRIEVE_CALL_REQ',
  'TRANSFER_CALL_REQ',
  'QUERY_DEVICE_INFO_REQ',
  'SNAPSHOT_CALL_REQ',
  'SNAPSHOT_DEVICE_REQ',
  'SEND_DTMF_SIGNAL_REQ',
  'SUPERVISOR_ASSIST_REQ',
  'EMERGENCY_CALL_REQ',
  'BAD_CALL_REQ',
];

const CALL_DATA_UPDATE_REQUESTS = ['SET_CALL_DATA_REQ', 'RELEASE_CALL_REQ'];

const SERVICE_OF: ReadonlyMap<string, number> = new Map([
  ...CLIENT_CONTROL_REQUESTS.map((n) => [n, ServiceMask.CLIENT_CONTROL] as const),
  ...CALL_DATA_UPDATE_REQUESTS.map((n) => [n, ServiceMask.CALL_DATA_UPDATE] as const),
]);

/** The ServiceMask bit a request needs in ServicesGranted, or undefined when it needs none. */
export function serviceOfRequest(name: string): number | undefined {
  return SERVICE_OF.get(name);
}

/** Is `name` allowed on a session granted `servicesGranted`? */
export function requestGranted(name: string, servicesGranted: number): boolean {
  const needed = serviceOfRequest(name);
  return needed === undefined || (servicesGranted & needed) !== 0;
}
