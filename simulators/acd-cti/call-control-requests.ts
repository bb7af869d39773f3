// Third-party call control requests of the ACD's CTI Server port (Cisco "CTI Planning",
// "Third-Party Call Control": answer / hang up, consultative and blind conference and transfer,
// DTMF, hold / unhold / swap hold, make a call, redirect; "CTI Server Message Reference Guide
// (Protocol Version 15)", chapter 5 "Client Control Service", one table per request). Each request
// runs the call-model operation the same key press on the agent's SCCP phone runs (answer, clear,
// hold, retrieve, alternate, consultation, conference, transfer, singleStepTransfer, deflect,
// makeCall, generateDigits), so the phone follows and the same events come out (rule
// ACD-TPC-001). A refusal is CONTROL_FAILURE_CONF with the guide's ControlFailureCode.
import type { ConnectionID } from '../calls/connection-state.ts';
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import {
  ControlFailureCode,
  type CtiMessage,
  CtiStatus,
  floatingString,
  LineType,
  NULL_U32,
} from '../cti-server/wire.ts';
import { ok } from '../lab/result.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import {
  confirm,
  connectedParties,
  connectionOf,
  controlFailure,
  failureConf,
  fromModel,
  instrumentOf,
  refuseControl,
  refuseStatus,
  type Step,
} from './request-support.ts';

const CF = ControlFailureCode;

/** The workstation's own teleset, the device a request acts from when it names none. */
const own = (context: RequestContext) => context.agent?.agentInstrument ?? context.agent?.agentExtension;

/** The line a call occupies at a device: LineHandle = its place among the device's calls (⚠). */
function line(ctx: AcdCtiContext, device: string, callID: string) {
  const at = ctx.model.snapshotDevice(device).findIndex((i) => i.callID === callID);
  // ⚠ Lab choice: every device of the lab is an inside extension (LineType INSIDE).
  return { LineHandle: Math.max(0, at), LineType: LineType.INSIDE };
}

/** A call id field that names a call (not 0, not the NULL 0xFFFFFFFF a blind request leaves). */
function names(request: CtiMessage, field: string): boolean {
  const v = request.fixed[field];
  return typeof v === 'number' && v !== 0 && v !== NULL_U32;
}

const conn = (ctx: AcdCtiContext, request: CtiMessage, context: RequestContext) =>
  connectionOf(ctx, request, 'ConnectionCallID', 'ConnectionDeviceID', own(context));

function done(name: string, request: CtiMessage, step: Step<unknown>): CtiMessage {
  return step.ok ? confirm(name, request) : step.error;
}

/** ANSWER_CALL_REQ: the alerting connection is answered (the phone's Answer key). */
export function answerCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  return done(
    'ANSWER_CALL_CONF',
    request,
    fromModel(request, ctx.model.answer(c.value), CF.NO_CALL_TO_ANSWER),
  );
}

/** CLEAR_CONNECTION_REQ: the device leaves the call (the phone hangs up). */
export function clearConnection(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  return done('CLEAR_CONNECTION_CONF', request, fromModel(request, ctx.model.clear(c.value)));
}

/**
 * CLEAR_CALL_REQ: "release all devices from the specified call" (guide table 5-89): every party's
 * connection is cleared, one after the other, until the call is gone.
 */
export function clearCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  const { callID } = c.value;
  for (const e of ctx.model.snapshotCall(callID).endpoints) {
    if (!ctx.model.callIds().includes(callID)) break;
    const still = ctx.model
      .snapshotCall(callID)
      .endpoints.some((x) => x.connection.deviceID === e.connection.deviceID);
    if (!still) continue;
    const cleared = fromModel(request, ctx.model.clear(e.connection));
    if (!cleared.ok) return cleared.error;
  }
  return confirm('CLEAR_CALL_CONF', request);
}

/** HOLD_CALL_REQ: the talking connection is put on hold (the Hold key); Reservation is ignored. */
export function holdCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  return done('HOLD_CALL_CONF', request, fromModel(request, ctx.model.hold(c.value), CF.NO_ACTIVE_CALL));
}

/** RETRIEVE_CALL_REQ: the held connection talks again (Resume); a talking call is held first. */
export function retrieveCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = connectionOf(ctx, request, 'HeldConnectionCallID', 'HeldConnectionDeviceID', own(context));
  if (!c.ok) return c.error;
  return done(
    'RETRIEVE_CALL_CONF',
    request,
    fromModel(request, ctx.model.retrieve(c.value), CF.NO_HELD_CALL),
  );
}

/**
 * ALTERNATE_CALL_REQ: "place an active call on hold and then retrieve a previously held call or
 * answer an alerting call at the same device" (guide table 5-89): swap hold.
 */
