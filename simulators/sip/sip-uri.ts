import { Grammar } from 'sip.js/lib/core/index.js';
import type { Endpoint } from '../lab/observation.ts';
import { SipTransportError } from './sip-error.ts';
import type { SipRequest, SipResponse } from './sip-message.ts';
import type { SipTransportName } from './sip-transport-layer.ts';

/** Where a request for a SIP URI goes (RFC 3263 left out: the lab uses literal host:port). */
export interface RequestTarget {
  /** host and port (default 5060, 5061 for TLS, RFC 3261 §19.1.2). */
  readonly remote: Endpoint;
  /** The URI's `transport` parameter: tcp or tls, else udp (RFC 3261 §19.1.1). */
  readonly transport: SipTransportName;
}

/** Parse a request target; a URI sip.js cannot parse is a SipTransportError `bad <what> URI`. */
export function requestTarget(text: string, what: string): RequestTarget {
  const uri = Grammar.URIParse(text);
  if (!uri) throw new SipTransportError(`bad ${what} URI ${text}`);
  const param = String(uri.getParam('transport') ?? 'udp').toLowerCase();
  const transport: SipTransportName = param === 'tcp' || param === 'tls' ? param : 'udp';
  return { remote: { host: uri.host, port: uri.port ?? (transport === 'tls' ? 5061 : 5060) }, transport };
}

/** host:port of a URI (port default 5060, 5061 with transport=tls), or undefined when it does not parse. */
export function uriEndpoint(text: string): Endpoint | undefined {
  const uri = Grammar.URIParse(text);
  if (!uri) return undefined;
  const tls = String(uri.getParam('transport') ?? '').toLowerCase() === 'tls';
  return { host: uri.host, port: uri.port ?? (tls ? 5061 : 5060) };
}

/** The user part of a URI, when it parses and has one. */
export function uriUser(text: string): string | undefined {
  return Grammar.URIParse(text)?.user ?? undefined;
}

/** The first Contact's URI (RFC 3261 §12.1: the remote target), when it parses. */
export function contactUri(msg: SipRequest | SipResponse): string | undefined {
  const raw = msg.headers('contact')[0];
  if (raw === undefined) return undefined;
  try {
    const parsed = Grammar.parse(raw, 'Contact') as unknown;
    const first = Array.isArray(parsed)
      ? (parsed[0] as { parsed?: { uri?: { toString(): string } } })
      : undefined;
    return first?.parsed?.uri?.toString();
  } catch {
    return undefined;
  }
}
