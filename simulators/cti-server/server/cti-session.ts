/**
 * One CTI client connection of a CTI Server side: the session state machine of Cisco "CTI Server
 * Message Reference Guide (Protocol Version 15)" chapter 4 "Session Management":
 *
 * - before OPEN only OPEN_REQ is taken; anything else gets FAILURE_CONF E_CTI_SESSION_NOT_OPEN
 *   (FAILURE_EVENT when the message has no readable InvokeID);
 * - OPEN_REQ → OPEN_CONF or FAILURE_CONF ("Session Initialization"); a second one →
 *   E_CTI_SESSION_ALREADY_OPEN; a standby side answers E_CTI_SERVER_NOT_MASTER and closes;
 * - HEARTBEAT_REQ → HEARTBEAT_CONF at once; no message for IdleTimeout seconds → the server
 *   "resets the TCP connection" ("Session Maintenance");
 * - CLOSE_REQ → CLOSE_CONF, then the connection ends ("Session Termination");
 * - a framing error (impossible MessageLength) closes the connection at once, no reply; a message
 *   that does not decode gets FAILURE_CONF with the decoder's Status and its InvokeID.
 *
 * Other requests go to the peripheral (`cti-peripheral.ts`) with the session's identity.
 */
import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../../lab/observation.ts';
import { resetSocket } from '../../lab/socket-reset.ts';
import {
  CallMsgMask,
  type CtiFrame,
  CtiFrameReader,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  decodeMessage,
  encodeMessage,
  MESSAGES_BY_ID,
  NEWEST_VERSION,
  NULL_U16,
  NULL_U32,
  ServiceMask,
  SystemEventID,
} from '../wire.ts';
import type { CtiPeripheral, PeripheralEvent } from './cti-peripheral.ts';
import { sessionReceives } from './event-filter.ts';
import { type ConfiguredClient, checkOpenRequest, type OpenGrant } from './open-request.ts';
import { requestGranted } from './request-services.ts';

const OPEN_REQ = 3;

/** What a session needs from the side that accepted it. */
export interface SessionHost {
  readonly name: string;
  readonly clock: Clock;
  readonly peripheral: CtiPeripheral;
  readonly clients: ReadonlyMap<string, ConfiguredClient>;
  /** True while this side is the active one of its pair (a standby refuses OPEN_REQ). */
  isActive(): boolean;
  /** Time a connection may stay without a successful OPEN_REQ, ms. */
  readonly openTimeoutMs: number;
  readonly observations: ObservationStream | undefined;
  nextMonitorID(): number;
  sessionEnded(session: CtiSession): void;
  /**
   * The messages this session sent of its own right after its OPEN_CONF (its greeting: the
   * ALL_EVENTS SYSTEM_EVENT, the BEGIN_CALL_EVENTs of calls in progress), with the MonitorID its
   * OPEN_CONF carried; called once per open, as they are written, before the client can read them.
   */
  greeted?(monitorID: number, messages: readonly CtiMessage[]): void;
}

export type SessionState = 'connected' | 'open' | 'closed';

