import type { Endpoint } from '../lab/observation.ts';

/** The parts of a Via header that routing needs (RFC 3261 §20.42, RFC 3581). */
export interface ViaInfo {
  /** `protocol-name/protocol-version`, upper case (`SIP/2.0`). */
  protocol: string;
  /** The transport, upper case (`UDP`, `TCP`, or an extension token). */
  transport: string;
  host: string;
  port: number | undefined;
  branch: string | undefined;
  received: string | undefined;
  rport: number | undefined;
  maddr: string | undefined;
  /**
   * Why this via-parm breaks the grammar of RFC 3261 §25.1 although its sent-protocol and sent-by
   * can still route a response (a 400 can be sent), or undefined when it is well formed.
   */
  problem: string | undefined;
}

// RFC 3261 §25.1 building blocks.
const TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
const SENT_PROTOCOL = new RegExp(`^(${TOKEN})[ \\t]*/[ \\t]*(${TOKEN})[ \\t]*/[ \\t]*(${TOKEN})[ \\t]+`);
const SENT_BY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?:[ \t]*:[ \t]*(\d{1,5}))?[ \t]*/;
const PARAM = new RegExp(
  `^[ \\t]*(${TOKEN})(?:[ \\t]*=[ \\t]*(${TOKEN}|\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]?|"(?:[^"\\\\]|\\\\.)*"))?[ \\t]*$`,
);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** Transports whose responses RFC 3261 §18.2.2 (and RFC 7118 for WebSocket) knows how to route. */
const KNOWN_TRANSPORTS = ['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'];

/**
 * A Via header value's via-parms (RFC 3261 §7.3.1: a comma list), split outside quoted strings;
 * folded lines (§7.3.1 LWS) are unfolded first.
 */
