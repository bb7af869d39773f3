/**
 * Typed errors of the pcap layer. An observation the writer cannot turn into a packet (an address
 * that is not an IP literal, a time outside the pcap range, a UDP datagram larger than IP allows)
 * raises one of these before any writer state changes, so the capture stays consistent.
 */
export type PcapErrorCode =
  | 'bad-address'
  | 'address-family-mismatch'
  | 'bad-port'
  | 'bad-time'
  | 'bad-payload'
  | 'datagram-too-large'
  | 'truncated-file'
  | 'bad-magic';

export class PcapError extends Error {
  readonly code: PcapErrorCode;

  constructor(code: PcapErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'PcapError';
    this.code = code;
  }
}
