// Call data requests of the ACD's CTI Server port: SET_CALL_DATA_REQ and RELEASE_CALL_REQ (Cisco
// "CTI Planning", "Third-Party Call Control": "Get/Set ICM call data (ANI, DNIS, CED, UUI, call
// vars)", "Agent Login and Wrap-up data"; "CTI Server Message Reference Guide (Protocol Version
// 15)", chapter 5 "Call Data Update Service"). The data lives in the ACD (acd/call-data.ts checks
// every limit; acd-peripheral.ts keeps it for the call's life, wrap-up data goes to the call's TCD);
// refusals are FAILURE_CONF with the E_CTI_* Status the ACD gives, or CONTROL_FAILURE_CONF for an
// agent refusal of wrap-up data.
import { CTI_STATUS } from '../acd/acd-codes.ts';
import { applyCallDataUpdate, type CallDataUpdate } from '../acd/call-data.ts';
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import {
  type CtiMessage,
  CtiStatus,
  floatingString,
  floatingValue,
  floatingValues,
  type NamedArrayElement,
  type NamedVariable,
} from '../cti-server/wire.ts';
import { ok } from '../lab/result.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import { confirm, controlFailure, failureConf, refuseStatus, type Step } from './request-support.ts';

const STATUS_CODES: ReadonlySet<number> = new Set(Object.values(CTI_STATUS));

/** The floating fields of SET_CALL_DATA_REQ that change the call data (CallWrapupData aside). */
const DATA_FIELDS: ReadonlySet<string> = new Set([
  'ANI',
  'DNIS',
  'CallerEnteredDigits',
  'UserToUserInfo',
  'NamedVariable',
  'NamedArray',
  ...Array.from({ length: 10 }, (_, i) => `CallVariable${i + 1}`),
]);

/**
 * The ACD call a SET_CALL_DATA_REQ / RELEASE_CALL_REQ names: a ConnectionCallID the lab gave out
 * (else E_CTI_INVALID_CALLID) whose ConnectionDeviceID is, while the call lasts, a party to it or
 * the dialed number it came in on (the call events name the call by either; else
 * E_CTI_NOT_CALL_PARTY). After the call cleared, the ACD call it last was (wrap-up). An agent
 * workstation names only a call of its own teleset or agent (else E_CTI_INVALID_AGENT_DATA, as the
 * session answers a request naming another agent's device).
 */
function acdCallOf(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
): Step<{ readonly acdCall: number | undefined; readonly live: boolean }> {
  const wire = request.fixed.ConnectionCallID as number;
  const modelId = ctx.callIds.modelId(wire);
  if (modelId === undefined)
    return refuseStatus(
      request,
      CtiStatus.E_CTI_INVALID_CALLID,
      `no call ${wire} on peripheral ${ctx.peripheral.id}`,
    );
  const live = ctx.model.callIds().includes(modelId);
  const acdCall = ctx.binding.lastAcdCallOf(modelId);
  const call = acdCall === undefined ? undefined : ctx.peripheral.call(acdCall);
  const parties = live ? ctx.model.snapshotCall(modelId).endpoints.map((e) => e.connection.deviceID) : [];
  const device = floatingString(request, 'ConnectionDeviceID') ?? '';
  if (live && !parties.includes(device) && device !== call?.dialedNumber)
    return refuseStatus(request, CtiStatus.E_CTI_NOT_CALL_PARTY, `${device} is not a party to call ${wire}`);
  const agent = context.agent;
  if (
    agent !== undefined &&
    !parties.some((d) => agent.devices.includes(d)) &&
    call?.agentId !== agent.agentID
  )
    return refuseStatus(
      request,
      CtiStatus.E_CTI_INVALID_AGENT_DATA,
      `call ${wire} is not agent ${agent.agentID}'s`,
    );
  return ok({ acdCall, live });
}

