// The CSTA services only the CUCM CTI gateway serves (the CME refuses them serviceNotSupported):
// silent monitoring (ECMA-269 Single Step Conference Call, participationType silent) and call
// recording (ECMA-269 voice unit services Record Message and Stop, clause 26), each allowed by an
// access control group of "Access Control Group Configuration Options" on the devices the user
// controls (simulators/cucm/cti-permissions.ts deviceRefusal; CUCM-ACG-006, 007, 008, 010).

import type { CallModel } from '../calls/call-model.ts';
import type { CallRefusal } from '../calls/call-model-error.ts';
import type { ConnectionID } from '../calls/connection-state.ts';
import { CtiError, cstaErrorOf } from '../cme/cti/cti-errors.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaConnectionID, CstaResponse } from '../csta/csta-types.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { CallRecorder } from './call-recorder.ts';
import type { CucmDevice } from './cluster-directory.ts';
import { type CtiUser, type DeviceRole, deviceRefusal } from './cti-permissions.ts';
import type { CucmOnlyRequest } from './cucm-features.ts';

type ServiceResult = Result<CstaResponse, CSTAErrorCode>;

/** What these services need of the gateway around them (cucm-cti.ts builds it per request). */
export interface CucmServiceContext {
  readonly user: CtiUser;
  /** The session's line: a ConnectionID without deviceID means it (as the CME's services read it). */
  readonly sessionDn: string;
  readonly model: Pick<CallModel, 'snapshotDevice' | 'singleStepConference'>;
  readonly recorder: CallRecorder;
  /** Device ids as responses carry them. */
  readonly fmt: (dn: string) => string;
  /** The directory number a device id names, if it names one of the cluster. */
  dnOf(deviceId: unknown): string | undefined;
  devicesOf(dn: string): readonly CucmDevice[];
  /**
   * The gateway's own check of a device it is asked to act on: controlled (CUCM-ACG-004, 005) and
   * registered with a node (CUCM-RED-003).
   */
  check(dn: string): Result<void, CSTAErrorCode>;
}

const PRIVILEGE = CtiError.notPermitted; // operation privilegeViolationSpecifiedDevice (CUCM-ACG-004)

export function handleCucmService(ctx: CucmServiceContext, request: CucmOnlyRequest): ServiceResult {
  switch (request.type) {
    case 'SingleStepConferenceCall':
      return singleStepConference(ctx, request);
    case 'RecordMessage':
      return recordMessage(ctx, request);
    case 'Stop':
      return stop(ctx, request);
  }
}

/**
 * ECMA-269 Single Step Conference Call: `deviceToJoin` joins the call of `activeCall` at once.
 * participationType `silent` is CUCM silent monitoring: the user must be in Standard CTI Allow
 * Call Monitoring for the monitored device (CUCM-ACG-008; on a controlled device unless Allow
 * Control of All Devices, ACG-006/007), and control the joining phone. `active` (the schema's
 * default) is a plain conference join: control of both devices. `none` is not a way to join:
 * operation invalidParticipationType. A refusal leaves the call as it was.
 */
function singleStepConference(
  ctx: CucmServiceContext,
  r: Extract<CucmOnlyRequest, { type: 'SingleStepConferenceCall' }>,
): ServiceResult {
  const participation = r.participationType ?? 'active';
  if (participation === 'none')
    return refused(
      { operation: 'invalidParticipationType' },
      'participationType none joins no device: silent or active',
    );
  const role: DeviceRole = participation === 'silent' ? 'monitorCalls' : 'control';
  const activeR = connectionFor(ctx, r.activeCall, role);
  if (!activeR.ok) return activeR;
  const joinDn = ctx.dnOf(r.deviceToJoin);
  if (joinDn === undefined)
    return refused(
      CtiError.invalidDevice,
      `${String(r.deviceToJoin)} is not a directory number of the cluster`,
    );
  // Cisco JTAPI guide "Silent monitoring": the monitor initiator is a terminal that listens.
  if (!ctx.devicesOf(joinDn).some((d) => d.kind === 'phone'))
    return refused(CtiError.incompatibleDevice, `${joinDn} is on no phone: it cannot listen to a call`);
  const joinAllowed = ctx.check(joinDn);
  if (!joinAllowed.ok) return joinAllowed;
  const joined = fromModel(ctx.model.singleStepConference(activeR.value, joinDn, participation));
  if (!joined.ok) return joined;
  return ok({
    type: 'SingleStepConferenceCallResponse',
    conferencedCall: { callID: joined.value.callID, deviceID: ctx.fmt(joined.value.deviceID) },
  });
}

/**
 * ECMA-269 Record Message on `callToBeRecorded`: for a user in Standard CTI Allow Call Recording
 * (CUCM-ACG-010; controlled device unless Allow Control of All Devices, ACG-006/007), on a
 * connected call; one recording per connection at a time. The response's `resultingMessage` is
 * the recording's message id (Stop names it). samplingRate, encodingAlgorithm and maxDuration are
 * accepted and not modelled: no media is captured.
 */
