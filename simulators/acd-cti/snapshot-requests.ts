// Snapshot requests of the ACD's CTI Server port: SNAPSHOT_CALL_REQ and SNAPSHOT_DEVICE_REQ (Cisco
// "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5 "Client Control Service":
// "Retrieve information about a specified call / device"; layouts: the Unified CCX copies of the
// SNAPSHOT_CALL_CONF / SNAPSHOT_DEVICE_CONF tables). A client that (re)opened a session learns the
// calls and their ConnectionCallIDs, connection states and call data from them ("Get ICM call
// data" of "CTI Planning", "Third-Party Call Control").
import { CALL_TYPE } from '../acd/acd-codes.ts';
import type { RequestContext } from '../cti-server/server/cti-peripheral.ts';
import { CallType, ControlFailureCode, type CtiMessage, floatingString } from '../cti-server/wire.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';
import { callDataFields } from './call-data-fields.ts';
import { confirm, connectionOf, controlFailure, wireConnectionState } from './request-support.ts';

/**
 * SNAPSHOT_CALL_REQ → SNAPSHOT_CALL_CONF: the call's type, its call data (ACD calls) and, per
 * party, CallConnectionCallID / DeviceIDType / DeviceID, CallDeviceIDType / CallDeviceID and
 * CallDeviceConnectionState. ⚠ A call that did not come through the ACD is CallType AGENT_INSIDE,
 * without call data.
 */
export function snapshotCall(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const own = context.agent?.agentInstrument ?? context.agent?.agentExtension;
  const c = connectionOf(ctx, request, 'ConnectionCallID', 'ConnectionDeviceID', own);
  if (!c.ok) return c.error;
  const wire = ctx.callIds.wireId(c.value.callID);
  const acdCall = ctx.binding.acdCallOf(c.value.callID);
  const call = acdCall === undefined ? undefined : ctx.peripheral.call(acdCall);
  const data = call === undefined ? undefined : callDataFields(call.data);
  const wrapUp =
    call === undefined || call.wrapUpData === '' ? [] : [{ name: 'CallWrapupData', value: call.wrapUpData }];
  const parties = ctx.model.snapshotCall(c.value.callID).endpoints;
  return confirm(
    'SNAPSHOT_CALL_CONF',
    request,
    {
      CallType: call === undefined ? CallType.AGENT_INSIDE : CALL_TYPE[call.callType],
      NumCTIClients: 0,
      NumCallDevices: parties.length,
      NumNamedVariables: data?.numNamedVariables ?? 0,
      NumNamedArrays: data?.numNamedArrays ?? 0,
      CalledPartyDisposition: 0,
    },
    [
      ...(data?.floating ?? []),
      ...wrapUp,
      ...parties.flatMap((p) => [
        { name: 'CallConnectionCallID', value: wire },
        { name: 'CallConnectionDeviceIDType', value: 0 },
        { name: 'CallConnectionDeviceID', value: p.connection.deviceID },
        { name: 'CallDeviceIDType', value: 0 },
        { name: 'CallDeviceID', value: p.connection.deviceID },
        { name: 'CallDeviceConnectionState', value: wireConnectionState(p.localConnectionState) },
      ]),
    ],
  );
}

/**
 * SNAPSHOT_DEVICE_REQ → SNAPSHOT_DEVICE_CONF: the calls at AgentInstrument (a workstation: its
 * own teleset when it names none), each as CallConnectionCallID / DeviceIDType / DeviceID and
 * CallState (the device's LocalConnectionState). A device the ACD node does not have →
 * CF_INVALID_CSTA_DEVICE_IDENTIFIER.
 */
export function snapshotDevice(ctx: AcdCtiContext, request: CtiMessage, context: RequestContext): CtiMessage {
  const named = floatingString(request, 'AgentInstrument');
  const device = named || context.agent?.agentInstrument || context.agent?.agentExtension || '';
  if (!ctx.model.hasDevice(device))
    return controlFailure(
      request,
      ControlFailureCode.INVALID_CSTA_DEVICE_IDENTIFIER,
      `no device '${device}'`,
    );
  const calls = ctx.model.snapshotDevice(device);
  return confirm(
    'SNAPSHOT_DEVICE_CONF',
    request,
    { NumCalls: calls.length },
    calls.flatMap((i) => [
      { name: 'CallConnectionCallID', value: ctx.callIds.wireId(i.callID) },
      { name: 'CallConnectionDeviceIDType', value: 0 },
      { name: 'CallConnectionDeviceID', value: device },
      { name: 'CallState', value: wireConnectionState(i.localConnectionState) },
    ]),
  );
}
