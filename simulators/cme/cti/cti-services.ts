import type { CallRefusal } from '../../calls/call-model-error.ts';
import type { ConnectionID } from '../../calls/connection-state.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import type { CstaConnectionID, CstaRequest, CstaResponse } from '../../csta/csta-types.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import { ok, type Result, refused } from '../../lab/result.ts';
import type { CtiDialViaOffice, OfficeLine } from './cti-dial-via-office.ts';
import { CtiError, cstaErrorOf } from './cti-errors.ts';
import type { DeviceFormatter } from './cti-events.ts';
import { featureGroups } from './cti-features.ts';
import type { CtiMonitors } from './cti-monitors.ts';
import type { CtiCallControl } from './cti-ports.ts';
import type { CtiRestrictions } from './cti-restrictions.ts';
import type { CtiSession } from './cti-session.ts';

type ServiceResult = Result<CstaResponse, CSTAErrorCode>;

/**
 * Which devices a session may address: the CME's CME CSTA guide restrictions (cti-restrictions.ts), or
 * another node's rules (the CUCM CTI gateway's access control groups, simulators/cucm/), so the
 * same services run on both.
 */
export type CtiDeviceGuard = Pick<CtiRestrictions, 'dnOf' | 'check' | 'promptAllowed'>;

export interface CtiServicesContext {
  readonly calls: CtiCallControl;
  readonly restrictions: CtiDeviceGuard;
  readonly monitors: CtiMonitors;
  readonly fmt: DeviceFormatter;
  readonly basicMode: boolean;
  /** Called when a prompted MakeCall is left waiting on a DN for this session. */
  readonly onPrompt: (session: CtiSession, dn: string) => void;
  /**
   * The calling number the called party is shown, for this request's MakeCall / DeflectCall /
   * SingleStepTransferCall (the CUCM gateway reads and permits it: simulators/cucm/calling-number.ts).
   */
  readonly presentedCallingNumber?: string | undefined;
  /**
   * Dial-via-office (CME 8.8, cti-dial-via-office.ts): a MakeCall whose callingDevice is an
   * ephone-dn's `snr` remote number. Absent on a node without it (the CUCM gateway).
   */
  readonly dialViaOffice?: Pick<CtiDialViaOffice, 'officeLineOf' | 'start'>;
}

/**
 * The CSTA services of CME CSTA guide Table 1 and the session services, as operations on the shared
 * call model (the same model the SCCP phones drive, so a phone action and a CSTA request produce
 * the same events). Every refusal is a CSTAErrorCode: restrictions (cti-restrictions.ts), bad
 * device ids, and the call model's own refusals (CallModelError codes are ECMA-323 values).
 *
 * Requests before MonitorStart are served: CME CSTA guide makes a monitor the condition for *observing*
 * changes by events, not for requesting services; without a monitor no events flow.
 */
export function handleService(
  ctx: CtiServicesContext,
  session: CtiSession,
  request: CstaRequest,
): ServiceResult {
  return dispatch(ctx, session, request);
}

/** A call-model result as a CSTA one: the model's refusal codes are ECMA-323 values. */
function fromModel<T>(r: Result<T, CallRefusal>): Result<T, CSTAErrorCode> {
  return r.ok ? r : refused(cstaErrorOf(r.error), r.reason);
}

