/**
 * The lab's one framing of its TCP byte streams: whole messages out of chunks, for everyone who
 * reads a stream — the SIP transport (simulators/sip/), the GED-188 sides and client
 * (simulators/cti-server/frame-reader.ts wraps `MhdrFramer`), the ladder's message decoders
 * (simulators/ladder/) and the client-validation transcript of a pcap
 * (conformance/client-validation/pcap-transcript.ts).
 *
 * - SIP over TCP: framed by Content-Length counted in bytes (RFC 3261 §18.3 "the Content-Length
 *   header field MUST be used with stream oriented transports"; §7.5 CRLFs before a start line;
 *   RFC 5626 §3.5.1 CRLFCRLF keepalive ping).
 * - GED-188 (UCCE CTI Server): framed by its MHDR, MessageLength UINT (the bytes after the
 *   header) then MessageType UINT, big-endian (Cisco "CTI Server Message Reference Guide
 *   (Protocol Version 15)", chapter 3 "Message Conventions").
 *
 * Neither framer throws on any input: garbage comes back as an `error` event saying why, and
 * once framing is lost the framer ignores further input (the caller drops the connection).
 */

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CRLF = CRLFCRLF.subarray(0, 2);

/** Byte offset just past the blank line ending a SIP header block, or -1. */
export function headerEnd(bytes: Uint8Array, from = 0): number {
  const i = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(CRLFCRLF, from);
  return i < 0 ? -1 : i + 4;
}

/** Every Content-Length value (trimmed) in a SIP header block, in order (compact form `l` too). */
export function contentLengthsOf(head: string): string[] {
  // Group 1 takes part in every match (it may match nothing: the empty string).
  return [...head.matchAll(/\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gi)].map((m) =>
    (m[1] as string).trim(),
  );
}

/** Why the framer could not frame a message (RFC 3261 §18.3). */
export type FramingErrorReason =
  | 'too-large'
  | 'no-content-length'
  | 'bad-content-length'
  | 'multiple-content-length';

/** What the SIP framer found in a TCP byte stream. */
export type FramerEvent =
  /** One whole message, exactly header + Content-Length bytes. */
  | { kind: 'message'; bytes: Uint8Array }
  /** RFC 5626 §3.5.1 keepalive ping "\r\n\r\n": answer with a pong "\r\n". */
  | { kind: 'ping' }
  /**
   * Framing is lost: the caller answers if `head` parses as a request (400, or 413 when
   * `reason` is 'too-large' and the body is being skipped) and then, unless `recoverable`,
   * closes the connection.
   */
  | {
      kind: 'error';
      reason: FramingErrorReason;
      /** The header block, when one was found. */
      head: Uint8Array | undefined;
      /** True when the framer skips the over-size body and the stream stays usable. */
      recoverable: boolean;
    };

