import { CallModelError } from '../../calls/call-model-error.ts';
import type { ConnectionID } from '../../calls/connection-state.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import type { CstaConnectionID, CstaRequest, CstaResponse } from '../../csta/csta-types.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import type { StationCallControl } from '../../station/call-control.ts';
import { CtiError, cstaErrorOf, isCstaError } from './cti-errors.ts';
import type { DeviceFormatter } from './cti-events.ts';
import { featureGroups } from './cti-features.ts';
import type { CtiMonitors } from './cti-monitors.ts';
import type { CtiRestrictions } from './cti-restrictions.ts';
import type { CtiSession } from './cti-session.ts';

type Result = CstaResponse | CSTAErrorCode;

export interface CtiServicesContext {
  readonly calls: StationCallControl;
  readonly restrictions: CtiRestrictions;
  readonly monitors: CtiMonitors;
  readonly fmt: DeviceFormatter;
  readonly basicMode: boolean;
  /** Called when a prompted MakeCall is left waiting on a DN for this session. */
  readonly onPrompt: (session: CtiSession, dn: string) => void;
}

/**
 * The CSTA services of seeds/004 Table 1 and the session services, as operations on the shared
 * call model (the same model the SCCP phones drive, so a phone action and a CSTA request produce
 * the same events). Every refusal is a CSTAErrorCode: restrictions (cti-restrictions.ts), bad
 * device ids, and the call model's own refusals (CallModelError codes are ECMA-323 values).
 *
 * Requests before MonitorStart are served: seeds/004 makes a monitor the condition for *observing*
 * changes by events, not for requesting services; without a monitor no events flow.
 */
export function handleService(ctx: CtiServicesContext, session: CtiSession, request: CstaRequest): Result {
  try {
    return dispatch(ctx, session, request);
  } catch (error) {
    if (error instanceof CallModelError) return cstaErrorOf(error);
    throw error;
  }
}

