/**
 * What a CTI client said to the lab and the lab to it, read back from the run's pcap
 * (pcap-transcript.ts): one entry per whole protocol message (or TCP connection event), each
 * with the pcap frame its first byte travelled in, so a grade's evidence names a frame a reader
 * opens in Wireshark. The graders (tr87-client-graders.ts, cti-client-graders.ts) read only this.
 */
import type { CstaMessage } from '../../simulators/csta/csta-types.ts';
import type { CtiMessage } from '../../simulators/cti-server/message-codec.ts';
import type { SipMessage } from '../../simulators/sip/sip-message.ts';

export type Direction = 'from-client' | 'to-client';

interface EntryBase {
  /** 1-based frame number in the pcap (Wireshark's numbering). */
  readonly frame: number;
  /** Capture time, ms since the epoch. */
  readonly time: number;
  readonly direction: Direction;
  /** The client's side of the TCP connection, `host:port` (one client may open several). */
  readonly client: string;
  /** The lab's side (the listening endpoint the client reached), `host:port`. */
  readonly server: string;
}

/** A TCP connection the client opened or one side closed (SYN / FIN / RST). */
export interface ConnectionEntry extends EntryBase {
  readonly protocol: 'tcp';
  readonly event: 'open' | 'close' | 'reset';
}

/** One SIP message; a CSTA body is decoded (or `cstaError` says why it is not valid ECMA-323). */
export interface SipEntry extends EntryBase {
  readonly protocol: 'sip';
  readonly sip: SipMessage;
  /** The body's ECMA-323 message when the body is `application/csta+xml` and decodes. */
  readonly csta?: CstaMessage;
  /** The body's namespace (the edition the sender used). */
  readonly namespace?: string;
  /** Why a CSTA body did not decode (the decoder's message). */
  readonly cstaError?: string;
}

/** One GED-188 message; `error` when the bytes did not decode at the connection's version. */
export interface CtiEntry extends EntryBase {
  readonly protocol: 'cti-server';
  readonly messageType: number;
  /** The catalogue's name, `MSG_<n>` when the type is unknown. */
  readonly name: string;
  readonly message?: CtiMessage;
  readonly error?: string;
  /** The protocol version the connection's OPEN_REQ asked for (decoding uses it). */
  readonly version: number;
}

/** Bytes that could not be framed as the protocol (SIP framing lost, GED-188 length bad). */
export interface UnframedEntry extends EntryBase {
  readonly protocol: 'unframed';
  readonly reason: string;
}

export type TranscriptEntry = ConnectionEntry | SipEntry | CtiEntry | UnframedEntry;

export interface Transcript {
  readonly entries: readonly TranscriptEntry[];
}

/** A short label of an entry for evidence lines: `INVITE (RequestSystemStatus)`, `OPEN_REQ`, ... */
export function entryLabel(e: TranscriptEntry): string {
  switch (e.protocol) {
    case 'tcp':
      return `TCP ${e.event}`;
    case 'sip': {
      const head = e.sip.kind === 'request' ? e.sip.method : `${e.sip.status} ${e.sip.cseqMethod}`;
      if (e.csta) return `${head} (${e.csta.type})`;
      return e.cstaError ? `${head} (bad CSTA body)` : head;
    }
    case 'cti-server':
      return e.name;
    case 'unframed':
      return `unframed bytes (${e.reason})`;
  }
}
