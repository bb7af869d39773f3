/**
 * Typed errors of the GED-188 codec. A decode error says which Status the CTI Server answers it
 * with (Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 6, "Failure
 * Indication Message Status Codes"), carries the request's InvokeID when the fixed part had one,
 * and says whether the stream is still usable (`fatal`: framing lost, drop the connection).
 */

import { CtiStatus } from './enums.ts';

export type CtiDecodeErrorCode =
  /** Not a message type of the protocol. */
  | 'unknown-message-type'
  /** A message type of the protocol the lab does not implement. */
  | 'unsupported-message-type'
  /** A catalogued message the negotiated version does not have. */
  | 'message-type-for-version'
  /** OPEN_REQ asks for a version the lab does not speak. */
  | 'unsupported-version'
  /** Body shorter than the fixed part, or a floating field cut off. */
  | 'truncated'
  /** A floating tag the protocol does not define. */
  | 'unknown-tag'
  /** A floating tag the negotiated version does not have. */
  | 'tag-for-version'
  /** A known floating tag this message type does not carry. */
  | 'tag-for-message-type'
  /** A floating field longer than its maximum, or of the wrong size for its type. */
  | 'field-length'
  /** A STRING without its NUL, with a NUL inside, or a malformed NAMEDVAR / NAMEDARRAY. */
  | 'bad-value'
  /** A floating field that may appear once appears again. */
  | 'repeated-field'
  /** A required floating field is missing. */
  | 'required-missing'
  /** MessageLength beyond the largest message: the stream has lost sync (fatal). */
  | 'message-too-long';

/** Status (E_CTI_*) for each decode error. */
export const DECODE_ERROR_STATUS: Readonly<Record<CtiDecodeErrorCode, number>> = {
  'unknown-message-type': CtiStatus.E_CTI_INVALID_MESSAGE_TYPE,
  // ⚠ the guide does not say what a server answers to a defined message it does not implement;
  // E_CTI_FUNCTION_NOT_AVAILABLE is the closest status ("the requested function is not available").
  'unsupported-message-type': CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE,
  'message-type-for-version': CtiStatus.E_CTI_INVALID_MSG_TYPE_FOR_VERSION,
  'unsupported-version': CtiStatus.E_CTI_INVALID_VERSION,
  truncated: CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
  'unknown-tag': CtiStatus.E_CTI_INVALID_FIELD_TAG,
  'tag-for-version': CtiStatus.E_CTI_INVALID_TAG_FOR_VERSION,
  'tag-for-message-type': CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE,
  'field-length': CtiStatus.E_CTI_INVALID_FIELD_LENGTH,
  'bad-value': CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
  'repeated-field': CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
  'required-missing': CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
  'message-too-long': CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
};

export interface CtiDecodeErrorDetails {
  readonly messageType: number;
  /** Offset in the message body (after MHDR) where the problem starts. */
  readonly offset: number;
  readonly invokeID?: number;
  readonly tag?: number;
  readonly fatal?: boolean;
}

export class CtiDecodeError extends Error {
  readonly code: CtiDecodeErrorCode;
  /** The E_CTI_* Status to answer with (FAILURE_CONF for a request, else log it). */
  readonly status: number;
  readonly messageType: number;
  readonly offset: number;
  readonly invokeID: number | undefined;
  readonly tag: number | undefined;
  /** True when the stream has lost sync: close the connection. */
  readonly fatal: boolean;

  constructor(code: CtiDecodeErrorCode, detail: string, d: CtiDecodeErrorDetails) {
    super(`GED-188 ${code}: ${detail} (message type ${d.messageType}, offset ${d.offset})`);
    this.name = 'CtiDecodeError';
    this.code = code;
    this.status = DECODE_ERROR_STATUS[code];
    this.messageType = d.messageType;
    this.offset = d.offset;
    this.invokeID = d.invokeID;
    this.tag = d.tag;
    this.fatal = d.fatal ?? false;
  }
}

/** A message the caller built cannot be encoded (a bug in the caller, never wire input). */
export class CtiEncodeError extends Error {
  constructor(detail: string) {
    super(`GED-188 encode: ${detail}`);
    this.name = 'CtiEncodeError';
  }
}
