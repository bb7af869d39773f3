import type { CSTAErrorCode } from './csta-error-code.ts';
import type { CstaNamespace } from './csta-namespaces.ts';

/**
 * Why a CSTA body could not be decoded. Each reason maps to the CSTAErrorCode the server answers
 * with (DESIGN §6: "Every failure is a CSTAErrorCode with the right category"). ECMA-323's
 * OperationErrors has no "missing parameter" value; the choices below use the values it has:
 *
 * | reason | CSTAErrorCode | why |
 * |---|---|---|
 * | too-large, too-deep, too-many-elements | systemResourceAvailibility/resourceLimitExceeded | a limit of ours, not a fault in the service request's meaning |
 * | malformed, doctype, unknown-namespace, unexpected-text, out-of-order, duplicate-element | operation/generic | not a well-formed / schema-valid ECMA-323 document |
 * | unknown-message | operation/serviceNotSupported | a root element (service) we do not offer |
 * | unknown-element | operation/parameterNotSupported | a child the schema (or this edition) does not have |
 * | missing-element | operation/invalidParameterValue | a mandatory parameter without a value |
 * | missing-conditional | operation/atLeastOneConditionalParameterNotProvided | ConnectionID with neither callID nor deviceID |
 * | invalid-value | operation/invalidParameterValue | text that is not a boolean / integer |
 * | out-of-range | operation/valueOutOfRange | an enumeration value or integer outside its range |
 * | unsupported-value | operation/parameterNotSupported | a valid value the model cannot carry (several DeflectCall destinations) |
 */
export type CstaDecodeFailure =
  | 'too-large'
  | 'too-deep'
  | 'too-many-elements'
  | 'malformed'
  | 'doctype'
  | 'unknown-namespace'
  | 'unknown-message'
  | 'unknown-element'
  | 'unexpected-text'
  | 'out-of-order'
  | 'duplicate-element'
  | 'missing-element'
  | 'missing-conditional'
  | 'invalid-value'
  | 'out-of-range'
  | 'unsupported-value';

export function errorCodeFor(reason: CstaDecodeFailure): CSTAErrorCode {
  switch (reason) {
    case 'too-large':
    case 'too-deep':
    case 'too-many-elements':
      return { systemResourceAvailibility: 'resourceLimitExceeded' };
    case 'malformed':
    case 'doctype':
    case 'unknown-namespace':
    case 'unexpected-text':
    case 'out-of-order':
    case 'duplicate-element':
      return { operation: 'generic' };
    case 'unknown-message':
      return { operation: 'serviceNotSupported' };
    case 'unknown-element':
    case 'unsupported-value':
      return { operation: 'parameterNotSupported' };
    case 'missing-element':
    case 'invalid-value':
      return { operation: 'invalidParameterValue' };
    case 'missing-conditional':
      return { operation: 'atLeastOneConditionalParameterNotProvided' };
    case 'out-of-range':
      return { operation: 'valueOutOfRange' };
  }
}

export interface CstaDecodeErrorDetails {
  /** The request's namespace when it was a supported one: answer the error in it. */
  readonly namespace?: CstaNamespace;
  /** The root element's local name, when the document got that far. */
  readonly messageType?: string;
  /** Element path of the fault, e.g. `MakeCall/callingDevice`. */
  readonly path?: string;
  /** Line and column of a well-formedness error, as the XML validator reports them. */
  readonly line?: number;
  readonly column?: number;
}

/** A CSTA body that cannot be served; `errorCode` is what the server must answer with. */
export class CstaDecodeError extends Error {
  override readonly name = 'CstaDecodeError';
  readonly reason: CstaDecodeFailure;
  readonly errorCode: CSTAErrorCode;
  readonly details: CstaDecodeErrorDetails;

  constructor(reason: CstaDecodeFailure, message: string, details: CstaDecodeErrorDetails = {}) {
    super(details.path ? `${message} (at ${details.path})` : message);
    this.reason = reason;
    this.errorCode = errorCodeFor(reason);
    this.details = details;
  }

  get namespace(): CstaNamespace | undefined {
    return this.details.namespace;
  }
}
