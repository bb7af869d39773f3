/**
 * Typed errors of the call model. Each code is a value of one of the ECMA-323 `UniversalFailure`
 * error enumerations (the ECMA-323 schema (ed3/ed6 element order) "ED6 enums"), and `category` names the
 * `UniversalFailure` choice it belongs to, so a CSTA front end can answer with the error as is.
 * (The category spelling `systemResourceAvailibility` is the schema's own.)
 */
export const CALL_MODEL_ERROR_CATEGORIES = {
  // OperationErrors
  invalidDeviceID: 'operation',
  invalidCallID: 'operation',
  invalidConnectionID: 'operation',
  invalidDestination: 'operation',
  invalidParameterValue: 'operation',
  invalidForwardingDestination: 'operation',
  invalidForwardingType: 'operation',
  requestIncompatibleWithConnection: 'operation',
  notSameDevice: 'operation',
  notDifferentDevices: 'operation',
  generic: 'operation',
  // StateIncompatibilityErrors
  invalidConnectionState: 'stateIncompatibility',
  invalidActiveConnectionState: 'stateIncompatibility',
  invalidHeldConnectionState: 'stateIncompatibility',
  invalidDeviceState: 'stateIncompatibility',
  // SystemResourceAvailabilityErrors
  resourceBusy: 'systemResourceAvailibility',
  callingDeviceOutOfService: 'systemResourceAvailibility',
  resourceLimitExceeded: 'systemResourceAvailibility',
  conferenceMemberLimitExceeded: 'systemResourceAvailibility',
} as const;

export type CallModelErrorCode = keyof typeof CALL_MODEL_ERROR_CATEGORIES;
export type CallModelErrorCategory = (typeof CALL_MODEL_ERROR_CATEGORIES)[CallModelErrorCode];

/** How the call model refuses an operation (the `error` of its `Result`): an ECMA-323 code. */
export interface CallRefusal {
  readonly code: CallModelErrorCode;
  readonly category: CallModelErrorCategory;
}

/**
 * The model's internal abort: thrown by validation helpers and caught at the model's public
 * boundary (`CallModel.attempt`), which returns it as a `CallRefusal`. Never seen outside calls/.
 */
export class CallModelError extends Error {
  readonly code: CallModelErrorCode;
  readonly category: CallModelErrorCategory;

  constructor(code: CallModelErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'CallModelError';
    this.code = code;
    this.category = CALL_MODEL_ERROR_CATEGORIES[code];
  }

  refusal(): CallRefusal {
    return { code: this.code, category: this.category };
  }
}
