// SIP digest authentication on the server side (RFC 3261 section 22.4, RFC 7616 for SHA-256,
// RFC 8760 for SHA-256 in SIP): the challenge a UAS sends in WWW-Authenticate (401), the parse of
// the client's Authorization header, and its verification. The CUCM CTI gateway authenticates a
// TR/87 session's INVITE this way against the end or application user's password (issue 10).
// Hashes by node:crypto; no home-made cryptography.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

const HASH: Readonly<Record<DigestAlgorithm, string>> = { MD5: 'md5', 'SHA-256': 'sha256' };

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  readonly opaque?: string;
  /**
   * RFC 7616 section 3.3: the previous request was refused only because its nonce was stale (or
   * unknown): the client may retry with a new response without asking for the password again.
   */
  readonly stale?: boolean;
}

/** A fresh nonce: 24 random bytes, base64 (RFC 7616 section 3.3: unpredictable, quoted-string safe). */
export function newNonce(): string {
  return randomBytes(24).toString('base64');
}

/** The WWW-Authenticate value of a challenge, qop "auth", `stale=true` when stale (RFC 7616 section 3.3). */
export function challengeHeader(challenge: DigestChallenge): string {
  const parts = [
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    ...(challenge.opaque === undefined ? [] : [`opaque="${challenge.opaque}"`]),
    ...(challenge.stale === true ? ['stale=true'] : []),
    `algorithm=${challenge.algorithm}`,
    'qop="auth"',
  ];
  return `Digest ${parts.join(', ')}`;
}

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop?: 'auth';
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

/** Why an Authorization header was refused (400: malformed; 401: wrong or stale credentials). */
export class DigestError extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
    this.name = 'DigestError';
  }
}

/**
 * The auth-params of a `Digest k=v, k="quoted", ...` header (RFC 3261 section 25.1 auth-param;
 * quoted-pair escapes), names in lower case. `what` names the header in the refusals. Throws
 * DigestError(400) for anything that is not a well-formed Digest header.
 */
function parseDigestParams(header: string, what: 'Authorization' | 'WWW-Authenticate'): Map<string, string> {
  // Stryker disable next-line Regex: equivalent, one or more spaces: the parameter loop skips leading spaces itself
  const scheme = /^\s*Digest\s+/i.exec(header);
  if (!scheme)
    throw new DigestError(
      400,
      what === 'Authorization'
        ? 'Authorization is not a Digest credential'
        : `${what} is not a Digest challenge`,
    );
  const params = new Map<string, string>();
  let rest = header.slice(scheme[0].length);
  while (rest.length > 0) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*/.exec(rest);
    if (!m) throw new DigestError(400, `malformed ${what} parameter at '${rest.slice(0, 20)}'`);
    const name = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
    let value: string;
    if (rest.startsWith('"')) {
      let i = 1;
      value = '';
      // Stryker disable next-line EqualityOperator: equivalent, reading one past the end appends `undefined` to a value the unterminated-value error below then discards
      for (; i < rest.length && rest[i] !== '"'; i++) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent, a backslash at the end leaves the value unterminated whichever way it is skipped, and the error discards the value
        if (rest[i] === '\\' && i + 1 < rest.length) i++;
        value += rest[i];
      }
      if (i >= rest.length) throw new DigestError(400, `unterminated quoted value of ${name}`);
      rest = rest.slice(i + 1);
    } else {
      const token = /^[^\s,"]+/.exec(rest);
      if (!token) throw new DigestError(400, `empty value of ${name}`);
      value = token[0];
      rest = rest.slice(value.length);
    }
    if (params.has(name)) throw new DigestError(400, `${name} appears twice`);
    params.set(name, value);
    const sep = /^\s*(,|$)/.exec(rest);
    if (!sep) throw new DigestError(400, `expected ',' after ${name}`);
    rest = rest.slice(sep[0].length);
  }
  return params;
}

/**
 * Parses `Digest k=v, k="quoted", ...` (RFC 3261 section 25.1 auth-param; quoted-pair escapes).
 * Throws DigestError(400) for anything that is not a well-formed digest credential.
 */
