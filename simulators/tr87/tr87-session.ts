import { decodeCsta } from '../csta/csta-decode.ts';
import { CstaDecodeError } from '../csta/csta-decode-error.ts';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaNamespace } from '../csta/csta-namespaces.ts';
import { CSTA_REQUESTS } from '../csta/csta-schema.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import { latencyProbe } from '../lab/latency-probe.ts';
import type { Endpoint } from '../lab/observation.ts';
import { type Refused, type Result, refused } from '../lab/result.ts';
import type {
  DialogEndReason,
  IncomingDialogRequest,
  SipDialog,
  SipTransportName,
} from '../sip/sip-dialog.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import type { CtiBackend, CtiClientKind } from './cti-backend.ts';
import type { SessionTimer } from './session-timer.ts';

/** Why a TR/87 session ended (passed to `CtiBackend.closeSession`). */
export type Tr87EndReason =
  | 'bye' // the client sent BYE (RFC 3261 §15)
  | 'expired' // no refresh before Session-Expires (RFC 4028 §10, CME CSTA guide)
  | 'backend-closed' // the CTI service closed it (`clear cti session id N`, CTI stopped)
  | 'event-rejected' // an event INFO got 481/408 or timed out (RFC 3261 §12.2.1.2)
  | 'no-ack' // the 2xx to the INVITE was never ACKed (RFC 3261 §13.3.1.4)
  | 'registration-ended' // the session manager's registration expired or was removed
  | 'dialog-ended' // the dialog ended otherwise (transport failure, endpoint closed)
  | 'connection-lost' // its TCP connection closed and the client did not come back (tr87-server.ts)
  | 'server-closed';

export interface Tr87SessionInit<S> {
  readonly user: string;
  readonly line: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  readonly namespace: CstaNamespace;
  readonly transport: SipTransportName;
  readonly remote: Endpoint;
  readonly created: number;
  readonly dialog: SipDialog;
  readonly backend: CtiBackend<S>;
  readonly backendSession: S;
  readonly timer: SessionTimer;
  readonly sessionExpires: number;
  /** Called once when the session has ended (remove it from the server's tables). */
  readonly onEnded: (session: Tr87Session<S>, reason: Tr87EndReason) => void;
  /** Called for each request in INFO answered with a CSTAErrorCode (observed and logged). */
  readonly onRefused?: (request: string, refusal: Refused<CSTAErrorCode>) => void;
}

/**
 * The outcome of one CSTA request in INFO, as answered on the wire: the response, or the refusal
 * whose CSTAErrorCode is sent (the backend's own Result, or the transport's decode failure).
 */
export type Tr87Answer = Result<CstaResponse, CSTAErrorCode>;

/**
 * One TR/87 session on the server: a confirmed SIP dialog (CME CSTA guide "CTI Session") serving one
 * backend session, its session timer and its ordered event stream. The backend owns the session's
 * id, row and monitors (`show cti session`); this object only carries it over SIP.
 */
export class Tr87Session<S> {
  readonly user: string;
  readonly line: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  readonly namespace: CstaNamespace;
  readonly transport: SipTransportName;
  readonly remote: Endpoint;
  readonly created: number;
  readonly dialog: SipDialog;
  readonly backendSession: S;
  sessionExpires: number;
  state: 'active' | 'ended' = 'active';
  endReason: Tr87EndReason | undefined;
  /** Events sent / refused by the client / not encodable. */
  readonly eventStats = { sent: 0, failed: 0, unencodable: 0 };

  private readonly backend: CtiBackend<S>;
  private readonly timer: SessionTimer;
  private readonly onEnded: Tr87SessionInit<S>['onEnded'];
  private readonly onRefused: Tr87SessionInit<S>['onRefused'];
  private readonly queue: string[] = [];
  private sending = false;

  constructor(init: Tr87SessionInit<S>) {
    this.user = init.user;
    this.line = init.line;
    this.client = init.client;
    this.registerId = init.registerId;
    this.namespace = init.namespace;
    this.transport = init.transport;
    this.remote = init.remote;
    this.created = init.created;
    this.dialog = init.dialog;
    this.backend = init.backend;
    this.backendSession = init.backendSession;
    this.timer = init.timer;
    this.sessionExpires = init.sessionExpires;
    this.onEnded = init.onEnded;
    this.onRefused = init.onRefused;
  }

  get expiresAt(): number {
    return this.timer.expiresAt;
  }