function dispatch(ctx: CtiServicesContext, session: CtiSession, r: CstaRequest): Result {
  const model = ctx.calls.model;
  const ok = <T extends CstaResponse['type']>(type: T) => ({ type }) as Extract<CstaResponse, { type: T }>;
  switch (r.type) {
    case 'RequestSystemStatus':
      // seeds/004 "CTI Session": the INVITE's System Status request is answered with SystemStatus.
      return { type: 'RequestSystemStatusResponse', systemStatus: 'normal' };
    case 'SystemStatus':
      return ok('SystemStatusResponse');
    case 'GetCSTAFeatures':
      return { type: 'GetCSTAFeaturesResponse', ...featureGroups(ctx.basicMode) };
    case 'MonitorStart': {
      if (r.monitorType === 'call') return CtiError.monitorType;
      if (!('deviceObject' in r.monitorObject)) return CtiError.monitorObjectType;
      const dn = device(ctx, session, r.monitorObject.deviceObject);
      if (isCstaError(dn)) return dn;
      return { type: 'MonitorStartResponse', monitorCrossRefID: ctx.monitors.start(session, dn) };
    }
    case 'MonitorStop':
      return ctx.monitors.stop(session, r.monitorCrossRefID)
        ? ok('MonitorStopResponse')
        : CtiError.invalidMonitor;
    case 'MakeCall': {
      const dn = device(ctx, session, r.callingDevice);
      if (isCstaError(dn)) return dn;
      const digits = destination(r.calledDirectoryNumber);
      if (isCstaError(digits)) return digits;
      // Absent autoOriginate is taken as doNotPrompt: MOC clients cannot be prompted (seeds/004
      // Restriction) and are the main client. (ECMA-269's own default is uncertain here.)
      if (r.autoOriginate === 'prompt') {
        if (!ctx.restrictions.promptAllowed(session, dn)) return CtiError.promptNotSupported;
        if (ctx.calls.promptedMakeCall(dn, digits) === 0) return CtiError.deviceOutOfService;
        ctx.onPrompt(session, dn);
        // The call exists only once the user goes off-hook, so the response names the device only;
        // the callID arrives in the ServiceInitiated event.
        return { type: 'MakeCallResponse', callingDevice: { deviceID: ctx.fmt(dn) } };
      }
      const c = model.makeCall(dn, digits);
      return { type: 'MakeCallResponse', callingDevice: cstaConn(ctx, c) };
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
      const active = connection(ctx, session, r.activeCall);
      if (isCstaError(active)) return active;
      const held = connection(ctx, session, r.heldCall);
      if (isCstaError(held)) return held;
      // ECMA-269 Reconnect Call: clear the active call, then retrieve the held one. The held
      // connection is checked first so a refused request changes nothing.
      const heldItem = model.snapshotDevice(held.deviceID).find((i) => i.callID === held.callID);
      if (heldItem?.localConnectionState !== 'hold') return CtiError.heldState;
      model.clear(active);
      model.retrieve(held);
      return ok('ReconnectCallResponse');
    }
    case 'DeflectCall': {
      const digits = destination(r.newDestination);
      if (isCstaError(digits)) return digits;
      // seeds/004 Table 1: "Deflect Call (only at alerting state)" (the model refuses otherwise).
      return withConn(
        ctx,
        session,
        r.callToBeDiverted,
        (c) => model.deflect(c, digits),
        'DeflectCallResponse',
      );
    }
    case 'SingleStepTransferCall': {
      const active = connection(ctx, session, r.activeCall);
      if (isCstaError(active)) return active;
      const digits = destination(r.transferredTo);
      if (isCstaError(digits)) return digits;
      const c = model.singleStepTransfer(active, digits);
      return { type: 'SingleStepTransferCallResponse', transferredCall: cstaConn(ctx, c) };
    }
    case 'ConsultationCall': {
      const existing = connection(ctx, session, r.existingCall);
      if (isCstaError(existing)) return existing;
      const digits = destination(r.consultedDevice);
      if (isCstaError(digits)) return digits;
      const c = model.consultation(existing, digits);
      return { type: 'ConsultationCallResponse', initiatedCall: cstaConn(ctx, c) };
    }
    case 'TransferCall': {
      const held = connection(ctx, session, r.heldCall);
      if (isCstaError(held)) return held;
      const active = connection(ctx, session, r.activeCall);
      if (isCstaError(active)) return active;
      const result = model.transfer(held, active);
      return {
        type: 'TransferCallResponse',
        transferredCall: cstaConn(ctx, result.transferredCall),
        connections: result.connections.map((i) => ({
          newConnection: cstaConn(ctx, i.newConnection),
          oldConnection: cstaConn(ctx, i.oldConnection),
          endpoint: { deviceID: ctx.fmt(i.endpoint) },
        })),
      };
    }
    case 'AlternateCall': {
      const held = connection(ctx, session, r.heldCall);
      if (isCstaError(held)) return held;
      const active = connection(ctx, session, r.activeCall);
      if (isCstaError(active)) return active;
      model.alternate(active, held);
      return ok('AlternateCallResponse');
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
      const dn = device(ctx, session, r.device);
      if (isCstaError(dn)) return dn;
      return { type: 'GetDoNotDisturbResponse', doNotDisturbOn: model.getDoNotDisturb(dn) };
    }
    case 'SetDoNotDisturb': {
      const dn = device(ctx, session, r.device);
      if (isCstaError(dn)) return dn;
      model.setDoNotDisturb(dn, r.doNotDisturbOn);
      return ok('SetDoNotDisturbResponse');
    }
    case 'GetForwarding': {
      const dn = device(ctx, session, r.device);
      if (isCstaError(dn)) return dn;
      // seeds/004 Table 1: "Get CFwdALL" — only forward-all (forwardImmediate) is reported.
      const all = model.getForwarding(dn).find((f) => f.forwardingType === 'forwardImmediate');
      return {
        type: 'GetForwardingResponse',
        forwardingList: [
          {
            forwardingType: 'forwardImmediate',
            forwardStatus: all?.forwardStatus ?? false,
            ...(all?.forwardDN !== undefined ? { forwardDN: all.forwardDN } : {}),
          },
        ],
      };
    }
    case 'SetForwarding': {
      const dn = device(ctx, session, r.device);
      if (isCstaError(dn)) return dn;
      // seeds/004 Table 1: "Set CFwdAll" only (reference/csta-tr87.md: CFwdAll is forwardImmediate).
      if ((r.forwardingType ?? 'forwardImmediate') !== 'forwardImmediate') return CtiError.forwardingType;
      if (!r.activateForward) {
        model.setForwarding(dn, { type: 'forwardImmediate', activate: false });
        return ok('SetForwardingResponse');
      }
      const to = r.forwardDN === undefined ? undefined : dialableNumber(r.forwardDN);
      if (to === undefined) return CtiError.forwardingDestination;
      model.setForwarding(dn, { type: 'forwardImmediate', activate: true, destination: to });
      return ok('SetForwardingResponse');
    }
    case 'SetMessageWaitingIndicator': {
      const dn = device(ctx, session, r.device);
      if (isCstaError(dn)) return dn;
      // seeds/004 Table 1 "Physical Device: Set MWI" — the phone's message lamp.
      model.setMessageWaiting(dn, r.messageWaitingOn);
      return ok('SetMessageWaitingIndicatorResponse');
    }
    case 'SnapshotDevice': {
      const dn = device(ctx, session, r.snapshotObject);
      if (isCstaError(dn)) return dn;
      return {
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
      };
    }
    default:
      return CtiError.serviceNotSupported;
  }
}

/** A device id the session may control, as its DN. */
function device(ctx: CtiServicesContext, session: CtiSession, deviceId: string): string | CSTAErrorCode {
  const dn = ctx.restrictions.dnOf(deviceId);
  if (dn === undefined) return CtiError.invalidDevice;
  return ctx.restrictions.check(session, dn) ?? dn;
}

/**
 * A ConnectionID of a device the session may control. Without deviceID it is the session's line;
 * without callID it is the device's only call (else invalidConnectionID).
 */
function connection(
  ctx: CtiServicesContext,
  session: CtiSession,
  c: CstaConnectionID,
): ConnectionID | CSTAErrorCode {
  const dn = device(ctx, session, c.deviceID ?? session.dn);
  if (isCstaError(dn)) return dn;
  if (c.callID !== undefined) return { callID: c.callID, deviceID: dn };
  const items = ctx.calls.model.snapshotDevice(dn);
  const only = items.length === 1 ? items[0] : undefined;
  return only === undefined ? CtiError.invalidConnection : only.connection;
}

function withConn<T extends CstaResponse['type']>(
  ctx: CtiServicesContext,
  session: CtiSession,
  c: CstaConnectionID,
  op: (c: ConnectionID) => void,
  responseType: T,
): Result {
  const conn = connection(ctx, session, c);
  if (isCstaError(conn)) return conn;
  op(conn);
  return { type: responseType } as Extract<CstaResponse, { type: T }>;
}

function destination(deviceId: string): string | CSTAErrorCode {
  return dialableNumber(deviceId) ?? CtiError.invalidDestination;
}

function cstaConn(ctx: CtiServicesContext, c: ConnectionID): CstaConnectionID {
  return { callID: c.callID, deviceID: ctx.fmt(c.deviceID) };
}