/** The changes a SET_CALL_DATA_REQ asks for (fields it leaves out stay as they are). */
function updateOf(request: CtiMessage): CallDataUpdate {
  const text = (name: string) => floatingString(request, name);
  const callVariables: Record<number, string> = {};
  for (let n = 1; n <= 10; n++) {
    const v = text(`CallVariable${n}`);
    if (v !== undefined) callVariables[n] = v;
  }
  const namedVariables: Record<string, string> = {};
  for (const v of floatingValues(request, 'NamedVariable') as NamedVariable[])
    namedVariables[v.name] = v.value;
  const namedArrays = (floatingValues(request, 'NamedArray') as NamedArrayElement[]).map((a) => ({
    name: a.name,
    index: a.index,
    value: a.value,
  }));
  const uui = floatingValue(request, 'UserToUserInfo');
  const ani = text('ANI');
  const dnis = text('DNIS');
  const ced = text('CallerEnteredDigits');
  return {
    ...(ani === undefined ? {} : { ani }),
    ...(dnis === undefined ? {} : { dnis }),
    ...(ced === undefined ? {} : { callerEnteredDigits: ced }),
    ...(uui instanceof Uint8Array ? { userToUserInfo: uui } : {}),
    callVariables,
    namedVariables,
    namedArrays,
  };
}

/**
 * SET_CALL_DATA_REQ → SET_CALL_DATA_CONF once the ACD keeps the new values (they outlive the CTI
 * session and a CTI Server side: "guaranteed to remain set should the CTI session be abnormally
 * terminated", guide "SET_CALL_DATA_CONF"); the ACD then reports CALL_DATA_UPDATE_EVENT to the
 * call's clients. ANI, DNIS, CallerEnteredDigits, UserToUserInfo, CallVariable1-10, NamedVariable
 * and NamedArray change the call data (limits: E_CTI_VALUE_TOO_LONG 74, E_CTI_INVALID_ARRAY_INDEX
 * 61, acd/call-data.ts); CallWrapupData is the agent's wrap-up data for the call's TCD, accepted
 * while the agent talks on or wraps up the call, also after the call cleared (else
 * CF_AGENT_NOT_PARTY_ON_CALL). ⚠ DialedNumber is the number the caller dialled: a request that
 * sets it gets E_CTI_PROTECTED_VARIABLE ("the CTI client may not update the requested
 * variable"); CallType, CalledPartyDisposition, CampaignID, QueryRuleID and the RouterCallKey
 * fields are left as they are. Nothing changes unless everything is accepted.
 */
export function setCallData(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const found = acdCallOf(ctx, request, context);
  if (!found.ok) return found.error;
  if (floatingValue(request, 'DialedNumber') !== undefined)
    return failureConf(request, CtiStatus.E_CTI_PROTECTED_VARIABLE);
  const { acdCall, live } = found.value;
  const call = acdCall === undefined ? undefined : ctx.peripheral.call(acdCall);
  if (call === undefined)
    // ⚠ Lab limit: only calls that came through the ACD (a dialed number) carry call data.
    return failureConf(request, CtiStatus.E_CTI_INVALID_CALLID);
  const update = updateOf(request);
  const changesData = request.floating.some((f) => DATA_FIELDS.has(f.name));
  if (changesData) {
    if (!live || call.state === 'ended') return failureConf(request, CtiStatus.E_CTI_INVALID_CALLID);
    const checked = applyCallDataUpdate(call.data, update);
    if (!checked.ok) return failureConf(request, checked.error);
  }
  const wrapUp = floatingString(request, 'CallWrapupData');
  if (wrapUp !== undefined) {
    const done = ctx.peripheral.setWrapUpData(call.id, wrapUp);
    if (!done.ok)
      return STATUS_CODES.has(done.error)
        ? failureConf(request, done.error)
        : controlFailure(request, done.error, done.reason);
  }
  if (changesData) {
    const done = ctx.peripheral.setCallData(call.id, update);
    if (!done.ok) return failureConf(request, done.error);
  }
  return confirm('SET_CALL_DATA_CONF', request);
}

/**
 * RELEASE_CALL_REQ: the client "is finished with a call and ... all call variable and call wrapup
 * data updates have been made. This message does not disconnect the call" (guide "Call Data
 * Update Service"). ⚠ The lab answers RELEASE_CALL_CONF for a ConnectionCallID it gave out (in
 * progress or ended; E_CTI_INVALID_CALLID otherwise) and changes nothing: the call goes on, its
 * data stays, and the TCD is written as always when the agent leaves wrap-up.
 */
export function releaseCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const found = acdCallOf(ctx, request, context);
  return found.ok ? confirm('RELEASE_CALL_CONF', request) : found.error;
}