const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits a SIP-over-TCP byte stream into messages by Content-Length counted in bytes
 * (RFC 3261 §18.3: "the Content-Length header field MUST be used with stream oriented
 * transports"). Several messages in one segment and one message across segments both work.
 */
export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an over-size body still to be discarded. */
  private skip = 0;
  private broken = false;

  constructor(private readonly maxMessageBytes = 65536) {}

  push(chunk: Uint8Array): FramerEvent[] {
    if (this.broken) return [];
    const events: FramerEvent[] = [];
    // The rest of an over-size body is discarded first (none: `skip` is 0).
    const skipped = Math.min(this.skip, chunk.byteLength);
    this.skip -= skipped;
    this.buffer = Buffer.concat([this.buffer, chunk.subarray(skipped)]);
    // A lost framing (`lost`) ends the loop: it sets `broken` and empties the buffer.
    while (!this.broken) {
      const event = this.next();
      if (event === undefined) break;
      events.push(event);
    }
    return events;
  }

  /** Bytes waiting for the rest of a message. */
  get buffered(): number {
    return this.buffer.byteLength;
  }

  /** Whether a message is begun and not finished (bytes buffered, or an over-size body to skip). */
  get waiting(): boolean {
    return !this.broken && (this.buffer.byteLength > 0 || this.skip > 0);
  }

  private next(): FramerEvent | undefined {
    const b = this.buffer;
    // RFC 5626 §3.5.1: "\r\n\r\n" is a ping; RFC 3261 §7.5: CRLFs before a start-line are ignored.
    // (A lone CR waits below as a header block begun: no header block ends in fewer than 4 bytes.)
    if (b[0] === CR && b[1] === LF) {
      const after = b.subarray(2, 4);
      if (!CRLF.subarray(0, after.byteLength).equals(after)) {
        this.buffer = b.subarray(2); // a lone CRLF (pong or stray): skip it
        return this.next();
      }
      if (after.byteLength < 2) return undefined; // maybe a ping
      this.buffer = b.subarray(4);
      return { kind: 'ping' };
    }
    // An empty buffer waits here too: no blank line in it.
    const end = headerEnd(b);
    if (end === -1) {
      if (b.byteLength > this.maxMessageBytes) return this.lost('too-large', undefined);
      return undefined;
    }
    const head = b.subarray(0, end);
    const lengths = contentLengthsOf(head.toString('latin1'));
    const lengthText = lengths[0];
    if (lengthText === undefined) return this.lost('no-content-length', head);
    // RFC 3261 §7.3.1: Content-Length is single-valued; two of them lose the framing (RFC 4475 §3.3.9).
    if (lengths.length > 1) return this.lost('multiple-content-length', head);
    if (!/^\d{1,9}$/.test(lengthText)) return this.lost('bad-content-length', head);
    const total = end + Number(lengthText);
    if (total > this.maxMessageBytes) {
      // Skip the over-size body so the stream stays framed; the caller answers 413.
      const available = b.byteLength - end;
      const length = Number(lengthText);
      this.skip = Math.max(0, length - available);
      this.buffer = b.subarray(end + Math.min(length, available));
      return { kind: 'error', reason: 'too-large', head: Buffer.from(head), recoverable: true };
    }
    if (b.byteLength < total) return undefined;
    const message = Buffer.from(b.subarray(0, total));
    this.buffer = b.subarray(total);
    return { kind: 'message', bytes: message };
  }

  /** Framing is lost for good: later input is ignored (the caller drops the connection). */
  private lost(reason: FramingErrorReason, head: Buffer | undefined): FramerEvent {
    this.broken = true;
    this.buffer = Buffer.alloc(0);
    return { kind: 'error', reason, head: head ? Buffer.from(head) : undefined, recoverable: false };
  }
}

/** MHDR: MessageLength UINT (bytes after the header) + MessageType UINT. */
export const MHDR_SIZE = 8;

/** What the GED-188 framer found in a TCP byte stream. */
export type MhdrEvent =
  /** One whole message, MHDR included (`raw`), and the bytes after MHDR (`body`). */
  | { kind: 'message'; messageType: number; body: Buffer; raw: Buffer }
  /**
   * Framing is lost (always fatal): a MessageLength that makes the message larger than the
   * framer's maximum. No message is that long, so the stream has lost sync (uccertweb
   * `Packetizer.scala`: a length above MaxMessageLen sets isOutOfSync).
   */
  | { kind: 'error'; reason: 'too-large'; length: number; messageType: number; maxSize: number };

/**
 * Splits a GED-188 TCP byte stream into whole messages by MHDR. Several messages may share a
 * chunk, one message may span chunks. A length shorter than the message type's fixed part is not
 * a framing error: the frame is delivered whole and its decode fails for that message alone.
 */
export class MhdrFramer {
  private pending: Buffer = Buffer.alloc(0);
  private failed = false;

  /** `maxSize`: the largest whole message, MHDR included. */
  constructor(private readonly maxSize: number) {}

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }

  /** True once framing was lost; later input is ignored. */
  get closed(): boolean {
    return this.failed;
  }

  /** Feeds a chunk; returns the messages it completed and, last, an error if framing broke. */
  push(chunk: Uint8Array): MhdrEvent[] {
    if (this.failed) return [];
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: MhdrEvent[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (length > this.maxSize - MHDR_SIZE) {
        const messageType = this.pending.length >= MHDR_SIZE ? this.pending.readUInt32BE(4) : 0;
        this.failed = true;
        this.pending = Buffer.alloc(0);
        out.push({ kind: 'error', reason: 'too-large', length, messageType, maxSize: this.maxSize });
        break;
      }
      const total = MHDR_SIZE + length;
      if (this.pending.length < total) break;
      const raw = Buffer.from(this.pending.subarray(0, total));
      this.pending = this.pending.subarray(total);
      out.push({ kind: 'message', messageType: raw.readUInt32BE(4), body: raw.subarray(MHDR_SIZE), raw });
    }
    return out;
  }
}