export function alternateCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const active = connectionOf(
    ctx,
    request,
    'ActiveConnectionCallID',
    'ActiveConnectionDeviceID',
    own(context),
  );
  if (!active.ok) return active.error;
  const other = connectionOf(ctx, request, 'OtherConnectionCallID', 'OtherConnectionDeviceID', own(context));
  if (!other.ok) return other.error;
  const state = stateOf(ctx, other.value);
  if (state === 'alerting' && active.value.deviceID === other.value.deviceID)
    // Answering holds the device's talking call first, as the phone's Answer key does.
    return done('ALTERNATE_CALL_CONF', request, fromModel(request, ctx.model.answer(other.value)));
  return done(
    'ALTERNATE_CALL_CONF',
    request,
    fromModel(request, ctx.model.alternate(active.value, other.value)),
  );
}

/**
 * RECONNECT_CALL_REQ: "clear an active call and retrieve an existing held call" (guide table
 * 5-89). The held connection is checked first (CF_NO_HELD_CALL), so a refused request changes
 * nothing.
 */
export function reconnectCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const active = connectionOf(
    ctx,
    request,
    'ActiveConnectionCallID',
    'ActiveConnectionDeviceID',
    own(context),
  );
  if (!active.ok) return active.error;
  const held = connectionOf(ctx, request, 'HeldConnectionCallID', 'HeldConnectionDeviceID', own(context));
  if (!held.ok) return held.error;
  if (stateOf(ctx, held.value) !== 'hold')
    return controlFailure(request, CF.NO_HELD_CALL, 'the held connection is not on hold');
  const cleared = fromModel(request, ctx.model.clear(active.value));
  if (!cleared.ok) return cleared.error;
  return done(
    'RECONNECT_CALL_CONF',
    request,
    fromModel(request, ctx.model.retrieve(held.value), CF.NO_HELD_CALL),
  );
}

/** MAKE_CALL_REQ: the agent's instrument calls DialedNumber (off-hook and dial in one). */
export function makeCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const device = instrumentOf(ctx, request, own(context));
  if (!device.ok) return device.error;
  const digits = floatingString(request, 'DialedNumber') ?? '';
  const placed = fromModel(request, ctx.model.makeCall(device.value, digits));
  if (!placed.ok) return placed.error;
  return newCallConf('MAKE_CALL_CONF', ctx, request, placed.value);
}

/**
 * CONSULTATION_CALL_REQ: "place an active call on hold and then make a new call" (guide table
 * 5-89): the phone's Transfer / Conference key, then the dialled digits.
 */
export function consultationCall(
  ctx: AcdCtiContext,
  request: CtiMessage,
  context: RequestContext,
): CtiMessage {
  const active = connectionOf(
    ctx,
    request,
    'ActiveConnectionCallID',
    'ActiveConnectionDeviceID',
    own(context),
  );
  if (!active.ok) return active.error;
  const digits = floatingString(request, 'DialedNumber') ?? '';
  const placed = fromModel(request, ctx.model.consultation(active.value, digits), CF.NO_ACTIVE_CALL);
  if (!placed.ok) return placed.error;
  return newCallConf('CONSULTATION_CALL_CONF', ctx, request, placed.value);
}

/**
 * CONFERENCE_CALL_REQ. With a held call (HeldConnectionCallID): the consultative conference, "an
 * existing held call with another active call. The two calls are merged" (guide, CONFERENCE_CALL_REQ;
 * the phone's second Conference key press). Without one, the blind conference: "either a
 * HeldConnectionDeviceID or DialedNumber is required" (Cisco Unified CCX copy of the table); ⚠ the
 * lab joins the DialedNumber's device to the active call at once, connected
 * (singleStepConference, active participation), without a consultation call.
 */
export function conferenceCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const active = connectionOf(
    ctx,
    request,
    'ActiveConnectionCallID',
    'ActiveConnectionDeviceID',
    own(context),
  );
  if (!active.ok) return active.error;
  if (names(request, 'HeldConnectionCallID')) {
    const held = connectionOf(
      ctx,
      request,
      'HeldConnectionCallID',
      'HeldConnectionDeviceID',
      active.value.deviceID,
    );
    if (!held.ok) return held.error;
    const joined = fromModel(request, ctx.model.conference(held.value, active.value), CF.NO_HELD_CALL);
    if (!joined.ok) return joined.error;
    return partiesConf('CONFERENCE_CALL_CONF', ctx, request, joined.value.conferenceCall);
  }
  const target = destination(ctx, request);
  if (!target.ok) return target.error;
  const joined = fromModel(
    request,
    ctx.model.singleStepConference(active.value, target.value, 'active'),
    CF.NO_ACTIVE_CALL,
  );
  if (!joined.ok) return joined.error;
  return partiesConf('CONFERENCE_CALL_CONF', ctx, request, active.value);
}

/**
 * TRANSFER_CALL_REQ. With a held call: the consultative transfer, "transfer a held call to another
 * active call at the same device" (guide table 5-89; the phone's second Transfer key press). Without
 * one, the blind transfer to DialedNumber (single-step transfer: the agent leaves at once and the
 * caller is offered to the number).
 */