export function parseAuthorization(header: string): DigestCredentials {
  const params = parseDigestParams(header, 'Authorization');
  const need = (name: string): string => {
    const v = params.get(name);
    if (v === undefined || v === '') throw new DigestError(400, `Authorization lacks ${name}`);
    return v;
  };
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256')
    throw new DigestError(401, `algorithm ${algorithm} is not offered (MD5, SHA-256)`);
  const qop = params.get('qop');
  if (qop !== undefined && qop !== 'auth') throw new DigestError(401, `qop ${qop} is not offered (auth)`);
  const credentials: DigestCredentials = {
    username: need('username'),
    realm: need('realm'),
    nonce: need('nonce'),
    uri: need('uri'),
    response: need('response'),
    algorithm,
    ...(qop === undefined ? {} : { qop, nc: need('nc'), cnonce: need('cnonce') }),
    ...(params.has('opaque') ? { opaque: params.get('opaque')! } : {}),
  };
  if (credentials.nc !== undefined && !/^[0-9a-fA-F]{8}$/.test(credentials.nc))
    throw new DigestError(400, 'nc is not 8 hex digits');
  return credentials;
}

function hash(algorithm: DigestAlgorithm, text: string): string {
  // Stryker disable next-line StringLiteral: equivalent, update() reads a string as UTF-8 by default
  return createHash(HASH[algorithm]).update(text, 'utf8').digest('hex');
}

/** The request-digest (RFC 7616 section 3.4.1; RFC 2617 form without qop for old clients). */
export function digestResponse(
  c: Omit<DigestCredentials, 'response'> & { readonly password: string; readonly method: string },
): string {
  const ha1 = hash(c.algorithm, `${c.username}:${c.realm}:${c.password}`);
  const ha2 = hash(c.algorithm, `${c.method}:${c.uri}`);
  return c.qop === 'auth'
    ? hash(c.algorithm, `${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:auth:${ha2}`)
    : hash(c.algorithm, `${ha1}:${c.nonce}:${ha2}`);
}

/**
 * Checks credentials against the challenge this server issued and the user's password.
 * Throws DigestError(401) naming why: another realm or nonce, an unknown user, a wrong response.
 */
export function verifyDigest(
  credentials: DigestCredentials,
  challenge: DigestChallenge,
  method: string,
  passwordOf: (username: string) => string | undefined,
): void {
  if (credentials.realm !== challenge.realm)
    throw new DigestError(401, `realm ${credentials.realm} is not ${challenge.realm}`);
  if (credentials.nonce !== challenge.nonce)
    throw new DigestError(401, 'the nonce is not the one this server issued');
  if (credentials.algorithm !== challenge.algorithm)
    throw new DigestError(
      401,
      `algorithm ${credentials.algorithm} was not the one challenged (${challenge.algorithm})`,
    );
  const password = passwordOf(credentials.username);
  // The same answer for an unknown user and a wrong password: nothing tells which users exist.
  const expected = digestResponse({
    ...credentials,
    password: password ?? randomBytes(16).toString('hex'),
    method,
  });
  // Stryker disable next-line StringLiteral: equivalent, Buffer.from reads a string as UTF-8 by default
  const given = Buffer.from(credentials.response.toLowerCase(), 'utf8');
  // Stryker disable next-line StringLiteral: equivalent, Buffer.from reads a string as UTF-8 by default
  const wanted = Buffer.from(expected, 'utf8');
  // Stryker disable next-line ConditionalExpression: equivalent, an unknown user is checked against 16 random bytes, which no response matches
  if (password === undefined || given.length !== wanted.length || !timingSafeEqual(given, wanted))
    throw new DigestError(401, 'wrong user name or password');
}

// ---- The client side (RFC 3261 section 22.2, RFC 7616 section 3.4, RFC 8760 section 2) ----

/** A challenge as a server offered it in WWW-Authenticate (RFC 7616 section 3.3). */
export interface DigestOffer {
  readonly realm: string;
  readonly nonce: string;
  /** Upper case, as offered; MD5 when the challenge names none (RFC 7616 section 3.3). */
  readonly algorithm: string;
  /** The qop values offered, lower case; empty for an RFC 2069 challenge without qop. */
  readonly qop: readonly string[];
  readonly opaque?: string;
  /** RFC 7616 section 3.3: `stale=TRUE` (case-insensitive), anything else is false. */
  readonly stale: boolean;
}

/**
 * Parses a WWW-Authenticate value (RFC 7616 section 3.3). Throws DigestError(400) for anything
 * that is not a well-formed Digest challenge with a realm and a nonce.
 */
export function parseChallenge(header: string): DigestOffer {
  const params = parseDigestParams(header, 'WWW-Authenticate');
  const need = (name: string): string => {
    const v = params.get(name);
    if (v === undefined) throw new DigestError(400, `WWW-Authenticate lacks ${name}`);
    return v;
  };
  const qop = params.get('qop');
  return {
    realm: need('realm'),
    nonce: need('nonce'),
    algorithm: (params.get('algorithm') ?? 'MD5').toUpperCase(),
    qop: qop === undefined ? [] : qop.split(',').map((q) => q.trim().toLowerCase()),
    ...(params.has('opaque') ? { opaque: params.get('opaque')! } : {}),
    stale: params.get('stale')?.toLowerCase() === 'true',
  };
}

