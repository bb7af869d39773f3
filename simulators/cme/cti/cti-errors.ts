import type { CallRefusal } from '../../calls/call-model-error.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';

/**
 * The CSTA errors the CME CTI layer answers with (ECMA-323 `CSTAErrorCode`, spellings from
 * simulators/csta/csta-enums.ts). CME CSTA guide names the restrictions but not Cisco's error values;
 * these choices are ours and documented here once so every refusal of one kind looks the same.
 */
export const CtiError = {
  /** `cti shutdown` (the IOS default; CME CSTA guide Step 7 "no cti shutdown: Enables CTI integration"). */
  ctiShutdown: { systemResourceAvailibility: 'resourceOutOfService' },
  /** A request on a session that was closed (BYE, expiry, `clear cti session id N`). */
  sessionClosed: { operation: 'invalidCrossRefID' },
  /** A device id that names no directory number of this CME (or is not a device id at all). */
  invalidDevice: { operation: 'invalidDeviceID' },
  /** A destination that is not dialable. */
  invalidDestination: { operation: 'invalidDestination' },
  /** A session-manager client whose register-id matches no `cti-aware` session server. */
  notRegistered: { operation: 'securityViolation' },
  /** The DN has no `cti watch`, or a device other than the session's line (MOC/generic clients). */
  notPermitted: { operation: 'privilegeViolationSpecifiedDevice' },
  /** Only SCCP IP phones; overlay DNs; shared lines for MOC clients (CME CSTA guide "Restriction"). */
  incompatibleDevice: { operation: 'requestIncompatibleWithObject' },
  /** Prompted MakeCall on a model lacking it or for a MOC client (CME CSTA guide "Restriction"). */
  promptNotSupported: { operation: 'requestIncompatibleWithCallingDevice' },
  /** A phoneless DN without `cti notify` (CME CSTA guide Step 7: cti notify is required then). */
  deviceOutOfService: { systemResourceAvailibility: 'deviceOutOfService' },
  /** A request the CME does not implement (not in CME CSTA guide Table 1 or the session services). */
  serviceNotSupported: { operation: 'serviceNotSupported' },
  /** Forwarding other than CFwdAll (CME CSTA guide Table 1: Get/Set CFwdAll). */
  forwardingType: { operation: 'invalidForwardingType' },
  forwardingDestination: { operation: 'invalidForwardingDestination' },
  /** MonitorStop with an id this session does not own. */
  invalidMonitor: { operation: 'invalidMonitorCrossRefID' },
  /** MonitorStart on a call object or with monitorType call: only device monitors exist. */
  monitorObjectType: { operation: 'invalidMonitorObjectType' },
  monitorType: { operation: 'monitorTypeNotSupported' },
  /** A ConnectionID without a callID whose device has no single call to pick. */
  invalidConnection: { operation: 'invalidConnectionID' },
  /** ReconnectCall whose held connection is not held. */
  heldState: { stateIncompatibility: 'invalidHeldConnectionState' },
  /**
   * Dial-via-office (cti-dial-via-office.ts): the remote number's ephone-dn has `snr` but no
   * `mobility`, or the MakeCall asks `doNotPrompt` of a phone outside the CME (it can only be
   * called, ECMA-269 prompted Make Call).
   */
  notDialViaOffice: { operation: 'requestIncompatibleWithCallingDevice' },
  /** Dial-via-office: the remote number is the `snr` number of more than one ephone-dn. */
  ambiguousRemoteNumber: { operation: 'invalidCallingDeviceID' },
  /** Dial-via-office: a callback to that remote number is already ringing. */
  remoteBusy: { systemResourceAvailibility: 'resourceBusy' },
  /** Bad parameter value (e.g. empty digits). */
  invalidParameter: { operation: 'invalidParameterValue' },
} as const satisfies Record<string, CSTAErrorCode>;

/**
 * A call-model refusal as the CSTA error to send: CallRefusal codes are already ECMA-323
 * `UniversalFailure` values with their category (simulators/calls/call-model-error.ts).
 */
export function cstaErrorOf(refusal: CallRefusal): CSTAErrorCode {
  return { [refusal.category]: refusal.code } as CSTAErrorCode;
}
