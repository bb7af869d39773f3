import type { SipMessage, SipRequest, SipResponse } from '../sip/sip-message.ts';
import { parseSipMessage } from '../sip/sip-parser.ts';
import { RawSipPeer, rawRequest } from './raw-sip-peer.ts';

/**
 * The far end of a SIP dialog over UDP, built on {@link RawSipPeer}: sends hand-built requests
 * and answers, and reads what the endpoint under test put on the wire, parsed. Lets dialog tests
 * (RFC 3261 §12-15) check Request-URI, CSeq and headers of every message exactly.
 */
export class RawSipDialogPeer {
  private seq = 0;

  private constructor(readonly raw: RawSipPeer) {}

  static async udpTo(target: { host: string; port: number }): Promise<RawSipDialogPeer> {
    return new RawSipDialogPeer(await RawSipPeer.udpTo(target));
  }

  /** The peer's own address as a Contact URI (the remote target of its dialogs). */
  get contactUri(): string {
    return `sip:peer@127.0.0.1:${this.raw.local.port}`;
  }

  /** Every message received so far, parsed (one UDP datagram is one message). */
  get messages(): SipMessage[] {
    return this.raw.received.flatMap((b) => {
      const m = parseSipMessage(b);
      return m instanceof Error ? [] : [m];
    });
  }

  requests(method: string): SipRequest[] {
    return this.messages.filter((m): m is SipRequest => m.kind === 'request' && m.method === method);
  }

  responses(cseqMethod: string): SipResponse[] {
    return this.messages.filter(
      (m): m is SipResponse => m.kind === 'response' && m.cseqMethod === cseqMethod,
    );
  }

  /** Wait (bounded, 2 s) for the `n`th request of `method` (1-based) and return it. */
  async request(method: string, n = 1): Promise<SipRequest> {
    await this.raw.until(() => this.requests(method).length >= n);
    return this.requests(method)[n - 1] as SipRequest;
  }

  /** Wait (bounded, 2 s) for a final response to `cseqMethod` with CSeq `cseq`. */
  async finalResponse(cseqMethod: string, cseq: number): Promise<SipResponse> {
    const find = () => this.responses(cseqMethod).find((r) => r.cseq === cseq && r.status >= 200);
    await this.raw.until(() => find() !== undefined);
    return find() as SipResponse;
  }

  /** Send a request; `headers` override rawRequest's (value undefined drops one). */
  send(method: string, uri: string, headers: Record<string, string | undefined>, body = ''): void {
    this.seq++;
    const via = `SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKpeer${this.seq}x${Math.random().toString(36).slice(2)};rport`;
    this.raw.send(rawRequest(method, uri, { Contact: `<${this.contactUri}>`, ...headers }, body, via));
  }

  /** Answer a request the endpoint sent; `toTag` is added to To when it has none. */
  reply(req: SipRequest, status: number, extra: Record<string, string> = {}, toTag = 'peertag'): void {
    const to = req.toTag === undefined ? `${req.header('to')};tag=${toTag}` : (req.header('to') ?? '');
    let text = `SIP/2.0 ${status} Peer\r\n`;
    for (const via of req.headers('via')) text += `Via: ${via}\r\n`;
    text += `From: ${req.header('from')}\r\nTo: ${to}\r\nCall-ID: ${req.callId}\r\n`;
    text += `CSeq: ${req.cseq} ${req.cseqMethod}\r\n`;
    for (const [k, v] of Object.entries(extra)) text += `${k}: ${v}\r\n`;
    this.raw.send(`${text}Content-Length: 0\r\n\r\n`);
  }

  close(): void {
    this.raw.close();
  }
}

/**
 * `promise`, or a rejection naming `what` once `ms` of wall time passed: a test waiting on the
 * endpoint fails by its own deadline, not by the runner's (the endpoint's own timers may run on
 * a ManualClock that nobody advances).
 */
export function within<T>(promise: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