/** What the client supports, strongest first: SHA-256, then MD5 (RFC 8760 section 2.1). */
export const CLIENT_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

/**
 * The challenge to answer among the WWW-Authenticate values of a 401: the strongest algorithm
 * offered that we support (SHA-256 before MD5), with qop auth or no qop at all (an RFC 2069
 * server); values that do not parse are skipped. Undefined when none fits. RFC 8760 section 2.4
 * has the UAC take the topmost challenge it supports "unless a local policy of choosing the
 * algorithm based on some other criteria is specified": ours is the strongest, which is the
 * topmost whenever the server lists its challenges in order of preference as it should.
 */
export function chooseChallenge(
  headers: readonly string[],
): (DigestOffer & { readonly algorithm: DigestAlgorithm }) | undefined {
  // Stryker disable next-line ArrayDeclaration: equivalent, a string element has no algorithm and is never chosen
  const offers: DigestOffer[] = [];
  for (const h of headers) {
    try {
      offers.push(parseChallenge(h));
      // Emptying the catch block is equivalent too (parseChallenge throws nothing but DigestError); a
      // disable comment cannot reach a catch clause, so that one mutant stays a survivor.
    } catch (e) {
      // Stryker disable next-line ConditionalExpression: equivalent, parseChallenge throws nothing but DigestError
      if (!(e instanceof DigestError)) throw e;
    }
  }
  for (const algorithm of CLIENT_ALGORITHMS) {
    const offer = offers.find(
      (o) => o.algorithm === algorithm && (o.qop.length === 0 || o.qop.includes('auth')),
    );
    if (offer !== undefined) return { ...offer, algorithm };
  }
  return undefined;
}

/**
 * The WWW-Authenticate values of a response, read from its bytes: a 401 may carry one per
 * algorithm (RFC 8760 section 2.3), and sip.js's parser keeps only the last of them. Folded lines
 * (RFC 3261 section 7.3.1) are joined; names compare case-insensitively.
 */
export function challengeValues(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const values: string[] = [];
  for (const line of head.split(/\r?\n/).slice(1)) {
    // Stryker disable next-line Regex: equivalent, `.` stops at no character of a line split at line ends, so `$` adds nothing
    const m = /^WWW-Authenticate[ \t]*:(.*)$/i.exec(line);
    if (m) values.push(m[1]!.trim());
  }
  return values;
}

/** A fresh client nonce (RFC 7616 section 3.4: cnonce), 16 random bytes in hex. */
export function newCnonce(): string {
  return randomBytes(16).toString('hex');
}

/** A quoted-string (RFC 3261 section 25.1): `"` and `\` escaped as quoted-pairs. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The Authorization value answering `offer` (RFC 7616 section 3.4): qop=auth with `nc` (default
 * 00000001) and `cnonce` when the offer has qop, the RFC 2069 form otherwise; `opaque` echoed.
 */
export function authorizationHeader(
  offer: DigestOffer & { readonly algorithm: DigestAlgorithm },
  request: {
    readonly username: string;
    readonly password: string;
    readonly method: string;
    readonly uri: string;
    readonly cnonce?: string;
    readonly nc?: string;
  },
): string {
  const withQop = offer.qop.length > 0;
  const nc = request.nc ?? '00000001';
  const cnonce = request.cnonce ?? newCnonce();
  const response = digestResponse({
    username: request.username,
    realm: offer.realm,
    nonce: offer.nonce,
    uri: request.uri,
    algorithm: offer.algorithm,
    password: request.password,
    method: request.method,
    ...(withQop ? { qop: 'auth' as const, nc, cnonce } : {}),
  });
  const parts = [
    `username=${quoted(request.username)}`,
    `realm=${quoted(offer.realm)}`,
    `nonce=${quoted(offer.nonce)}`,
    `uri=${quoted(request.uri)}`,
    `response=${quoted(response)}`,
    `algorithm=${offer.algorithm}`,
    ...(withQop ? ['qop=auth', `nc=${nc}`, `cnonce=${quoted(cnonce)}`] : []),
    ...(offer.opaque === undefined ? [] : [`opaque=${quoted(offer.opaque)}`]),
  ];
  return `Digest ${parts.join(', ')}`;
}
