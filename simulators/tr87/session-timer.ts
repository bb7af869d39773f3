import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';

/** RFC 4028 §4: Min-SE "MUST NOT be less than 90 seconds". */
export const RFC4028_MIN_SE = 90;
/** CME CSTA guide "CTI Session": "the CSTA client application sets a timer (default: 30 minutes)". */
export const DEFAULT_SESSION_EXPIRES = 1800;

/** A parsed `Session-Expires: <delta-seconds>[;refresher=uac|uas]` (RFC 4028 §4). */
export interface SessionExpiresHeader {
  readonly seconds: number;
  readonly refresher: 'uac' | 'uas' | undefined;
}

const DELTA = /^\d{1,10}$/;

/** A header value split at `;` and trimmed: the value (split always yields it), then its parameters. */
function valueAndParams(raw: string): [string, ...string[]] {
  return raw.split(';').map((p) => p.trim()) as [string, ...string[]];
}

/** Session-Expires (or its compact form `x`), `undefined` when absent, an Error when malformed. */
export function sessionExpiresOf(msg: SipRequest | SipResponse): SessionExpiresHeader | undefined | Error {
  const raw = msg.header('session-expires') ?? msg.header('x');
  if (raw === undefined) return undefined;
  const [value, ...params] = valueAndParams(raw);
  if (!DELTA.test(value)) return new Error(`bad Session-Expires "${raw}"`);
  let refresher: 'uac' | 'uas' | undefined;
  for (const p of params) {
    const [name, v = ''] = p.split('=').map((x) => x.trim().toLowerCase());
    if (name !== 'refresher') continue;
    if (v !== 'uac' && v !== 'uas') return new Error(`bad refresher "${v}"`);
    refresher = v;
  }
  return { seconds: Number(value), refresher };
}

/** Min-SE (RFC 4028 §5), `undefined` when absent, an Error when malformed. */
export function minSeOf(msg: SipRequest | SipResponse): number | undefined | Error {
  const raw = msg.header('min-se');
  if (raw === undefined) return undefined;
  const [value] = valueAndParams(raw);
  return DELTA.test(value) ? Number(value) : new Error(`bad Min-SE "${raw}"`);
}

/** True when the message lists `timer` in Supported or Require (RFC 4028 §7.1). */
export function supportsTimer(msg: SipRequest | SipResponse): boolean {
  return [...msg.headers('supported'), ...msg.headers('k'), ...msg.headers('require')]
    .flatMap((h) => h.split(','))
    .some((t) => t.trim().toLowerCase() === 'timer');
}

/**
 * One session's expiry on the injected clock: `start(seconds)` (re)arms it, `expiresAt` is the
 * clock time it fires, `cancel()` stops it.
 */
export class SessionTimer {
  private handle: TimerHandle | undefined;
  private due = 0;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: () => void,
  ) {}

  start(seconds: number): void {
    this.handle?.cancel();
    this.due = this.clock.now() + seconds * 1000;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.onExpire();
    }, seconds * 1000);
  }

  cancel(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }

  get expiresAt(): number {
    return this.due;
  }
}