function dispatch(ctx: CtiServicesContext, session: CtiSession, r: CstaRequest): ServiceResult {
  const model = ctx.calls.model;
  const done = <T extends CstaResponse['type']>(type: T) =>
    ok({ type } as Extract<CstaResponse, { type: T }>);
  switch (r.type) {
    case 'RequestSystemStatus':
      // CME CSTA guide "CTI Session": the INVITE's System Status request is answered with SystemStatus.
      return ok({ type: 'RequestSystemStatusResponse', systemStatus: 'normal' });
    case 'SystemStatus':
      return done('SystemStatusResponse');
    case 'GetCSTAFeatures':
      return ok({ type: 'GetCSTAFeaturesResponse', ...featureGroups(ctx.basicMode) });
    case 'MonitorStart': {
      if (r.monitorType === 'call')
        return refused(CtiError.monitorType, 'only device monitors exist (monitorType call)');
      if (!('deviceObject' in r.monitorObject))
        return refused(CtiError.monitorObjectType, 'only device monitors exist (a call object)');
      const dnR = device(ctx, session, r.monitorObject.deviceObject);
      if (!dnR.ok) return dnR;
      const dn = dnR.value;
      return ok({ type: 'MonitorStartResponse', monitorCrossRefID: ctx.monitors.start(session, dn) });
    }
    case 'MonitorStop':
      return ctx.monitors.stop(session, r.monitorCrossRefID)
        ? done('MonitorStopResponse')
        : refused(CtiError.invalidMonitor, 'no such monitor in this session');
    case 'MakeCall': {
      // A directory number keeps its ordinary meaning; an ephone-dn's snr number is dial-via-office.
      const office =
        ctx.restrictions.dnOf(r.callingDevice) === undefined
          ? ctx.dialViaOffice?.officeLineOf(r.callingDevice)
          : undefined;
      if (office !== undefined) return dialViaOffice(ctx, session, r, office);
      return onDevice(ctx, session, r.callingDevice, (dn) => {
        const digitsR = destination(r.calledDirectoryNumber);
        if (!digitsR.ok) return digitsR;
        const digits = digitsR.value;
        // Absent autoOriginate is taken as doNotPrompt: MOC clients cannot be prompted (CME CSTA guide
        // Restriction) and are the main client. (ECMA-269's own default is uncertain here.)
        if (r.autoOriginate === 'prompt') {
          if (!ctx.restrictions.promptAllowed(session, dn))
            return refused(
              CtiError.promptNotSupported,
              'prompted MakeCall is not available to this client or phone model',
            );
          if (ctx.calls.promptedMakeCall(dn, digits) === 0)
            return refused(CtiError.deviceOutOfService, 'no registered phone on the line to prompt');
          ctx.onPrompt(session, dn);
          // The call exists only once the user goes off-hook, so the response names the device only;
          // the callID arrives in the ServiceInitiated event.
          return ok({ type: 'MakeCallResponse', callingDevice: { deviceID: ctx.fmt(dn) } });
        }
        const c = fromModel(model.makeCall(dn, digits, presentation(ctx)));
        return c.ok ? ok({ type: 'MakeCallResponse', callingDevice: cstaConn(ctx, c.value) }) : c;
      });
    }
    case 'AnswerCall':
      return withConn(ctx, session, r.callToBeAnswered, (c) => model.answer(c), 'AnswerCallResponse');
    case 'ClearConnection':
      return withConn(
        ctx,
        session,
        r.connectionToBeCleared,
        (c) => model.clear(c),
        'ClearConnectionResponse',
      );
    case 'HoldCall':
      return withConn(ctx, session, r.callToBeHeld, (c) => model.hold(c), 'HoldCallResponse');
    case 'RetrieveCall':
      return withConn(ctx, session, r.callToBeRetrieved, (c) => model.retrieve(c), 'RetrieveCallResponse');
    case 'ReconnectCall': {
      const activeR = connection(ctx, session, r.activeCall);
      if (!activeR.ok) return activeR;
      const active = activeR.value;
      const heldR = connection(ctx, session, r.heldCall);
      if (!heldR.ok) return heldR;
      const held = heldR.value;
      // ECMA-269 Reconnect Call: clear the active call, then retrieve the held one. The held
      // connection is checked first so a refused request changes nothing.
      const heldItem = model.snapshotDevice(held.deviceID).find((i) => i.callID === held.callID);
      if (heldItem?.localConnectionState !== 'hold')
        return refused(CtiError.heldState, 'the held connection is not held');
      const cleared = fromModel(model.clear(active));
      if (!cleared.ok) return cleared;
      return answered(model.retrieve(held), 'ReconnectCallResponse');
    }
    case 'DeflectCall': {
      const digitsR = destination(r.newDestination);
      if (!digitsR.ok) return digitsR;
      const digits = digitsR.value;
      // CME CSTA guide Table 1: "Deflect Call (only at alerting state)" (the model refuses otherwise).
      return withConn(
        ctx,
        session,
        r.callToBeDiverted,
        (c) => model.deflect(c, digits, presentation(ctx)),
        'DeflectCallResponse',
      );
    }
    case 'SingleStepTransferCall': {
      const activeR = connection(ctx, session, r.activeCall);
      if (!activeR.ok) return activeR;
      const active = activeR.value;
      const digitsR = destination(r.transferredTo);
      if (!digitsR.ok) return digitsR;
      const digits = digitsR.value;
      const c = fromModel(model.singleStepTransfer(active, digits, presentation(ctx)));
      return c.ok
        ? ok({ type: 'SingleStepTransferCallResponse', transferredCall: cstaConn(ctx, c.value) })
        : c;
    }
    case 'ConsultationCall': {
      const existingR = connection(ctx, session, r.existingCall);
      if (!existingR.ok) return existingR;
      const existing = existingR.value;
      const digitsR = destination(r.consultedDevice);
      if (!digitsR.ok) return digitsR;
      const digits = digitsR.value;
      const c = fromModel(model.consultation(existing, digits));
      return c.ok ? ok({ type: 'ConsultationCallResponse', initiatedCall: cstaConn(ctx, c.value) }) : c;
    }
    case 'TransferCall': {
      const heldR = connection(ctx, session, r.heldCall);
      if (!heldR.ok) return heldR;
      const held = heldR.value;
      const activeR = connection(ctx, session, r.activeCall);
      if (!activeR.ok) return activeR;
      const active = activeR.value;
      const transferred = fromModel(model.transfer(held, active));
      if (!transferred.ok) return transferred;
      const result = transferred.value;
      return ok({
        type: 'TransferCallResponse',
        transferredCall: cstaConn(ctx, result.transferredCall),
        connections: result.connections.map((i) => ({
          newConnection: cstaConn(ctx, i.newConnection),
          oldConnection: cstaConn(ctx, i.oldConnection),
          endpoint: { deviceID: ctx.fmt(i.endpoint) },
        })),
      });
    }
    case 'AlternateCall': {
      const heldR = connection(ctx, session, r.heldCall);
      if (!heldR.ok) return heldR;
      const held = heldR.value;
      const activeR = connection(ctx, session, r.activeCall);
      if (!activeR.ok) return activeR;
      const active = activeR.value;
      return answered(model.alternate(active, held), 'AlternateCallResponse');
    }
    case 'GenerateDigits':
      return withConn(
        ctx,
        session,
        r.connectionToSendDigits,
        (c) => model.generateDigits(c, r.charactersToSend),
        'GenerateDigitsResponse',
      );
    case 'GetDoNotDisturb': {
      return onDevice(ctx, session, r.device, (dn) => {
        return ok({ type: 'GetDoNotDisturbResponse', doNotDisturbOn: model.getDoNotDisturb(dn) });
      });
    }
    case 'SetDoNotDisturb': {
      return onDevice(ctx, session, r.device, (dn) => {
        return answered(model.setDoNotDisturb(dn, r.doNotDisturbOn), 'SetDoNotDisturbResponse');
      });
    }
    case 'GetForwarding': {
      return onDevice(ctx, session, r.device, (dn) => {
        // CME CSTA guide Table 1: "Get CFwdALL" — only forward-all (forwardImmediate) is reported.
        const all = model.getForwarding(dn).find((f) => f.forwardingType === 'forwardImmediate');
        return ok({
          type: 'GetForwardingResponse',
          forwardingList: [
            {
              forwardingType: 'forwardImmediate',
              forwardStatus: all?.forwardStatus ?? false,
              ...(all?.forwardDN !== undefined ? { forwardDN: all.forwardDN } : {}),
            },
          ],
        });
      });
    }
    case 'SetForwarding': {
      return onDevice(ctx, session, r.device, (dn) => {
        // CME CSTA guide Table 1: "Set CFwdAll" only (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c): CFwdAll is forwardImmediate).
        if ((r.forwardingType ?? 'forwardImmediate') !== 'forwardImmediate')
          return refused(CtiError.forwardingType, 'only CFwdAll (forwardImmediate) is supported');
        if (!r.activateForward) {
          return answered(
            model.setForwarding(dn, { type: 'forwardImmediate', activate: false }),
            'SetForwardingResponse',
          );
        }
        const to = r.forwardDN === undefined ? undefined : dialableNumber(r.forwardDN);
        if (to === undefined)
          return refused(CtiError.forwardingDestination, 'not a dialable forwarding destination');
        const on = fromModel(
          model.setForwarding(dn, { type: 'forwardImmediate', activate: true, destination: to }),
        );
        return on.ok ? done('SetForwardingResponse') : on;
      });
    }
    case 'SetMessageWaitingIndicator': {
      return onDevice(ctx, session, r.device, (dn) => {
        // CME CSTA guide Table 1 "Physical Device: Set MWI" — the phone's message lamp.
        return answered(
          model.setMessageWaiting(dn, r.messageWaitingOn),
          'SetMessageWaitingIndicatorResponse',
        );
      });
    }
    case 'SnapshotDevice': {
      return onDevice(ctx, session, r.snapshotObject, (dn) => {
        return ok({
          type: 'SnapshotDeviceResponse',
          crossRefIDorSnapshotData: {
            snapshotData: model.snapshotDevice(dn).map((item) => ({
              connectionIdentifier: cstaConn(ctx, item.connection),
              // The device's own connection state first, then the other parties' (compound state).
              localCallState: {
                compoundCallState: [
                  item.localConnectionState,
                  ...item.endpoints.filter((e) => e.deviceID !== dn).map((e) => e.localConnectionState),
                ],
              },
            })),
          },
        });
      });
    }
    default:
      return refused(CtiError.serviceNotSupported, 'service not supported by the CME');
  }
}