  /**
   * A request in INFO (CME CSTA guide: "requests in INFO answered by 200 OK carrying the response").
   * The 200 carries the response or the CSTAErrorCode, in the request's namespace; a body that
   * cannot be decoded is answered with the CstaDecodeError's errorCode (in the request's namespace
   * when it was an ECMA-323 one, else the session's).
   */
  onInfo(r: IncomingDialogRequest): void {
    let namespace = this.namespace;
    let answer: Tr87Answer;
    let request = 'an undecodable request';
    try {
      const decoded = decodeCsta(r.request.body);
      latencyProbe?.mark('decoded');
      namespace = decoded.namespace;
      request = (decoded.message as { type: string }).type;
      answer = this.serve(decoded.message as { type: string });
      latencyProbe?.mark('served');
    } catch (e) {
      if (!(e instanceof CstaDecodeError)) throw e; // the endpoint answers 500
      namespace = e.namespace ?? this.namespace;
      answer = refused(e.errorCode, e.message);
    }
    if (!answer.ok) this.onRefused?.(request, answer);
    const body = this.encodeAnswer(answer, namespace);
    latencyProbe?.mark('encoded');
    r.respond(200, { body, contentType: CSTA_CONTENT_TYPE });
  }

  /** Pass one decoded message to the backend (which keeps the monitors it starts and stops). */
  serve(message: { type: string }): Tr87Answer {
    // Only requests are services; a response, event or error sent to the server is not one.
    if (!Object.hasOwn(CSTA_REQUESTS, message.type))
      return refused({ operation: 'serviceNotSupported' }, `${message.type} is not a CSTA request`);
    return this.backend.handle(this.backendSession, message as CstaRequest);
  }

  encodeAnswer(answer: Tr87Answer, namespace: CstaNamespace): string {
    return answer.ok ? encodeCsta(answer.value, { namespace }) : encodeCstaError(answer.error, { namespace });
  }

  /** Restart the session timer (INVITE, refresh re-INVITE; RFC 4028 §10). */
  refresh(seconds: number): void {
    this.sessionExpires = seconds;
    this.timer.start(seconds);
  }

  /** The id the backend gave the session (`show cti session`, observations). */
  get id(): number {
    return this.backend.sessionId(this.backendSession);
  }

  /**
   * Queue an event for the client. Events go out one INFO at a time, in order (the next after the
   * previous one's final response), so a monitor sees Delivered before Established on UDP too.
   * CME CSTA guide: events travel in INFO; a 481 or 408 (or no answer) ends the session
   * (RFC 3261 §12.2.1.2).
   */
  sendEvent(event: CstaEvent): void {
    if (this.state !== 'active') return;
    let body: string;
    try {
      body = encodeCsta(event, { namespace: this.namespace });
    } catch {
      this.eventStats.unencodable++;
      return;
    }
    this.queue.push(body);
    if (!this.sending) this.pumping = this.pump();
  }

  /**
   * Resolves once the events queued so far have been sent (or refused). A session the backend
   * closes itself (a CTIManager failing after telling its applications their devices are out of
   * service) is ended after its last events went out, so the client hears them before the BYE.
   */
  get sendingEvents(): boolean {
    return this.sending;
  }

  drained(): Promise<void> {
    return this.sending && this.pumping ? this.pumping : Promise.resolve();
  }

  private pumping: Promise<void> | undefined;

  private async pump(): Promise<void> {
    this.sending = true;
    try {
      // end() empties the queue: nothing more goes out once the session has ended.
      for (let body = this.queue.shift(); body !== undefined; body = this.queue.shift()) {
        let status: number;
        try {
          status = (await this.dialog.sendInfo(body, { contentType: CSTA_CONTENT_TYPE })).status;
        } catch {
          status = 408; // Timer F or transport failure: as a 408 (RFC 3261 §8.1.3.1)
        }
        if (status >= 200 && status < 300) this.eventStats.sent++;
        else this.eventStats.failed++;
        if (status === 481 || status === 408) {
          this.end('event-rejected', false);
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** The SIP dialog ended under us: map the dialog's reason to the session's and close it. */
  dialogEnded(reason: DialogEndReason): void {
    this.close(
      reason === 'bye-received'
        ? 'bye'
        : reason === 'bye-sent' // only the endpoint's own BYE, for a 2xx never ACKed
          ? 'no-ack'
          : this.sending // a 481/408 to our event INFO ended the dialog (RFC 3261 §12.2.1.2)
            ? 'event-rejected'
            : 'dialog-ended',
    );
  }

  /**
   * End the session once (`close`), then BYE the client (`bye`) or end the dialog silently; a
   * dialog that has already ended is left alone.
   */
  end(reason: Tr87EndReason, bye: boolean): Promise<void> {
    this.close(reason);
    // Once the session has ended its dialog has too (here or in dialogEnded): nothing to send.
    if (this.dialog.state !== 'confirmed') return Promise.resolve();
    if (!bye) {
      this.dialog.terminate();
      return Promise.resolve();
    }
    return this.dialog.bye().then(
      () => {},
      () => {},
    );
  }

  /**
   * Mark the session ended (once): stop its timer, drop queued events, tell the backend (which
   * deletes its monitors; a session the backend closed itself is already closed there) and the
   * server.
   */
  private close(reason: Tr87EndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.timer.cancel();
    this.queue.length = 0;
    try {
      this.backend.closeSession(this.backendSession, reason);
    } catch {
      // The backend's failure must not keep a dead dialog around.
    }
    this.onEnded(this, reason);
  }
}
