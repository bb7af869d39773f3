/**
 * Typed error for a message object the SCCP codec cannot put on the wire: an integer out of its
 * field's range, an IPv6 address in an IPv4-only field, bad hex, too many template entries, or
 * an unsupported header version. `field` names the offending field ('' for the whole message).
 */
export class SccpEncodeError extends Error {
  readonly messageType: string;
  readonly field: string;

  constructor(messageType: string, field: string, detail: string) {
    super(`SCCP encode ${messageType}${field ? `.${field}` : ''}: ${detail}`);
    this.name = 'SccpEncodeError';
    this.messageType = messageType;
    this.field = field;
  }
}
