// What every request handler of the ACD's CTI Server port shares: building the answers (the
// request's CONF, FAILURE_CONF, CONTROL_FAILURE_CONF with the same InvokeID), finding the call-model
// connection a request names (ConnectionCallID + ConnectionDeviceID), and turning a call-model
// refusal (ECMA-323 UniversalFailure code) into the guide's ControlFailureCode.
//
// Sources: Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5 "Client
// Control Service" (each request is answered by its CONF; "CONTROL_FAILURE_CONF ... is sent in
// place of the corresponding confirmation message" when a control request fails), chapter 6
// "Failure Indication Message Status Codes" and "ControlFailureCode Values"; "Call
// Identification": a connection is (ConnectionCallID, ConnectionDeviceIDType, ConnectionDeviceID).
import type { CallModelErrorCode, CallRefusal } from '../calls/call-model-error.ts';
import type { ConnectionID, LocalConnectionState } from '../calls/connection-state.ts';
import {
  ControlFailureCode,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  type FloatingField,
  floatingString,
  LocalConnectionState as Lcs,
  NULL_U32,
} from '../cti-server/wire.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';

/** A request handler's outcome: the value it needs, or the answer that refuses the request. */
export type Step<T> = Result<T, CtiMessage>;

export function invokeIdOf(request: CtiMessage): number {
  return request.fixed.InvokeID as number;
}

/** The request's CONF (same InvokeID). */
export function confirm(
  name: string,
  request: CtiMessage,
  fixed: Readonly<Record<string, number | boolean>> = {},
  floating: readonly FloatingField[] = [],
): CtiMessage {
  return ctiMessage(name, { ...fixed, InvokeID: invokeIdOf(request) }, floating);
}

/** FAILURE_CONF with the E_CTI_* Status (guide chapter 6). */
export function failureConf(request: CtiMessage, status: number): CtiMessage {
  return ctiMessage('FAILURE_CONF', { InvokeID: invokeIdOf(request), Status: status });
}

/**
 * CONTROL_FAILURE_CONF with the ControlFailureCode; PeripheralErrorCode 0 (the simulated ACD has no
 * switch error of its own), Text = why, for people.
 */
export function controlFailure(request: CtiMessage, code: number, text: string): CtiMessage {
  return ctiMessage(
    'CONTROL_FAILURE_CONF',
    { InvokeID: invokeIdOf(request), FailureCode: code, PeripheralErrorCode: 0 },
    text === '' ? [] : [{ name: 'Text', value: text.slice(0, 254) }],
  );
}

export function refuseControl<T>(request: CtiMessage, code: number, text: string): Step<T> {
  return refused(controlFailure(request, code, text), text);
}

export function refuseStatus<T>(request: CtiMessage, status: number, reason: string): Step<T> {
  return refused(failureConf(request, status), reason);
}

/**
 * The ControlFailureCode of a call-model refusal. `stateCode` overrides the code of a connection
 * in the wrong state for this operation (e.g. ANSWER_CALL_REQ on a call that is not ringing:
 * CF_NO_CALL_TO_ANSWER; HOLD_CALL_REQ on one that is not talking: CF_NO_ACTIVE_CALL).
 */
export function controlFailureOf(refusal: CallRefusal, stateCode?: number): number {
  const CF = ControlFailureCode;
  const table: Readonly<Record<CallModelErrorCode, number>> = {
    invalidDeviceID: CF.INVALID_CSTA_DEVICE_IDENTIFIER,
    invalidCallID: CF.INVALID_CSTA_CALL_IDENTIFIER,
    invalidConnectionID: CF.INVALID_CSTA_CONNECTION_IDENTIFIER,
    invalidDestination: CF.INVALID_DESTINATION,
    invalidParameterValue: CF.VALUE_OUT_OF_RANGE,
    invalidForwardingDestination: CF.INVALID_FORWARDING_DESTINATION,
    invalidForwardingType: CF.VALUE_OUT_OF_RANGE,
    requestIncompatibleWithConnection: CF.REQUEST_INCOMPATIBLE_WITH_OBJECT,
    notSameDevice: CF.REQUEST_INCOMPATIBLE_WITH_OBJECT,
    notDifferentDevices: CF.REQUEST_INCOMPATIBLE_WITH_OBJECT,
    generic: CF.GENERIC_OPERATION,
    invalidConnectionState: CF.INVALID_OBJECT_STATE,
    invalidActiveConnectionState: CF.NO_ACTIVE_CALL,
    invalidHeldConnectionState: CF.NO_HELD_CALL,
    invalidDeviceState: CF.GENERIC_STATE_INCOMPATIBILITY,
    resourceBusy: CF.RESOURCE_BUSY,
    callingDeviceOutOfService: CF.RESOURCE_OUT_OF_SERVICE,
    resourceLimitExceeded: CF.GENERIC_SYSTEM_RESOURCE_AVAILABILITY,
    conferenceMemberLimitExceeded: CF.CONFERENCE_MEMBER_LIMIT_EXCEEDED,
  };
  if (stateCode !== undefined && refusal.code === 'invalidConnectionState') return stateCode;
  return table[refusal.code];
}