export function transferCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const active = connectionOf(
    ctx,
    request,
    'ActiveConnectionCallID',
    'ActiveConnectionDeviceID',
    own(context),
  );
  if (!active.ok) return active.error;
  if (names(request, 'HeldConnectionCallID')) {
    const held = connectionOf(
      ctx,
      request,
      'HeldConnectionCallID',
      'HeldConnectionDeviceID',
      active.value.deviceID,
    );
    if (!held.ok) return held.error;
    const moved = fromModel(request, ctx.model.transfer(held.value, active.value), CF.NO_HELD_CALL);
    if (!moved.ok) return moved.error;
    return partiesConf('TRANSFER_CALL_CONF', ctx, request, moved.value.transferredCall);
  }
  const digits = floatingString(request, 'DialedNumber');
  if (digits === undefined || digits === '')
    return failureConf(request, CtiStatus.E_CTI_REQUIRED_DATA_MISSING);
  const moved = fromModel(request, ctx.model.singleStepTransfer(active.value, digits), CF.NO_ACTIVE_CALL);
  if (!moved.ok) return moved.error;
  return partiesConf('TRANSFER_CALL_CONF', ctx, request, moved.value);
}

/**
 * DEFLECT_CALL_REQ: "move an alerting call from a known device to another device" (guide table
 * 5-89; "Redirect" in "CTI Planning"); only while it rings (CF_INVALID_OBJECT_STATE otherwise). A
 * call the ACD offered the agent leaves the agent first (the agent is no longer reserved for it;
 * ⚠ its TCD says the ring ended unanswered), so a redirect to a dialed number arrives there again
 * with its call data.
 */
export function deflectCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  const to = floatingString(request, 'CalledDeviceID') ?? '';
  if (stateOf(ctx, c.value) !== 'alerting')
    return controlFailure(request, CF.INVALID_OBJECT_STATE, 'only a ringing call is redirected');
  const number = ctx.model.dialPlan.matchFinal(to);
  if (
    number === undefined ||
    ctx.model.snapshotCall(c.value.callID).endpoints.some((e) => e.connection.deviceID === number)
  )
    return controlFailure(request, CF.INVALID_DESTINATION, `nothing to redirect to at '${to}'`);
  const acdCall = ctx.binding.acdCallOf(c.value.callID);
  const offered = acdCall === undefined ? undefined : ctx.peripheral.call(acdCall);
  if (offered?.state === 'offered' && offered.agentId !== undefined) {
    if (ctx.peripheral.agent(offered.agentId).extension === c.value.deviceID)
      ctx.peripheral.callEnded(offered.id);
  }
  return done('DEFLECT_CALL_CONF', request, fromModel(request, ctx.model.deflect(c.value, to)));
}

/** SEND_DTMF_SIGNAL_REQ: DTMFString on a talking connection (the phone's keypad during a call). */
export function sendDtmf(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const c = conn(ctx, request, context);
  if (!c.ok) return c.error;
  const digits = floatingString(request, 'DTMFString') ?? '';
  return done(
    'SEND_DTMF_SIGNAL_CONF',
    request,
    fromModel(request, ctx.model.generateDigits(c.value, digits), CF.NO_ACTIVE_CALL),
  );
}

// ------------------------------------------------------------------------------------ helpers

function stateOf(ctx: AcdCtiContext, c: ConnectionID) {
  return ctx.model.snapshotCall(c.callID).endpoints.find((e) => e.connection.deviceID === c.deviceID)
    ?.localConnectionState;
}

/** The device DialedNumber reaches (the dial plan's complete match), for a blind conference. */
function destination(ctx: AcdCtiContext, request: CtiMessage): Step<string> {
  const digits = floatingString(request, 'DialedNumber');
  if (digits === undefined || digits === '')
    return refuseStatus(
      request,
      CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
      'a conference needs a held call or a DialedNumber',
    );
  const number = ctx.model.dialPlan.matchFinal(digits);
  if (number === undefined)
    return refuseControl(request, CF.INVALID_DESTINATION, `no device answers to '${digits}'`);
  return ok(number);
}

/** MAKE_CALL_CONF / CONSULTATION_CALL_CONF: the new call's ConnectionCallID at the device. */
function newCallConf(name: string, ctx: AcdCtiContext, request: CtiMessage, c: ConnectionID): CtiMessage {
  return confirm(
    name,
    request,
    {
      NewConnectionCallID: ctx.callIds.wireId(c.callID),
      NewConnectionDeviceIDType: 0,
      ...line(ctx, c.deviceID, c.callID),
    },
    [{ name: 'NewConnectionDeviceID', value: c.deviceID }],
  );
}

/** CONFERENCE_CALL_CONF / TRANSFER_CALL_CONF: the resulting call and its parties. */
function partiesConf(name: string, ctx: AcdCtiContext, request: CtiMessage, c: ConnectionID): CtiMessage {
  const parties = connectedParties(ctx, c.callID);
  return confirm(
    name,
    request,
    {
      NewConnectionCallID: ctx.callIds.wireId(c.callID),
      NewConnectionDeviceIDType: 0,
      NumParties: parties.length / 3,
      ...line(ctx, c.deviceID, c.callID),
    },
    [{ name: 'NewConnectionDeviceID', value: c.deviceID }, ...parties],
  );
}
