// The UAS side of SIP digest authentication as a whole (RFC 3261 section 22.1/22.4, RFC 7616,
// RFC 8760): given a request's method, Request-URI and Authorization values, either the
// authenticated user name or the refusal to send (401 with the challenges, 400 for a malformed
// credential). The nonces it issued are remembered on the injected clock. It knows no TR/87: the
// TR/87 server calls it on a set-up INVITE (Tr87ServerOptions.authenticate), the CUCM CTI gateway
// gives it the users' passwords.
import type { Clock } from '../lab/clock.ts';
import {
  challengeHeader,
  type DigestAlgorithm,
  type DigestCredentials,
  DigestError,
  newNonce,
  parseAuthorization,
  verifyDigest,
} from './sip-digest.ts';
import type { SipHeaderList } from './sip-format.ts';

/** What an authenticator reads of a request. */
export interface SipAuthRequest {
  readonly method: string;
  /** The Request-URI as the request line carries it (the credentials' `uri` must equal it). */
  readonly requestUri: string;
  /** Every Authorization header value, in order (RFC 3261 section 20.7; never comma-joined). */
  readonly authorization: readonly string[];
}

/**
 * The answer: the authenticated user, or the refusal to send as it is. `reason` is the reason
 * phrase (safe for the status line); `why` is for people (observations), never sent.
 */
export type SipAuthOutcome =
  | { readonly ok: true; readonly user: string }
  | {
      readonly ok: false;
      readonly status: 401;
      readonly reason: string;
      /** One `WWW-Authenticate` per algorithm, most preferred first. */
      readonly headers: SipHeaderList;
      readonly why: string;
    }
  | { readonly ok: false; readonly status: 400; readonly reason: string; readonly why: string };

/** Authenticates a request (the TR/87 server's `authenticate` option). Never throws on bad input. */
export interface SipAuthenticator {
  authenticate(request: SipAuthRequest): SipAuthOutcome;
}

export interface DigestAuthenticatorOptions {
  readonly realm: string;
  /**
   * Challenged in this order, one WWW-Authenticate each (RFC 8760 section 2.3 and RFC 7616
   * section 3.7: in order of preference, most preferred first); default SHA-256 then MD5.
   */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** The user's password; undefined for a user that does not exist (answered as a wrong password). */
  readonly passwordOf: (user: string) => string | undefined;
  /** Nonce lifetimes read it. */
  readonly clock: Clock;
  /** How long an issued nonce is accepted, ms; default 300000 (5 minutes). */
  readonly nonceLifetimeMs?: number;
  /** Most nonces remembered at once (the oldest is forgotten first); default 4096. */
  readonly maxNonces?: number;
}

export const DEFAULT_DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];
export const DEFAULT_NONCE_LIFETIME_MS = 300_000;
export const DEFAULT_MAX_NONCES = 4096;

interface IssuedNonce {
  /** Clock time it was issued. */
  readonly issued: number;
  /** Highest nonce-count accepted with it (RFC 7616 section 3.4: replay detection); 0 before. */
  lastNc: number;
}

/**
 * Digest authentication against `passwordOf` (RFC 3261 section 22.4, RFC 7616 for SHA-256,
 * RFC 8760 for SHA-256 in SIP). Decisions, each an answer a client sees:
 * - no Authorization for our realm: 401 with one challenge per algorithm (RFC 3261 section 22.1);
 * - a malformed credential (parseAuthorization's 400), or one whose `uri` is not the
 *   Request-URI: 400 with the reason (RFC 2617 section 3.2.2.5: "If they do not match, the server
 *   SHOULD respond with 400 Bad Request");
 * - an algorithm or qop we did not offer: 401 with the challenges;
 * - a nonce we did not issue, or issued longer than `nonceLifetimeMs` ago, or a nonce-count not
 *   above the last one accepted with that nonce (a replay): 401 with `stale=true` (RFC 7616
 *   section 3.3: "The server SHOULD only set stale to TRUE if it receives a request for which the
 *   nonce is invalid"), so the client may retry with a new nonce without asking for the password;
 * - an unknown user and a wrong password: the same 401, fresh challenges without `stale`, the same
 *   reason phrase; nothing tells which users exist.
 * A nonce stays valid for its lifetime and may be used again with a higher nonce-count; a
 * credential without qop (RFC 2069 form, RFC 3261 section 22.4 backwards compatibility) has no
 * count, so nothing detects its replay within the lifetime.
 */
export class DigestAuthenticator implements SipAuthenticator {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  private readonly passwordOf: (user: string) => string | undefined;
  private readonly clock: Clock;
  private readonly lifetime: number;
  private readonly maxNonces: number;
  /** Issued nonces in issue order (Map keeps insertion order), so the oldest is first. */
  private readonly nonces = new Map<string, IssuedNonce>();