/** A call-model operation's result as a Step: its refusal becomes CONTROL_FAILURE_CONF. */
export function fromModel<T>(
  request: CtiMessage,
  result: Result<T, CallRefusal>,
  stateCode?: number,
): Step<T> {
  return result.ok
    ? result
    : refuseControl(request, controlFailureOf(result.error, stateCode), result.reason);
}

/** GED-188 LocalConnectionState of a call-model connection state (guide table 6-x). */
export function wireConnectionState(state: LocalConnectionState): number {
  switch (state) {
    case 'null':
      return Lcs.NULL;
    case 'initiated':
      return Lcs.INITIATE;
    case 'alerting':
      return Lcs.ALERTING;
    case 'connected':
      return Lcs.CONNECT;
    case 'hold':
      return Lcs.HOLD;
    case 'queued':
      return Lcs.QUEUED;
    case 'fail':
      return Lcs.FAIL;
  }
}

/** The call-model call of a ConnectionCallID the lab gave out and that still exists. */
export function modelCall(ctx: AcdCtiContext, wireCallId: unknown): string | undefined {
  if (typeof wireCallId !== 'number' || wireCallId === NULL_U32) return undefined;
  const id = ctx.callIds.modelId(wireCallId);
  return id !== undefined && ctx.model.callIds().includes(id) ? id : undefined;
}

/**
 * The connection a request names: the call of `callIdField` (a ConnectionCallID the lab gave
 * out, of a call still in progress: else CF_INVALID_CSTA_CALL_IDENTIFIER) at the device of
 * `deviceField` (or `fallbackDevice` when the request leaves it out), which must be a party to it
 * (else CF_INVALID_CSTA_CONNECTION_IDENTIFIER).
 */
export function connectionOf(
  ctx: AcdCtiContext,
  request: CtiMessage,
  callIdField: string,
  deviceField: string,
  fallbackDevice?: string,
): Step<ConnectionID> {
  const wire = request.fixed[callIdField];
  const callID = modelCall(ctx, wire);
  if (callID === undefined)
    return refuseControl(
      request,
      ControlFailureCode.INVALID_CSTA_CALL_IDENTIFIER,
      `no call ${String(wire)} in progress on peripheral ${ctx.peripheral.id}`,
    );
  const deviceID = floatingString(request, deviceField) || fallbackDevice;
  if (deviceID === undefined)
    return refuseControl(request, ControlFailureCode.INVALID_CSTA_CONNECTION_IDENTIFIER, `no ${deviceField}`);
  const party = ctx.model.snapshotCall(callID).endpoints.some((e) => e.connection.deviceID === deviceID);
  if (!party)
    return refuseControl(
      request,
      ControlFailureCode.INVALID_CSTA_CONNECTION_IDENTIFIER,
      `${deviceID} is not a party to call ${String(wire)}`,
    );
  return ok({ callID, deviceID });
}

/**
 * The device a request acts from: its AgentInstrument, else the workstation's own teleset
 * (a CTI Bridge must name one: E_CTI_REQUIRED_DATA_MISSING).
 */
export function instrumentOf(
  ctx: AcdCtiContext,
  request: CtiMessage,
  ownDevice: string | undefined,
): Step<string> {
  const named = floatingString(request, 'AgentInstrument');
  const device = named === undefined || named === '' ? ownDevice : named;
  if (device === undefined)
    return refuseStatus(request, CtiStatus.E_CTI_REQUIRED_DATA_MISSING, 'no AgentInstrument');
  if (!ctx.model.hasDevice(device))
    return refuseControl(request, ControlFailureCode.INVALID_CSTA_DEVICE_IDENTIFIER, `no device ${device}`);
  return ok(device);
}

/** The parties of a call as ConnectedParty* floating fields (CONFERENCE / TRANSFER CONF). */
export function connectedParties(ctx: AcdCtiContext, callID: string): FloatingField[] {
  const wire = ctx.callIds.wireId(callID);
  return ctx.model
    .snapshotCall(callID)
    .endpoints.filter((e) => e.localConnectionState !== 'null')
    .flatMap((e) => [
      { name: 'ConnectedPartyCallID', value: wire },
      { name: 'ConnectedPartyDeviceIDType', value: 0 },
      { name: 'ConnectedPartyDeviceID', value: e.connection.deviceID },
    ]);
}