function recordMessage(
  ctx: CucmServiceContext,
  r: Extract<CucmOnlyRequest, { type: 'RecordMessage' }>,
): ServiceResult {
  const connR = connectionFor(ctx, r.callToBeRecorded, 'record');
  if (!connR.ok) return connR;
  const conn = connR.value;
  const item = ctx.model.snapshotDevice(conn.deviceID).find((i) => i.callID === conn.callID);
  if (item === undefined)
    return refused(CtiError.invalidConnection, `no call ${conn.callID} at ${conn.deviceID}`);
  if (item.localConnectionState !== 'connected')
    return refused(
      { stateIncompatibility: 'invalidConnectionState' },
      `only a connected call is recorded; the call at ${conn.deviceID} is ${item.localConnectionState}`,
    );
  if (ctx.recorder.runningOn(conn) !== undefined)
    return refused(
      { operation: 'requestIncompatibleWithConnection' },
      `the call at ${conn.deviceID} is already being recorded`,
    );
  const device = ctx
    .devicesOf(conn.deviceID)
    .find((d) => deviceRefusal(ctx.user, 'record', d.name) === undefined);
  const rec = ctx.recorder.start(conn, device?.name ?? conn.deviceID, ctx.user.id);
  return ok({ type: 'RecordMessageResponse', resultingMessage: rec.id });
}

/**
 * ECMA-269 Stop (voice unit services) of a recording, named by `messageToBeStopped` and/or its
 * `connection`; the user needs the recording role on the recorded device, as to start it.
 */
function stop(ctx: CucmServiceContext, r: Extract<CucmOnlyRequest, { type: 'Stop' }>): ServiceResult {
  if (r.messageToBeStopped === undefined && r.connection === undefined)
    return refused(
      { operation: 'atLeastOneConditionalParameterNotProvided' },
      'Stop needs messageToBeStopped or connection',
    );
  let connection: ConnectionID | undefined;
  if (r.connection !== undefined) {
    const connR = connectionFor(ctx, r.connection, 'record');
    if (!connR.ok) return connR;
    connection = connR.value;
  }
  const rec =
    r.messageToBeStopped !== undefined
      ? ctx.recorder.find(r.messageToBeStopped)
      : connection && ctx.recorder.runningOn(connection);
  if (rec === undefined)
    return r.messageToBeStopped !== undefined
      ? refused({ operation: 'invalidMsgID' }, `no recording ${r.messageToBeStopped}`)
      : refused(CtiError.invalidConnection, `no recording runs on the call at ${connection?.deviceID}`);
  if (connection !== undefined && (connection.callID !== rec.callID || connection.deviceID !== rec.dn))
    return refused(CtiError.invalidConnection, `recording ${rec.id} is not of that connection`);
  const allowed = roleOn(ctx, 'record', rec.dn);
  if (!allowed.ok) return allowed;
  if (!ctx.recorder.stop(rec.id, 'stop-requested'))
    return refused({ stateIncompatibility: 'incorrectMsgState' }, `recording ${rec.id} has already stopped`);
  return ok({ type: 'StopResponse' });
}

// ---------------------------------------------------------------- devices and connections

/** May the user use `role` on some device carrying `dn`? (deviceRefusal, CUCM-ACG-004..010). */
function roleOn(ctx: CucmServiceContext, role: DeviceRole, dn: string): Result<void, CSTAErrorCode> {
  const refusals = ctx.devicesOf(dn).map((d) => deviceRefusal(ctx.user, role, d.name));
  if (refusals.some((x) => x === undefined)) return ok(undefined);
  return refused(PRIVILEGE, refusals[0]?.reason ?? `${dn} names no device`);
}

/**
 * The connection a request names, after the role check on its device and the gateway's own check.
 * Without deviceID it is on the session's line; without callID it is the device's only call.
 */
function connectionFor(
  ctx: CucmServiceContext,
  c: CstaConnectionID,
  role: DeviceRole,
): Result<ConnectionID, CSTAErrorCode> {
  const deviceId = c.deviceID ?? ctx.sessionDn;
  const dn = ctx.dnOf(deviceId);
  if (dn === undefined)
    return refused(CtiError.invalidDevice, `${String(deviceId)} is not a directory number of the cluster`);
  const allowed = roleOn(ctx, role, dn);
  if (!allowed.ok) return allowed;
  const checked = ctx.check(dn);
  if (!checked.ok) return checked;
  if (c.callID !== undefined) return ok({ callID: c.callID, deviceID: dn });
  const items = ctx.model.snapshotDevice(dn);
  const only = items.length === 1 ? items[0] : undefined;
  return only === undefined
    ? refused(CtiError.invalidConnection, `${dn} has ${items.length} calls, none named`)
    : ok(only.connection);
}

function fromModel<T>(r: Result<T, CallRefusal>): Result<T, CSTAErrorCode> {
  return r.ok ? r : refused(cstaErrorOf(r.error), r.reason);
}