export function splitViaParms(raw: string): string[] {
  const text = raw.replace(/\r?\n[ \t]+/g, ' ');
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * The first via-parm of a Via header value, or undefined when its sent-protocol or sent-by does
 * not parse (RFC 3261 §25.1 `via-parm`): such a Via cannot route a response (§18.2.2).
 */
export function parseVia(raw: string): ViaInfo | undefined {
  return parseViaParm(splitViaParms(raw)[0] ?? '');
}

function parseViaParm(parm: string): ViaInfo | undefined {
  const proto = SENT_PROTOCOL.exec(parm);
  if (!proto) return undefined;
  const rest = parm.slice(proto[0].length);
  const sentBy = SENT_BY.exec(rest);
  const host = sentBy?.[1];
  if (!sentBy || host === undefined || !validHost(host)) return undefined;
  const port = sentBy[2] === undefined ? undefined : Number(sentBy[2]);
  const params = viaParams(rest.slice(sentBy[0].length));
  const info: ViaInfo = {
    protocol: `${proto[1]}/${proto[2]}`.toUpperCase(),
    transport: (proto[3] ?? '').toUpperCase(),
    host,
    port,
    branch: params.values.get('branch') || undefined,
    received: params.values.get('received'),
    rport: positivePort(params.values.get('rport')),
    maddr: params.values.get('maddr'),
    problem: params.problem,
  };
  if (port !== undefined && (port < 1 || port > 65535)) info.problem ??= `port ${port}`;
  if (info.received !== undefined && !validIp(info.received))
    info.problem ??= 'received is not an IP address';
  if (info.maddr !== undefined && !validHost(info.maddr)) info.problem ??= 'bad maddr';
  return info;
}

/** `*( SEMI via-params )` (RFC 3261 §25.1); §7.3.1: no parameter name twice. */
function viaParams(text: string): { values: Map<string, string>; problem: string | undefined } {
  const values = new Map<string, string>();
  if (text.trim() === '') return { values, problem: undefined };
  if (!text.startsWith(';')) return { values, problem: 'junk after sent-by' };
  let problem: string | undefined;
  for (const p of text.slice(1).split(';')) {
    const m = PARAM.exec(p);
    const name = m?.[1]?.toLowerCase();
    if (!m || name === undefined) {
      problem ??= 'empty or malformed parameter';
      continue;
    }
    if (values.has(name)) problem ??= `parameter ${name} twice`;
    values.set(name, m[2] ?? '');
  }
  return { values, problem };
}

/**
 * Every via-parm of every Via value must be well formed (RFC 3261 §25.1); the top one must also
 * name SIP/2.0 (§7.1: the only version we speak) and a transport whose responses §18.2.2 knows
 * how to route. Lower via-parms may name extension transports (RFC 4475 §3.1.1.10).
 */
export function viaProblem(values: readonly string[]): string | undefined {
  let top = true;
  for (const value of values) {
    for (const parm of splitViaParms(value)) {
      const via = parseViaParm(parm);
      if (via === undefined) return 'unparseable via-parm';
      if (via.problem !== undefined) return via.problem;
      if (top && via.protocol !== 'SIP/2.0') return `protocol ${via.protocol}`;
      if (top && !KNOWN_TRANSPORTS.includes(via.transport)) return `transport ${via.transport}`;
      top = false;
    }
  }
  return undefined;
}

/**
 * RFC 3261 §18.2.1: the server writes `received` from the packet's source address when the
 * sent-by host differs from it; a `received` the client wrote itself is overwritten, never
 * trusted (it would let a client bounce our responses to a third party). RFC 3581 §4: an `rport`
 * (with or without a value) gets the source port, and then `received` always. Only the top
 * via-parm is touched; a value whose top via-parm does not parse is returned unchanged.
 */
export function stampVia(raw: string, source: Endpoint): string {
  const parms = splitViaParms(raw);
  const top = parms[0] ?? '';
  const via = parseViaParm(top);
  if (via === undefined) return raw;
  const rport = /;[ \t]*rport[ \t]*(?:=[ \t]*[^;]*)?(?=;|$)/i;
  const received = /;[ \t]*received[ \t]*=[ \t]*[^;]*(?=;|$)/i;
  const wantsRport = rport.test(top);
  let out = wantsRport ? top.replace(rport, `;rport=${source.port}`) : top;
  const differs = unbracket(via.host) !== source.host;
  if (received.test(out)) out = out.replace(received, `;received=${source.host}`);
  else if (wantsRport || differs) out += `;received=${source.host}`;
  return [out, ...parms.slice(1)].join(', ');
}

/**
 * Where a response goes when it cannot use the request's connection (RFC 3261 §18.2.2).
 * Reliable (TCP or TLS, connection gone): the `received` address (else sent-by) at the sent-by port
 * (default 5060); `maddr` and `rport` do not apply. Unreliable (UDP): `maddr` when present, at
 * the sent-by port; else `received` (else sent-by) at `rport` (RFC 3581 §4), else the sent-by
 * port, else 5060.
 */
export function responseDestination(via: ViaInfo, transport: 'udp' | 'tcp' | 'tls' = 'udp'): Endpoint {
  // §18.2.2 / §19.1.2: the sent-by port defaults to 5060, 5061 for TLS.
  const sentByPort = via.port ?? (transport === 'tls' ? 5061 : 5060);
  if (transport !== 'udp') return { host: unbracket(via.received ?? via.host), port: sentByPort };
  if (via.maddr !== undefined) return { host: unbracket(via.maddr), port: sentByPort };
  return { host: unbracket(via.received ?? via.host), port: via.rport ?? sentByPort };
}

function unbracket(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

function positivePort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 && n <= 65535 ? n : undefined;
}

function validIp(text: string): boolean {
  const v4 = IPV4.exec(text);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  return /^\[?[0-9A-Fa-f:.]+\]?$/.test(text) && text.includes(':');
}

/** RFC 3261 §25.1 `host`: hostname, IPv4address or IPv6reference. */
export function validHost(host: string): boolean {
  if (host.startsWith('[')) return /^\[[0-9A-Fa-f:.]+\]$/.test(host) && host.includes(':');
  if (/^[\d.]+$/.test(host)) return validIp(host);
  const labels = host.replace(/\.$/, '').split('.');
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
  return labels.every((l) => label.test(l)) && /^[A-Za-z]/.test(labels.at(-1) ?? '');
}