/**
 * MakeCall by dial-via-office (cti-dial-via-office.ts): checked in the order of an ordinary
 * MakeCall (calling side, autoOriginate, the session's right to the line, destination), then the
 * callback starts. The response names the office line's connection.
 */
function dialViaOffice(
  ctx: CtiServicesContext,
  session: CtiSession,
  r: Extract<CstaRequest, { type: 'MakeCall' }>,
  office: Result<OfficeLine, CSTAErrorCode>,
): ServiceResult {
  if (!office.ok) return office;
  const line = office.value;
  // ECMA-269 prompted Make Call is the callback; a phone outside the CME cannot be taken off-hook.
  if (r.autoOriginate === 'doNotPrompt')
    return refused(
      CtiError.notDialViaOffice,
      `${line.remote} is reached by a callback (autoOriginate prompt), it cannot be taken off-hook`,
    );
  const allowed = ctx.restrictions.check(session, line.dn);
  if (!allowed.ok) return allowed;
  const digitsR = destination(r.calledDirectoryNumber);
  if (!digitsR.ok) return digitsR;
  const started = ctx.dialViaOffice!.start(line, digitsR.value);
  return started.ok ? ok({ type: 'MakeCallResponse', callingDevice: cstaConn(ctx, started.value) }) : started;
}

