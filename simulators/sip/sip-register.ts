import { Grammar } from 'sip.js/lib/core/index.js';
import type { Endpoint } from '../lab/observation.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { SipRequest } from './sip-message.ts';
import type { SipResponseOptions } from './sip-message-options.ts';
import type { SipTransportName } from './sip-transport-layer.ts';

/** One Contact of a REGISTER: the URI to bind and its own `expires` parameter, if any. */
export interface RegisterContact {
  readonly uri: string;
  /** The Contact's `expires` parameter (RFC 3261 §10.2.1.1), when present. */
  readonly expires: number | undefined;
}

/** A binding the registrar reports back in its 200 (RFC 3261 §10.3 step 8). */
export interface RegisterBinding {
  readonly uri: string;
  readonly expires: number;
}

/**
 * A REGISTER request (RFC 3261 §10.3) handed to the registrar installed with
 * `SipEndpoint.onRegister`. The endpoint has already checked the syntax of Contact and Expires
 * (400 otherwise); the handler decides the rest (404 unknown AOR, 423 Interval Too Brief, ...).
 */
export interface IncomingRegister {
  readonly request: SipRequest;
  readonly transport: SipTransportName;
  readonly remote: Endpoint;
  /** The address-of-record: the To header's URI (RFC 3261 §10.2). */
  readonly aor: string;
  /** The AOR's user part, e.g. the session manager's `register-id`. */
  readonly user: string | undefined;
  /** `'*'` (remove every binding, §10.2.2), or the Contacts; empty = a query (§10.2.3). */
  readonly contacts: readonly RegisterContact[] | '*';
  /** The Expires header (RFC 3261 §20.19), when present. */
  readonly expires: number | undefined;
  /** 200 OK listing every current binding with its expires parameter (§10.3 step 8). */
  accept(bindings: readonly RegisterBinding[], opts?: SipResponseOptions): void;
  /** A final non-2xx status (e.g. 404, 423 with Min-Expires). */
  reject(status: number, opts?: SipResponseOptions): void;
}

/** What `parseRegister` reads from a REGISTER. */
export interface RegisterFields {
  readonly aor: string;
  readonly user: string | undefined;
  readonly contacts: readonly RegisterContact[] | '*';
  readonly expires: number | undefined;
}

/** The fields, or the SIP status (always 400) and reason phrase to refuse with. */
export type ParsedRegister = Result<RegisterFields, 400>;

const badRequest = (reason: string) => refused(400 as const, reason);

const DELTA_SECONDS = /^\d{1,10}$/;

/**
 * Parse the registrar-relevant parts of a REGISTER: To (the AOR), Contact (`*` or name-addrs with
 * `expires`), Expires. RFC 3261 §10.3 step 6: `*` is only valid alone and with Expires: 0.
 */
export function parseRegister(req: SipRequest): ParsedRegister {
  const to = req.parsed.to;
  if (!to) return badRequest('Bad To Header');
  const expiresText = req.header('expires')?.trim();
  if (expiresText !== undefined && !DELTA_SECONDS.test(expiresText)) return badRequest('Bad Expires Header');
  const expires = expiresText === undefined ? undefined : Number(expiresText);
  const raw = req.headers('contact');
  const base = { aor: to.uri.toString(), user: to.uri.user ?? undefined, expires };
  if (raw.some((v) => v.trim() === '*')) {
    if (raw.length !== 1 || expires !== 0) return badRequest('Bad Contact: * needs Expires: 0');
    return ok({ ...base, contacts: '*' });
  }
  const contacts: RegisterContact[] = [];
  for (const value of raw) {
    const parsed = Grammar.parse(value, 'Contact') as unknown;
    if (!Array.isArray(parsed)) return badRequest('Bad Contact Header');
    for (const item of parsed as Array<{ parsed?: { uri?: unknown; getParam(n: string): unknown } }>) {
      const header = item.parsed;
      if (!header?.uri) return badRequest('Bad Contact Header');
      const param = header.getParam('expires');
      if (param !== undefined && param !== null && !DELTA_SECONDS.test(String(param)))
        return badRequest('Bad Contact expires');
      contacts.push({
        uri: String(header.uri),
        expires: param === undefined || param === null ? undefined : Number(param),
      });
    }
  }
  return ok({ ...base, contacts });
}