export class CtiSession {
  state: SessionState = 'connected';
  /** Codec version: the newest until OPEN_REQ negotiates one. */
  version: number = NEWEST_VERSION;
  grant: OpenGrant | undefined;
  private readonly reader = new CtiFrameReader();
  private readonly connectedAt: number;
  private lastReceived: number;
  private timer: TimerHandle | undefined;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.connectedAt = host.clock.now();
    this.lastReceived = this.connectedAt;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.ended());
    // The connection's ends, fixed now (a closed socket forgets them): captures write its SYN and
    // FIN from these (lab/capture-recorder.ts), so a pcap shows when a client connected and left.
    this.client = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    this.server = { host: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.observeConnection('open');
    this.supervise();
  }

  private readonly client: Endpoint;
  private readonly server: Endpoint;

  /** Ends the connection abruptly (a side's failure, idle timeout): TCP reset, no CLOSE. */
  reset(reason: string): void {
    if (this.socket.destroyed) return;
    this.note('session-reset', { reason });
    // A reset, unless our FIN already left (then a close: socket-reset.ts says why).
    resetSocket(this.socket);
    this.ended();
  }

  /** Sends `event` if this session's masks and client model select it. */
  deliver(event: PeripheralEvent): void {
    if (this.state !== 'open' || this.grant === undefined) return;
    if (sessionReceives(this.grant, event)) this.send(event.message);
  }

  private onData(chunk: Buffer): void {
    this.lastReceived = this.host.clock.now();
    for (const r of this.reader.push(chunk)) {
      if (this.state === 'closed') return;
      if (!r.ok) {
        // Guide chapter 3 "Message Format": nothing is that long; the stream has lost sync.
        this.note('bad-input', { error: r.error.message, action: 'connection closed' });
        this.socket.destroy();
        this.ended();
        return;
      }
      this.onFrame(r.frame);
    }
  }

  private onFrame(frame: CtiFrame): void {
    this.observeWire(frame.raw, 'in');
    if (frame.messageType === OPEN_REQ && !this.host.isActive()) {
      // The standby side of a duplexed CTI Server takes no session: UCCX's standby answers
      // FAILURE_CONF E_CTI_SERVER_NOT_MASTER (reference digest §10); the client tries the other side.
      this.fail(this.readableInvokeID(frame), CtiStatus.E_CTI_SERVER_NOT_MASTER);
      this.socket.destroySoon(); // FIN once written; no wait for the client's FIN
      return;
    }
    if (this.state !== 'open' && frame.messageType !== OPEN_REQ) {
      this.fail(this.readableInvokeID(frame), CtiStatus.E_CTI_SESSION_NOT_OPEN);
      return;
    }
    const decoded = decodeMessage(frame.messageType, frame.body, this.version);
    if (!decoded.ok) {
      this.note('bad-input', { error: decoded.error.message, status: decoded.error.status });
      this.fail(decoded.error.invokeID, decoded.error.status);
      return;
    }
    this.onMessage(decoded.message);
  }

  private onMessage(msg: CtiMessage): void {
    const invokeID = msg.fixed.InvokeID as number | undefined;
    switch (msg.name) {
      case 'OPEN_REQ':
        this.open(msg);
        return;
      case 'HEARTBEAT_REQ':
        this.send(ctiMessage('HEARTBEAT_CONF', { InvokeID: invokeID! }));
        return;
      case 'CLOSE_REQ':
        this.send(ctiMessage('CLOSE_CONF', { InvokeID: invokeID! }));
        this.note('session-closed', { status: msg.fixed.Status });
        this.state = 'closed';
        this.socket.destroySoon(); // FIN once written; no wait for the client's FIN
        this.ended();
        return;
      default:
        if (!msg.name.endsWith('_REQ')) {
          // ⚠ Lab choice: a server-to-client message (an event, a CONF) sent by a client.
          this.fail(invokeID, CtiStatus.E_CTI_INVALID_MESSAGE_TYPE);
          return;
        }
        void this.forward(msg, invokeID!);
    }
  }

  private open(msg: CtiMessage): void {
    const invokeID = msg.fixed.InvokeID as number;
    if (this.state === 'open') {
      this.fail(invokeID, CtiStatus.E_CTI_SESSION_ALREADY_OPEN);
      return;
    }
    const { peripheral } = this.host;
    const checked = checkOpenRequest(msg, peripheral, this.host.clients);
    if (!checked.ok) {
      this.note('open-refused', { status: checked.error, reason: checked.reason });
      this.fail(invokeID, checked.error);
      return;
    }
    const grant = checked.value;
    this.grant = grant;
    this.version = grant.version;
    this.state = 'open';
    this.lastReceived = this.host.clock.now();
    const agent = grant.agent;
    const floating = [];
    const monitorID = this.host.nextMonitorID();
    const greeting: CtiMessage[] = [];
    if (agent?.agentExtension) floating.push({ name: 'AgentExtension', value: agent.agentExtension });
    if (agent) floating.push({ name: 'AgentID', value: agent.agentID });
    if (agent?.agentInstrument) floating.push({ name: 'AgentInstrument', value: agent.agentInstrument });
    this.send(
      ctiMessage(
        'OPEN_CONF',
        {
          InvokeID: invokeID,
          ServicesGranted: grant.servicesGranted,
          // ⚠ Lab choice: each session's own non-zero monitor id.
          MonitorID: monitorID,
          PGStatus: peripheral.pgStatus(),
          ICMCentralControllerTime: Math.floor(this.host.clock.now() / 1000),
          PeripheralOnline: peripheral.online(),
          PeripheralType: peripheral.peripheralType,
          // Guide table 4-3: the agent's state, Client Events only; ⚠ 0xFFFF ("none") otherwise.
          AgentState: agent?.agentState ?? NULL_U16,
          DepartmentID: NULL_U32,
        },
        floating,
      ),
    );
    if ((grant.servicesGranted & ServiceMask.ALL_EVENTS) !== 0) {
      // Guide v17 chapter 4 "Session Initialization": after OPEN_CONF, "SYSTEM_EVENT messages are
      // sent to the ALL_EVENTS client, per peripheral, to indicate the status of each peripheral".
      // ⚠ SystemEventArg1 = the PeripheralID (the guide's SystemEventID table for PERIPHERAL_ON/OFFLINE).
      const online = peripheral.online();
      greeting.push(
        ctiMessage('SYSTEM_EVENT', {
          PGStatus: peripheral.pgStatus(),
          ICMCentralControllerTime: Math.floor(this.host.clock.now() / 1000),
          SystemEventID: online ? SystemEventID.PERIPHERAL_ONLINE : SystemEventID.PERIPHERAL_OFFLINE,
          SystemEventArg1: peripheral.peripheralID,
        }),
      );
    }
    const context = { sessionId: this.id, clientID: grant.clientID, agent, version: this.version };
    // Guide chapter 2 "Message Masks": the CallMsgMask selects the call events a session is sent,
    // the BEGIN_CALL_EVENTs of the calls in progress too.
    for (const m of peripheral.eventsOnOpen?.(context) ?? [])
      if (m.name !== 'BEGIN_CALL_EVENT' || (grant.callMsgMask & CallMsgMask.BEGIN_CALL) !== 0)
        greeting.push(m);
    this.host.greeted?.(monitorID, greeting);
    for (const m of greeting) this.send(m);
    this.note('session-opened', {
      clientID: grant.clientID,
      version: grant.version,
      services: grant.servicesGranted,
      agentID: agent?.agentID,
    });
    this.supervise();
  }

  private async forward(msg: CtiMessage, invokeID: number): Promise<void> {
    const { peripheral } = this.host;
    const grant = this.grant!;
    if (!peripheral.supportedRequests.has(msg.name)) {
      // Guide chapter 6: E_CTI_FUNCTION_NOT_AVAILABLE, "the requested function is not available"
      // (this peripheral type does not implement it).
      this.fail(invokeID, CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
      return;
    }
    if (!requestGranted(msg.name, grant.servicesGranted)) {
      // Guide table 4-1: CLIENT_CONTROL / CALL_DATA_UPDATE grant the Client Control and Call Data
      // Update requests; chapter 6: E_CTI_FUNCTION_NOT_AVAILABLE, "a request message was received
      // for a function or service that was not granted to the client" (request-services.ts).
      this.note('request-refused', { request: msg.name, reason: 'service not granted' });
      this.fail(invokeID, CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE);
      return;
    }
    const pid = msg.fixed.PeripheralID;
    if (typeof pid === 'number' && pid !== peripheral.peripheralID) {
      this.fail(invokeID, CtiStatus.E_CTI_INVALID_PERIPHERAL_ID);
      return;
    }
    if ((grant.servicesGranted & ServiceMask.ALL_EVENTS) === 0 && grant.agent !== undefined) {
      // "CTI Planning", "Agent Workstation Application": a workstation acts for its one teleset.
      // ⚠ Lab choice of Status: E_CTI_INVALID_AGENT_DATA ("the provided agent data item(s) are
      // invalid", guide chapter 6) for a request naming another agent or device.
      const targets = peripheral.requestTargets(msg);
      const agent = grant.agent;
      const foreign =
        targets.agentIDs.some((a) => a !== agent.agentID) ||
        targets.devices.some((d) => !agent.devices.includes(d));
      if (foreign) {
        this.note('request-refused', { request: msg.name, reason: 'another agent or device' });
        this.fail(invokeID, CtiStatus.E_CTI_INVALID_AGENT_DATA);
        return;
      }
    }
    let answer: CtiMessage;
    try {
      answer = await peripheral.handleRequest(msg, {
        sessionId: this.id,
        clientID: grant.clientID,
        agent: grant.agent,
        version: this.version,
      });
    } catch (e) {
      this.note('peripheral-error', { request: msg.name, error: String(e) });
      answer = ctiMessage('FAILURE_CONF', {
        InvokeID: invokeID,
        Status: CtiStatus.E_CTI_UNSPECIFIED_FAILURE,
      });
    }
    if (this.state === 'open') this.send(answer);
  }

  /** The first UINT when the message type begins with an InvokeID (or is unknown). */
  private readableInvokeID(frame: CtiFrame): number | undefined {
    const def = MESSAGES_BY_ID.get(frame.messageType);
    const hasInvoke = def === undefined || def.fixed[0]?.name === 'InvokeID';
    return hasInvoke && frame.body.length >= 4 ? frame.body.readUInt32BE(0) : undefined;
  }

  /** FAILURE_CONF for a request with a readable InvokeID, else FAILURE_EVENT. */
  private fail(invokeID: number | undefined, status: number): void {
    this.send(
      invokeID === undefined
        ? ctiMessage('FAILURE_EVENT', { Status: status })
        : ctiMessage('FAILURE_CONF', { InvokeID: invokeID, Status: status }),
    );
  }

  private send(msg: CtiMessage): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    let bytes: Buffer;
    try {
      bytes = encodeMessage(msg, this.version);
    } catch (e) {
      this.note('encode-error', { message: msg.name, error: String(e) });
      return;
    }
    this.observeWire(bytes, 'out');
    this.socket.write(bytes);
  }

  /**
   * One timer, re-armed for the remaining time: before OPEN the connection must open within
   * `openTimeoutMs` of connecting; after OPEN, any message within IdleTimeout seconds.
   */
  private supervise(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.state === 'closed') return;
    const deadline = this.deadline();
    if (deadline === undefined) return;
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      const d = this.deadline();
      if (d === undefined) return;
      if (this.host.clock.now() >= d) {
        this.reset(this.state === 'open' ? 'idle timeout' : 'no OPEN_REQ in time');
      } else this.supervise();
    }, deadline - this.host.clock.now());
  }

  private deadline(): number | undefined {
    if (this.state === 'connected') return this.connectedAt + this.host.openTimeoutMs;
    const idle = this.grant?.idleTimeoutSeconds;
    return idle === undefined ? undefined : this.lastReceived + idle * 1000;
  }

  private ended(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.state = 'closed';
    if (this.endedOnce) return;
    this.endedOnce = true;
    this.observeConnection('close');
    this.host.sessionEnded(this);
  }

  private endedOnce = false;

  private note(topic: string, detail: Record<string, unknown>): void {
    this.host.observations?.publish({
      kind: 'state',
      time: this.host.clock.now(),
      source: this.host.name,
      topic: `cti-server-${topic}`,
      detail: { session: this.id, ...detail },
    });
  }

  private observeConnection(event: 'open' | 'close'): void {
    this.host.observations?.publish({
      kind: 'connection',
      time: this.host.clock.now(),
      source: this.host.name,
      protocol: 'cti-server',
      connection: `${this.host.name}/${this.id}`,
      event,
      client: this.client,
      server: this.server,
    });
  }

  private observeWire(bytes: Uint8Array, dir: 'in' | 'out'): void {
    const obs = this.host.observations;
    if (obs === undefined) return;
    const local = { host: this.socket.localAddress ?? '', port: this.socket.localPort ?? 0 };
    const remote = { host: this.socket.remoteAddress ?? '', port: this.socket.remotePort ?? 0 };
    obs.publish({
      kind: 'wire',
      time: this.host.clock.now(),
      source: this.host.name,
      protocol: 'cti-server',
      transport: 'tcp',
      connection: `${this.host.name}/${this.id}`,
      src: dir === 'in' ? remote : local,
      dst: dir === 'in' ? local : remote,
      bytes,
    });
  }
}