/** A device id the session may control, as its DN. */
function device(
  ctx: CtiServicesContext,
  session: CtiSession,
  deviceId: string,
): Result<string, CSTAErrorCode> {
  const dn = ctx.restrictions.dnOf(deviceId);
  if (dn === undefined)
    return refused(CtiError.invalidDevice, `${deviceId} is not a directory number of this CME`);
  const allowed = ctx.restrictions.check(session, dn);
  return allowed.ok ? ok(dn) : allowed;
}

/**
 * A ConnectionID of a device the session may control. Without deviceID it is the session's line;
 * without callID it is the device's only call (else invalidConnectionID).
 */
function connection(
  ctx: CtiServicesContext,
  session: CtiSession,
  c: CstaConnectionID,
): Result<ConnectionID, CSTAErrorCode> {
  const dn = device(ctx, session, c.deviceID ?? session.dn);
  if (!dn.ok) return dn;
  if (c.callID !== undefined) return ok({ callID: c.callID, deviceID: dn.value });
  const items = ctx.calls.model.snapshotDevice(dn.value);
  const only = items.length === 1 ? items[0] : undefined;
  return only === undefined
    ? refused(CtiError.invalidConnection, `${dn.value} has ${items.length} calls, none named`)
    : ok(only.connection);
}

function withConn<T extends CstaResponse['type']>(
  ctx: CtiServicesContext,
  session: CtiSession,
  c: CstaConnectionID,
  op: (c: ConnectionID) => Result<unknown, CallRefusal>,
  responseType: T,
): ServiceResult {
  const conn = connection(ctx, session, c);
  return conn.ok ? answered(op(conn.value), responseType) : conn;
}

/** The service on a device the session may control (its DN), or the refusal to control it. */
function onDevice(
  ctx: CtiServicesContext,
  session: CtiSession,
  deviceId: string,
  serve: (dn: string) => ServiceResult,
): ServiceResult {
  const dn = device(ctx, session, deviceId);
  return dn.ok ? serve(dn.value) : dn;
}

/** A call-model operation answered by the empty response `type`, or its refusal as CSTA. */
function answered<T extends CstaResponse['type']>(r: Result<unknown, CallRefusal>, type: T): ServiceResult {
  const m = fromModel(r);
  return m.ok ? ok({ type } as Extract<CstaResponse, { type: T }>) : m;
}

function destination(deviceId: string): Result<string, CSTAErrorCode> {
  const digits = dialableNumber(deviceId);
  return digits === undefined
    ? refused(CtiError.invalidDestination, `${deviceId} is not a dialable destination`)
    : ok(digits);
}

function presentation(ctx: CtiServicesContext): { presentedCallingNumber?: string } {
  return ctx.presentedCallingNumber === undefined
    ? {}
    : { presentedCallingNumber: ctx.presentedCallingNumber };
}

function cstaConn(ctx: CtiServicesContext, c: ConnectionID): CstaConnectionID {
  return { callID: c.callID, deviceID: ctx.fmt(c.deviceID) };
}
