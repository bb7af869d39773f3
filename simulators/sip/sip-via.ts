import { Grammar } from 'sip.js/lib/core/index.js';
import type { Endpoint } from '../lab/observation.ts';

/** The parts of a Via header that routing needs (RFC 3261 §20.42, RFC 3581). */
export interface ViaInfo {
  transport: string;
  host: string;
  port: number | undefined;
  branch: string | undefined;
  received: string | undefined;
  rport: number | undefined;
  maddr: string | undefined;
}

export function parseVia(raw: string): ViaInfo | undefined {
  let parsed: unknown;
  try {
    parsed = Grammar.parse(raw, 'Via');
  } catch {
    return undefined;
  }
  if (parsed === -1 || typeof parsed !== 'object' || parsed === null) return undefined;
  const v = parsed as Record<string, unknown>;
  if (typeof v.host !== 'string') return undefined;
  const rport = v.rport === undefined ? undefined : Number(v.rport);
  return {
    transport: String(v.transport ?? '').toUpperCase(),
    host: v.host,
    port: typeof v.port === 'number' ? v.port : undefined,
    branch: typeof v.branch === 'string' ? v.branch : undefined,
    received: typeof v.received === 'string' ? v.received : undefined,
    rport: rport !== undefined && Number.isInteger(rport) && rport > 0 ? rport : undefined,
    maddr: typeof v.maddr === 'string' ? v.maddr : undefined,
  };
}

/**
 * RFC 3261 §18.2.1: the server adds `received` when the sent-by host differs from the packet's
 * source address; RFC 3581 §4: a valueless `rport` gets the source port (and `received` always).
 */
export function stampVia(raw: string, source: Endpoint): string {
  const via = parseVia(raw);
  if (via === undefined) return raw;
  const wantsRport = /;\s*rport\s*(?=;|$)/i.test(raw);
  let out = raw;
  if (wantsRport) out = out.replace(/;\s*rport\s*(?=;|$)/i, `;rport=${source.port}`);
  if (via.received === undefined && (wantsRport || via.host.replace(/^\[|\]$/g, '') !== source.host))
    out += `;received=${source.host}`;
  return out;
}

/**
 * RFC 3261 §18.2.2 (UDP; and TCP when the request's connection is gone): send to `received`
 * (or the sent-by host) at `rport` (RFC 3581 §4), else the sent-by port, else 5060.
 */
export function responseDestination(via: ViaInfo): Endpoint {
  return {
    host: via.maddr ?? via.received ?? via.host.replace(/^\[|\]$/g, ''),
    port: via.rport ?? via.port ?? 5060,
  };
}
