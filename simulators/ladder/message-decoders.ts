import { CtiFrameReader, decodeMessage, NEWEST_VERSION } from '../cti-server/wire.ts';
import type { WireObservation, WireProtocol } from '../lab/observation.ts';
import { SipStreamFramer } from '../lab/stream-framing.ts';
import { FrameReader } from '../sccp/codec.ts';

/** One message off a direction of a flow: its name on the arrow and its decoded fields. */
export interface DecodedMessage {
  name: string;
  fields: unknown;
}

/**
 * Turns the observations of one direction of one flow (one publisher's copies only) into whole
 * messages. SCCP frames arrive decoded from the station side and the phone; SIP received over
 * TCP and GED-188 arrive as bytes, framed by the lab's one framing module (lab/stream-framing.ts:
 * SIP by Content-Length, RFC 3261 §18.3; GED-188 by MHDR, Cisco "CTI Server Message Reference
 * Guide", chapter "Message Conventions"; the GED-188 one through cti-server's `CtiFrameReader`).
 */
export interface DirectionDecoder {
  push(o: WireObservation): DecodedMessage[];
}

/** What the decoders of one flow share (the GED-188 protocol version an OPEN_REQ asked for). */
export interface FlowContext {
  ctiVersion: number;
}

export function newFlowContext(): FlowContext {
  return { ctiVersion: NEWEST_VERSION };
}

export function directionDecoder(protocol: WireProtocol, flow: FlowContext): DirectionDecoder {
  switch (protocol) {
    case 'sccp':
      return sccpDecoder();
    case 'sip':
      return sipDecoder();
    case 'cti-server':
      return ctiServerDecoder(flow);
    case 'tftp':
      return { push: (o) => [tftpMessage(o)] };
  }
}

function sccpDecoder(): DirectionDecoder {
  const reader = new FrameReader();
  return {
    push(o) {
      const d = o.decoded as { type?: unknown } | undefined;
      if (d !== undefined && typeof d === 'object' && typeof d.type === 'string')
        return [{ name: d.type, fields: d }];
      return reader
        .push(o.bytes)
        .map((r) =>
          r.ok
            ? { name: r.message.type, fields: r.message }
            : { name: 'undecodable SCCP', fields: { error: r.error.message, ...undecodableBytes(r.raw) } },
        );
    },
  };
}

function ctiServerDecoder(flow: FlowContext): DirectionDecoder {
  const reader = new CtiFrameReader();
  return {
    push(o) {
      return reader.push(o.bytes).map((r): DecodedMessage => {
        if (!r.ok)
          return {
            name: 'undecodable GED-188',
            fields: { error: `GED-188 framing lost: ${r.error.message}` },
          };
        const { frame } = r;
        // OPEN_REQ (type 3) is decoded in the version it asks for: VersionNumber follows InvokeID.
        if (frame.messageType === 3 && frame.body.length >= 8) flow.ctiVersion = frame.body.readUInt32BE(4);
        const d = decodeMessage(frame.messageType, frame.body, flow.ctiVersion);
        if (!d.ok)
          return {
            name: `GED-188 type ${frame.messageType}`,
            fields: { error: d.error.message, ...undecodableBytes(frame.raw) },
          };
        return {
          name: d.message.name,
          fields: { type: d.message.type, fixed: d.message.fixed, floating: d.message.floating },
        };
      });
    },
  };
}

function tftpMessage(o: WireObservation): DecodedMessage {
  const d = o.decoded as { type?: unknown; filename?: unknown } | undefined;
  const type = typeof d?.type === 'string' ? d.type : 'TFTP';
  const name = typeof d?.filename === 'string' ? `${type} ${d.filename}` : type;
  return { name, fields: d ?? { bytes: o.bytes.length } };
}

/**
 * Bytes no decoder could frame or decode, in hex, at most this many (the pcap holds them all):
 * only an undecodable message carries its bytes in the ladder.
 */
export const UNDECODABLE_HEX_BYTES = 256;

/** The evidence of an undecodable message: its length and its first bytes in hex. */
export function undecodableBytes(bytes: Uint8Array): { bytes: number; hex: string } {
  const shown = Buffer.from(bytes.subarray(0, UNDECODABLE_HEX_BYTES)).toString('hex');
  return { bytes: bytes.length, hex: bytes.length > UNDECODABLE_HEX_BYTES ? `${shown}…` : shown };
}

/**
 * SIP over TCP framed by the lab's framer (lab/stream-framing.ts: Content-Length, RFC 3261
 * §18.3); UDP: one datagram, one message. Once framing is lost the direction draws nothing more.
 */
function sipDecoder(): DirectionDecoder {
  const framer = new SipStreamFramer();
  return {
    push(o) {
      if (o.transport === 'udp') return [sipMessage(Buffer.from(o.bytes))];
      const out: DecodedMessage[] = [];
      for (const ev of framer.push(o.bytes)) {
        if (ev.kind === 'message') out.push(sipMessage(Buffer.from(ev.bytes)));
        else if (ev.kind === 'error')
          out.push({
            name: 'undecodable SIP',
            fields: {
              error: `SIP framing lost: ${ev.reason}`,
              ...(ev.head === undefined ? {} : undecodableBytes(ev.head)),
            },
          });
      }
      return out;
    },
  };
}

/** The arrow's name: the method or the status, and the CSTA element a TR/87 body carries. */
export function sipMessage(bytes: Buffer): DecodedMessage {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const [startLine = '', ...lines] = head.split(/\r\n/);
  const headers: [string, string][] = [];
  for (const line of lines) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last !== undefined) last[1] += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  const status = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/.exec(startLine);
  const first = status ? `${status[1]} ${status[2]}`.trim() : (startLine.split(' ')[0] ?? 'SIP');
  const element = /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body)?.[1];
  return {
    name: element === undefined ? first : `${first} (${element})`,
    fields: { startLine, headers, ...(body === '' ? {} : { body }) },
  };
}