  constructor(opts: DigestAuthenticatorOptions) {
    this.realm = opts.realm;
    this.algorithms = [...(opts.algorithms ?? DEFAULT_DIGEST_ALGORITHMS)];
    this.passwordOf = opts.passwordOf;
    this.clock = opts.clock;
    this.lifetime = opts.nonceLifetimeMs ?? DEFAULT_NONCE_LIFETIME_MS;
    this.maxNonces = opts.maxNonces ?? DEFAULT_MAX_NONCES;
    if (this.algorithms.length === 0) throw new RangeError('DigestAuthenticator needs an algorithm');
    if (new Set(this.algorithms).size !== this.algorithms.length)
      throw new RangeError(`an algorithm is listed twice: ${this.algorithms.join(', ')}`);
    if (!(this.lifetime > 0)) throw new RangeError(`nonceLifetimeMs ${this.lifetime} is not positive`);
    if (!(Number.isInteger(this.maxNonces) && this.maxNonces > 0))
      throw new RangeError(`maxNonces ${this.maxNonces} is not a positive integer`);
    // A realm is a quoted-string (RFC 3261 section 25.1); ours is written without escapes.
    if (/["\\\r\n]/.test(this.realm))
      throw new RangeError(`realm ${JSON.stringify(this.realm)} needs escaping`);
  }

  /** Nonces remembered now (issued, not yet pruned). */
  get rememberedNonces(): number {
    return this.nonces.size;
  }

  authenticate(request: SipAuthRequest): SipAuthOutcome {
    let ours: DigestCredentials | undefined;
    for (const value of request.authorization) {
      let credentials: DigestCredentials;
      try {
        credentials = parseAuthorization(value);
      } catch (e) {
        if (!(e instanceof DigestError)) throw e;
        return e.status === 400 ? malformed(e.message) : this.challenge(false, e.message);
      }
      // RFC 3261 section 22.4: credentials for other realms (a proxy's) are not ours to check.
      if (credentials.realm === this.realm && ours === undefined) ours = credentials;
    }
    if (ours === undefined)
      return this.challenge(
        false,
        request.authorization.length === 0 ? 'no Authorization' : `no credentials for realm ${this.realm}`,
      );
    if (ours.uri !== request.requestUri)
      return malformed('uri is not the Request-URI', `uri ${ours.uri} is not ${request.requestUri}`);
    if (!this.algorithms.includes(ours.algorithm))
      return this.challenge(false, `algorithm ${ours.algorithm} is not offered`);
    const issued = this.live(ours.nonce);
    if (issued === undefined) return this.challenge(true, 'unknown or expired nonce');
    const nc = ours.nc === undefined ? undefined : Number.parseInt(ours.nc, 16);
    if (nc !== undefined && nc <= issued.lastNc)
      return this.challenge(true, `nonce-count ${ours.nc} was used before with this nonce`);
    try {
      verifyDigest(
        ours,
        { realm: this.realm, nonce: ours.nonce, algorithm: ours.algorithm },
        request.method,
        (u) => this.passwordOf(u),
      );
    } catch (e) {
      if (!(e instanceof DigestError)) throw e;
      return this.challenge(false, e.message);
    }
    if (nc !== undefined) issued.lastNc = nc;
    return { ok: true, user: ours.username };
  }

  /** The nonce's record while it lives; expired ones are forgotten here. */
  private live(nonce: string): IssuedNonce | undefined {
    this.prune();
    return this.nonces.get(nonce);
  }

  /** Forget expired nonces (oldest first, so the scan stops at the first live one). */
  private prune(): void {
    const now = this.clock.now();
    for (const [nonce, n] of this.nonces) {
      if (now - n.issued <= this.lifetime) break;
      this.nonces.delete(nonce);
    }
  }

  /** 401 with a fresh nonce in one challenge per algorithm, in order of preference. */
  private challenge(stale: boolean, why: string): SipAuthOutcome {
    this.prune();
    while (this.nonces.size >= this.maxNonces) {
      const oldest = this.nonces.keys().next().value;
      if (oldest === undefined) break;
      this.nonces.delete(oldest);
    }
    const nonce = newNonce();
    this.nonces.set(nonce, { issued: this.clock.now(), lastNc: 0 });
    const headers: SipHeaderList = this.algorithms.map((algorithm) => [
      'WWW-Authenticate',
      challengeHeader({ realm: this.realm, nonce, algorithm, ...(stale ? { stale } : {}) }),
    ]);
    return { ok: false, status: 401, reason: 'Unauthorized', headers, why };
  }
}

/** 400 whose reason phrase names the fault (RFC 3261 section 21.4.1), made safe for a status line. */
function malformed(message: string, why = message): SipAuthOutcome {
  return { ok: false, status: 400, reason: reasonPhrase(`Bad Authorization: ${message}`), why };
}

/**
 * RFC 3261 section 25.1: Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII /
 * UTF8-CONT / SP / HTAB). The parser's messages quote the client's text, so any other character
 * (a control character, `"`, `<`, `\`, ...) becomes `?`, and the phrase is cut at 100 characters.
 */
function reasonPhrase(text: string): string {
  return text.replace(/[^A-Za-z0-9\-_.!~*'();/?:@&=+$, ]/g, '?').slice(0, 100);
}
