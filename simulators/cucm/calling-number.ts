// Calling number modification (rule CUCM-ACG-011; Cisco Unified CM System Configuration Guide,
// "Access Control Group Configuration Options": Standard CTI Allow Calling Number Modification
// "allows an application to modify the calling party number").
//
// ECMA-269 MakeCall, DeflectCall and SingleStepTransferCall have no parameter for the calling
// number the called party is shown, so the application gives it as lab private data
// (lab-private-data.ts): `<callingNumber xmlns="urn:ctilab:cucm">+14085550100</callingNumber>`.
// The called phone then shows that number as the caller (SCCP CallInfo calling party). The CSTA
// events keep the calling line as `callingDevice` and carry the number as the same private data:
// Cisco JTAPI reports a modified calling party beside the original one, not instead of it
// (Cisco Unified JTAPI Developers Guide, Release 15, message sequence charts of calls with
// modified calling parties: `getCallingAddress()` stays A while `getModifiedCallingAddress()`
// gives the new number), and CUCM-APP-001 (the DeliveredEvent names the calling line) holds.
import type { CallEvent } from '../calls/call-events.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaRequest } from '../csta/csta-types.ts';
import type { XmlElement } from '../csta/xml-node.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import { type CtiUser, deviceRefusal } from './cti-permissions.ts';
import { labElement, labPrivateElement } from './lab-private-data.ts';

/** The private data element's local name. */
export const CALLING_NUMBER_ELEMENT = 'callingNumber';

/**
 * A calling number the lab accepts: digits, `*`, `#`, an optional leading `+` (E.164 form), 1 to
 * 24 characters in all (the directory number alphabet and length of the lab topology,
 * topology/cucm-schema.ts).
 */
const CALLING_NUMBER = /^(?=.{1,24}$)\+?[0-9*#]+$/;

/** ECMA-269 operation error for a calling number that is not one (see requestedCallingNumber). */
const INVALID = { operation: 'invalidParameterValue' } as const satisfies CSTAErrorCode;

type PresentingRequest = Extract<
  CstaRequest,
  { type: 'MakeCall' | 'DeflectCall' | 'SingleStepTransferCall' }
>;

function presenting(request: CstaRequest): request is PresentingRequest {
  return (
    request.type === 'MakeCall' || request.type === 'DeflectCall' || request.type === 'SingleStepTransferCall'
  );
}

/**
 * The calling number a request asks the called party to be shown. Only MakeCall, DeflectCall
 * and SingleStepTransferCall place a call to a new party; on any other request the element means
 * nothing and is ignored, as is private data the lab does not know. A value that is not a number
 * (letters, empty, too long, child elements) or an element given twice is refused with operation
 * `invalidParameterValue` (ECMA-269 operation errors: "a parameter has a value that is not in the
 * range of defined values"; private data is a parameter of every service, CSTACommonArguments).
 */
export function requestedCallingNumber(request: CstaRequest): Result<string | undefined, CSTAErrorCode> {
  if (!presenting(request)) return ok(undefined);
  const found = labPrivateElement(request.extensions, CALLING_NUMBER_ELEMENT);
  if (!found.ok || found.value === undefined) return found.ok ? ok(undefined) : found;
  const { text, children } = found.value;
  if (children.length > 0) return refused(INVALID, `${CALLING_NUMBER_ELEMENT} holds elements, not a number`);
  if (!CALLING_NUMBER.test(text))
    return refused(
      INVALID,
      `${CALLING_NUMBER_ELEMENT} '${text}' is not 1-24 digits, * or # with an optional leading +`,
    );
  return ok(text);
}

/** The device id of the device placing (MakeCall), deflecting or transferring the call. */
export function presentingDeviceId(request: CstaRequest, sessionDn: string): string | undefined {
  switch (request.type) {
    case 'MakeCall':
      return request.callingDevice;
    case 'DeflectCall':
      return request.callToBeDiverted.deviceID ?? sessionDn;
    case 'SingleStepTransferCall':
      return request.activeCall.deviceID ?? sessionDn;
    default:
      return undefined;
  }
}

export interface CallingNumberContext {
  readonly user: CtiUser;
  /** The session's line DN (a ConnectionID without deviceID is on it). */
  readonly sessionDn: string;
  /** The devices a device id names (a line's devices, or the one `;device=` names); none: []. */
  readonly devicesOf: (deviceId: string) => readonly { readonly name: string }[];
}

/**
 * CUCM-ACG-011: the calling number of a request, when its user may set it. The user must be in
 * Standard CTI Allow Calling Number Modification, and the device placing, deflecting or
 * transferring the call must be among its Controlled Devices unless it is in Standard CTI Allow
 * Control of All Devices (CUCM-ACG-006, 007: `deviceRefusal(user, 'modifyCallingNumber', d)`);
 * otherwise operation `privilegeViolationSpecifiedDevice` and the request is not served. A device
 * id that names no device is left to the service, which refuses it (invalidDeviceID).
 */
export function permittedCallingNumber(
  request: CstaRequest,
  context: CallingNumberContext,
): Result<string | undefined, CSTAErrorCode> {
  const number = requestedCallingNumber(request);
  if (!number.ok || number.value === undefined) return number;
  const deviceId = presentingDeviceId(request, context.sessionDn);
  const devices = deviceId === undefined ? [] : context.devicesOf(deviceId);
  if (devices.length === 0) return number;
  const refusals = devices.map((d) => deviceRefusal(context.user, 'modifyCallingNumber', d.name));
  if (refusals.some((r) => r === undefined)) return number;
  return refused({ operation: 'privilegeViolationSpecifiedDevice' }, refusals[0]?.reason ?? 'not permitted');
}

/** The private data an event about a call with a presented calling number carries (every monitor). */
export function callingNumberElement(event: CallEvent): XmlElement | undefined {
  if (event.type !== 'DeliveredEvent' && event.type !== 'EstablishedEvent') return undefined;
  const number = event.presentedCallingNumber;
  return number === undefined ? undefined : labElement(CALLING_NUMBER_ELEMENT, {}, number);
}
