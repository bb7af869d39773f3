// The simulated CUCM cluster as a unit (issue 10): the CallManager nodes (one SCCP listener each,
// all on one call model, as a cluster's nodes share call state), a CTIManager per node that runs
// the service, and the IM and Presence CTI gateways (TR/87 over SIP, digest-authenticated) whose
// sessions are application connections on those CTIManagers. What `ctilab serve cucm` runs and what
// the features start. Failover: `stopNode` / `startNode` take a server out of and back into
// service (its phones and CTI devices re-home down their CM group; its applications reconnect).

import { CallPark } from '../calls/call-park.ts';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import type { Clock } from '../lab/clock.ts';
import { systemClock } from '../lab/clock.ts';
import type { LabCertificateAuthority } from '../lab/lab-ca.ts';
import { ObservationStream, partPublisher } from '../lab/observation.ts';
import type { DigestAlgorithm } from '../sip/sip-digest.ts';
import { DigestAuthenticator } from '../sip/sip-digest-authenticator.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { StationCallControl } from '../station/call-control.ts';
import { StationServer } from '../station/station-server.ts';
import { logTr87Refusals } from '../tr87/refusal-log.ts';
import { Tr87Server } from '../tr87/tr87-server.ts';
import { CallRecorder, type Recording } from './call-recorder.ts';
import { ClusterDirectory, type CucmDevice } from './cluster-directory.ts';
import type { CtiGatewaySpec, CucmClusterSpec, CucmForwardSpec, CucmServerSpec } from './cluster-spec.ts';
import { clusterStationConfig } from './cluster-station-config.ts';
import { type CtiAlarm, CtiManager } from './cti-manager.ts';
import { CucmCti } from './cucm-cti.ts';
import { type MediaEndpoint, MediaTermination } from './media-termination.ts';
import { SrtpCallKeys } from './srtp-keys.ts';
import { forwardUnopenedToCfna, stopForwardingUnopened } from './unopened-cti-device.ts';

export interface CucmClusterOptions {
  readonly cluster: CucmClusterSpec;
  readonly servers: readonly CucmServerSpec[];
  readonly gateways: readonly CtiGatewaySpec[];
  /** Address every listener binds (default 127.0.0.1). */
  readonly host?: string;
  /** Override ports: node or gateway name -> port (0 = ephemeral); default the spec's, else 0. */
  readonly ports?: Readonly<Record<string, number>>;
  readonly clock?: Clock;
  readonly observations?: ObservationStream;
  readonly log?: (line: string) => void;
  /**
   * The digest algorithms the CTI gateways challenge with, most preferred first (default the
   * authenticator's: SHA-256, MD5). MD5 only serves clients that read only the first challenge
   * and know only MD5, such as SIPp 3.6 (conformance/sipp/cucm-app-failure.xml).
   */
  readonly digestAlgorithms?: readonly DigestAlgorithm[];
  /** Client-validation labs: every CTI gateway grants this Session-Expires (Tr87ServerOptions). */
  readonly grantedSessionExpires?: number;
}

export interface CucmGateway {
  readonly name: string;
  readonly cti: CucmCti;
  sip: SipEndpoint | undefined;
  tr87: Tr87Server<CtiSession> | undefined;
}

export interface CucmEndpoints {
  readonly nodes: Record<
    string,
    { sccp?: { host: string; port: number }; ctiManager: boolean; up: boolean; role: string }
  >;
  readonly gateways: Record<
    string,
    {
      sip: { host: string; port: number; transport: string[] };
      /** SIP over TLS (secure clusters only): the port "Standard CTI Secure Connection" users need. */
      sipTls?: { host: string; port: number; transport: string[] };
    }
  >;
}

/** RFC 4028 §4: Min-SE is never below 90 s. */
const RFC4028_MIN_SE = 90;

export class CucmCluster {
  readonly name: string;
  readonly directory: ClusterDirectory;
  readonly station: StationServer;
  readonly calls: StationCallControl;
  /** The cluster's Call Park numbers and parked calls (Feature Configuration Guide, "Call Park"). */
  readonly callPark: CallPark;
  readonly observations: ObservationStream;
  readonly clock: Clock;
  readonly managers = new Map<string, CtiManager>();
  readonly gateways = new Map<string, CucmGateway>();
  /** Key material of the SRTP calls now (CUCM-ACG-012): calls between two encrypted phones. */
  readonly srtp: SrtpCallKeys;
  /** The calls CTI applications recorded (CUCM-ACG-010), shared by every gateway. */
  readonly recorder: CallRecorder;
  /** Device limit alarms raised since the start (CUCM-LIMIT-006), oldest first. */
  readonly alarms: CtiAlarm[] = [];
  /** Media termination at route points and CTI ports (CUCM-APP-002/003, CFG-005). */
  readonly media: MediaTermination;
  /** A secure cluster's lab CA certificate (PEM) once started: what TLS clients trust. */
  labCa: string | undefined;
  private caMaking: Promise<LabCertificateAuthority> | undefined;
  private readonly opts: CucmClusterOptions;
  /** Servers whose CallManager / CTIManager service is stopped. */
  private readonly cmDown = new Set<string>();
  private readonly ctiDown = new Set<string>();
  /** Where each CTI device is registered now (node name), for re-homing (CUCM-RED-001). */
  private readonly ctiHome = new Map<string, string | undefined>();
  private running = false;
  /** Gateways stopped by `stopGateway`: the SIP port each listened on (`startGateway` reuses it). */
  private readonly failedGatewayPorts = new Map<string, number>();
  /** Session ids are cluster-wide: they key the providers of the CTIManagers. */
  private nextSessionId = 1;

  constructor(opts: CucmClusterOptions) {
    this.opts = opts;
    this.name = opts.cluster.name;
    this.clock = opts.clock ?? systemClock;
    this.observations = opts.observations ?? new ObservationStream();
    this.directory = new ClusterDirectory(opts.cluster);
    const callManagers = new Set(
      opts.servers.filter((s) => s.services.includes('callmanager')).map((s) => s.name),
    );
    this.station = new StationServer({
      config: clusterStationConfig(this.directory),
      host: opts.host ?? '127.0.0.1',
      clock: this.clock,
      observations: this.observations,
      name: this.name,
      log: opts.log,
      mainListener: false,
      // CUCM CTI guide "Associate Devices with Groups" / CUCM-CFG-006: a phone registers only with a
      // node of its device pool's CM group.
      admitRegistration: (deviceName, node) => {
        const device = this.directory.device(deviceName);
        if (device === undefined) return 'Unknown device';
        if (!callManagers.has(node) || !device.cmGroup.includes(node)) return `Not in CM group`;
        return undefined;
      },
    });
    this.calls = new StationCallControl(this.station);
    // Issue 12 item 6: each request or session INVITE a CTI gateway refuses is one readable log line.
    const gatewayNames = new Set(opts.gateways.map((g) => g.name));
    if (opts.log) logTr87Refusals(this.observations, (source) => gatewayNames.has(source), opts.log);
    this.callPark = new CallPark(this.calls.model, {
      numbers: opts.cluster.callPark ?? [],
      reversionMs: (opts.cluster.serviceParameters.callParkReversionTimerS ?? 60) * 1000,
      clock: this.clock,
    });
    this.calls.callPark = this.callPark;
    const directory = this.directory;
    this.srtp = new SrtpCallKeys((dn) => {
      const devices = directory.devicesOf(dn);
      return devices.length > 0 && devices.every((d) => d.security === 'encrypted');
    });
    this.calls.model.on((event) => this.srtp.onEvent(event));
    this.recorder = new CallRecorder(this.clock, this.calls.model);
    this.media = this.mediaTermination();
    const params = () => opts.cluster.serviceParameters;
    for (const server of opts.servers)
      if (server.services.includes('ctimanager'))
        this.managers.set(server.name, new CtiManager(server.name, params, (alarm) => this.raise(alarm)));
    for (const spec of opts.gateways) this.gateways.set(spec.name, this.gatewayOf(spec));
    // Phones leaving and re-entering service tell the applications monitoring them (CUCM-RED-002, 003).
    this.station.addHandler({
      onUnregistered: (d) => this.deviceService(d.deviceName, false),
      onRegistrationComplete: (d) => this.deviceService(d.deviceName, true),
    });
    for (const device of this.directory.ctiDevices) this.ctiHome.set(device.name, this.homeOf(device));
    // A CTI device no application has opened sends its calls to CFNA (unopened-cti-device.ts).
    for (const device of this.directory.ctiDevices)
      forwardUnopenedToCfna(this.calls.model, device.dns, device.forward.noAnswer);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Opens every node's SCCP listener (CallManager nodes) and every gateway's SIP endpoint. */
  async start(): Promise<CucmEndpoints> {
    if (this.running) return this.endpoints;
    try {
      for (const server of this.opts.servers)
        if (server.services.includes('callmanager') && !this.cmDown.has(server.name))
          await this.openNode(server);
      await this.station.start();
      for (const gateway of this.gateways.values()) await this.openGateway(gateway);
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.running = true;
    return this.endpoints;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.media.dispose();
    for (const gateway of this.gateways.values()) {
      await gateway.tr87?.close();
      await gateway.sip?.close();
      gateway.tr87 = undefined;
      gateway.sip = undefined;
    }
    await this.station.stop();
  }

  get endpoints(): CucmEndpoints {
    const nodes: Record<string, CucmEndpoints['nodes'][string]> = {};
    for (const s of this.opts.servers) {
      const sccp = s.services.includes('callmanager') ? this.station.listenerEndpoint(s.name) : undefined;
      nodes[s.name] = {
        ...(sccp ? { sccp } : {}),
        ctiManager: this.managers.has(s.name),
        up: !this.cmDown.has(s.name) && !this.ctiDown.has(s.name),
        role: s.role,
      };
    }
    const gateways: Record<string, CucmEndpoints['gateways'][string]> = {};
    for (const g of this.gateways.values()) {
      const tls = g.sip?.tlsAddress;
      if (g.sip)
        gateways[g.name] = {
          sip: { ...g.sip.address, transport: ['tcp', 'udp'] },
          ...(tls ? { sipTls: { ...tls, transport: ['tls'] } } : {}),
        };
    }
    return { nodes, gateways };
  }

  /** Every recording a CTI application started (CUCM-ACG-010), oldest first: call, DN, device, user, times. */
  recordings(): Recording[] {
    return this.recorder.recordings();
  }

  /** Is the server in service (neither service stopped)? */
  isUp(node: string): boolean {
    return !this.cmDown.has(node) && !this.ctiDown.has(node);
  }

  /** Each server with the state of its CallManager and CTIManager services ('none': not run there). */
  serviceStates(): {
    name: string;
    role: string;
    callManager: 'up' | 'down' | 'none';
    ctiManager: 'up' | 'down' | 'none';
  }[] {
    const state = (
      s: CucmServerSpec,
      service: 'callmanager' | 'ctimanager',
      down: Set<string>,
    ): 'up' | 'down' | 'none' => (!s.services.includes(service) ? 'none' : down.has(s.name) ? 'down' : 'up');
    return this.opts.servers.map((s) => ({
      name: s.name,
      role: s.role,
      callManager: state(s, 'callmanager', this.cmDown),
      ctiManager: state(s, 'ctimanager', this.ctiDown),
    }));
  }

  /**
   * A server fails (CUCM CTI guide "CTI Redundancy"): both its services stop (`stopService`).
   */
  async stopNode(node: string): Promise<void> {
    await this.stopService(node, 'ctimanager');
    await this.stopService(node, 'callmanager');
  }

  /** The server is back: both its services start again (`startService`). */
  async startNode(node: string): Promise<void> {
    await this.startService(node, 'callmanager');
    await this.startService(node, 'ctimanager');
  }

  /**
   * One service of a server fails. CallManager (CUCM CTI guide "CTI Redundancy on Cisco Unified
   * Communications Manager"): its SCCP listener closes, its phones fail over down their CM group
   * and the CTI devices registered on it re-home on the next node of their group. CTIManager
   * ("CTI Redundancy on CTIManager"): its applications are told their devices are out of service
   * and their sessions end, so they reconnect through another CTIManager.
   */
  async stopService(node: string, service: 'callmanager' | 'ctimanager'): Promise<void> {
    const server = this.server(node);
    if (!server.services.includes(service)) return;
    const down = service === 'callmanager' ? this.cmDown : this.ctiDown;
    if (down.has(node)) return;
    down.add(node);
    this.publish('node', { node, service, state: 'down' });
    if (service === 'ctimanager') {
      const manager = this.managers.get(node);
      if (manager === undefined) return;
      for (const g of this.gateways.values()) g.cti.managerFailed(manager);
      manager.setUp(false);
      return;
    }
    if (this.station.listenerTags.includes(node)) await this.station.closeListener(node);
    this.rehomeCtiDevices();
  }

  /** The service is back: the listener reopens on the same port, or the CTIManager serves again. */
  async startService(node: string, service: 'callmanager' | 'ctimanager'): Promise<void> {
    const server = this.server(node);
    const down = service === 'callmanager' ? this.cmDown : this.ctiDown;
    if (!down.has(node)) return;
    down.delete(node);
    if (service === 'ctimanager') this.managers.get(node)?.setUp(true);
    else {
      if (this.running) await this.openNode(server);
      this.rehomeCtiDevices();
    }
    this.publish('node', { node, service, state: 'up' });
  }

  /**
   * Apply Config on a CTI route point or port (CUCM CTI guide "Synchronize CTI Route Point"): the new
   * call forward settings take effect for calls offered afterwards, without a reset: no
   * OutOfServiceEvent, present calls keep their callIDs and states (CUCM-RP-014).
   */
  applyConfig(deviceName: string, forward: CucmForwardSpec): void {
    const device = this.directory.applyForward(deviceName, forward);
    const model = this.calls.model;
    const timeoutMs = this.opts.cluster.serviceParameters.newCallAcceptTimerS * 1000;
    for (const dn of device.dns) {
      model.setForwarding(dn, {
        type: 'forwardNoAns',
        activate: forward.noAnswer !== undefined,
        ...(forward.noAnswer === undefined
          ? {}
          : { destination: forward.noAnswer, noAnswerTimeoutMs: timeoutMs }),
      });
      model.setForwarding(dn, {
        type: 'forwardBusy',
        activate: forward.busy !== undefined,
        ...(forward.busy === undefined ? {} : { destination: forward.busy }),
      });
    }
    // A device no application has open sends its calls to its (new) CFNA at once.
    const unopened = device.dns.filter((dn) => !model.isInService(dn));
    if (device.forward.noAnswer === undefined) stopForwardingUnopened(model, unopened);
    else forwardUnopenedToCfna(model, unopened, device.forward.noAnswer);
    this.publish('apply-config', { device: device.name, forward: { ...forward } });
  }

  /**
   * A CTI gateway fails (CUCM-RED-006): its SIP endpoint closes at once (connections reset, no BYE:
   * a crash), so its applications see their connections drop and go to their backup gateway; the
   * sessions it served then end on their CTIManagers (CUCM-RED-012: connection lost).
   */
  async stopGateway(name: string): Promise<void> {
    const g = this.gateways.get(name);
    if (g === undefined) throw new Error(`no CTI gateway named '${name}' in cluster ${this.name}`);
    const { sip, tr87 } = g;
    if (sip) this.failedGatewayPorts.set(name, sip.address.port);
    g.sip = undefined;
    g.tr87 = undefined;
    await sip?.close();
    await tr87?.close();
    this.publish('cti-gateway', { gateway: name, state: 'down' });
  }

  /**
   * A CTI gateway stopped by `stopGateway` is back: it listens again on the SIP port it had (its
   * applications find it at the address they were given) and serves new sessions.
   */
  async startGateway(name: string): Promise<void> {
    const g = this.gateways.get(name);
    if (g === undefined) throw new Error(`no CTI gateway named '${name}' in cluster ${this.name}`);
    if (!this.running || g.sip !== undefined) return;
    await this.openGateway(g, this.failedGatewayPorts.get(name));
    this.failedGatewayPorts.delete(name);
    this.publish('cti-gateway', { gateway: name, state: 'up' });
  }

  /**
   * A hung node: its listener's phones get no answers (no keepalive: they fail over); unpaused,
   * it handles what they sent meanwhile (StationServer.pauseListener).
   */
  pauseNode(node: string, paused: boolean): void {
    this.server(node);
    this.station.pauseListener(node, paused);
  }

  /** The node a phone is registered with, if any. */
  registeredNode(deviceName: string): string | undefined {
    return this.station.device(deviceName)?.listener;
  }

  private server(node: string): CucmServerSpec {
    const s = this.opts.servers.find((x) => x.name === node);
    if (s === undefined) throw new Error(`no server named '${node}' in cluster ${this.name}`);
    return s;
  }

  private async openNode(server: CucmServerSpec): Promise<void> {
    await this.station.addListener({
      tag: server.name,
      host: this.opts.host ?? '127.0.0.1',
      port: this.opts.ports?.[server.name] ?? server.ports?.sccp ?? 0,
    });
  }

  private gatewayOf(spec: CtiGatewaySpec): CucmGateway {
    const managers = spec.ctiManagers
      .map((n) => this.managers.get(n))
      .filter((m): m is CtiManager => m !== undefined);
    const cti: CucmCti = new CucmCti(
      {
        name: spec.name,
        clock: this.clock,
        observations: this.observations,
        directory: this.directory,
        calls: this.calls,
        recorder: this.recorder,
        ctiManagers: managers,
        isRegistered: (name) => this.station.device(name) !== undefined,
        canRehome: (device) => device.cmGroup.some((n) => this.station.listenerTags.includes(n)),
        ctiDeviceOpenElsewhere: (device: string, session: CtiSession): boolean =>
          [...this.managers.values()].some((m) => m.isOpenByAny(device, session.id)),
        nextSessionId: () => this.nextSessionId++,
        callPark: this.callPark,
        srtpKeys: (event) => this.srtp.keyFor(event),
        media: this.media,
      },
      {
        secure: this.opts.cluster.secure,
        newCallAcceptTimerS: () => this.opts.cluster.serviceParameters.newCallAcceptTimerS,
      },
    );
    return { name: spec.name, cti, sip: undefined, tr87: undefined };
  }

  /**
   * A secure cluster's gateway certificate (CUCM-ACG-013: "Standard CTI Secure Connection" users
   * only over TLS), signed by the cluster's lab CA, made in memory once per cluster (`labCa`).
   */
  private async gatewayCertificate(gateway: CucmGateway, host: string) {
    // Loaded here, not at the top: only a secure cluster makes certificates.
    this.caMaking ??= import('../lab/lab-ca.ts').then(({ LabCertificateAuthority }) =>
      LabCertificateAuthority.create({ name: `${this.name} lab CA` }),
    );
    const ca = await this.caMaking;
    this.labCa = ca.caPem;
    const bound = host === '0.0.0.0' || host === '::' ? [] : [host];
    const nodes = this.opts.servers.map((s) => s.name);
    return ca.issue({ names: [...bound, '127.0.0.1', 'localhost', gateway.name, ...nodes] });
  }

  private async openGateway(gateway: CucmGateway, port?: number): Promise<void> {
    const spec = this.opts.gateways.find((g) => g.name === gateway.name)!;
    const host = this.opts.host ?? '127.0.0.1';
    const certificate = this.opts.cluster.secure ? await this.gatewayCertificate(gateway, host) : undefined;
    const sip = await SipEndpoint.start({
      name: partPublisher(gateway.name, 'sip'),
      host,
      port: port ?? this.opts.ports?.[gateway.name] ?? spec.ports?.sip ?? 0,
      clock: this.clock,
      observations: this.observations,
      ...(certificate
        ? { tls: { port: spec.ports?.sipTls ?? 0, key: certificate.key, cert: certificate.cert } }
        : {}),
    });
    const params = this.opts.cluster.serviceParameters;
    gateway.sip = sip;
    gateway.tr87 = new Tr87Server<CtiSession>({
      endpoint: sip,
      backend: gateway.cti,
      clock: this.clock,
      // CUCM-CFG-004: the session INVITE is authenticated with the user's password (SIP digest).
      authenticate: new DigestAuthenticator({
        realm: this.name,
        passwordOf: (user) => this.directory.user(user)?.password,
        clock: this.clock,
        ...(this.opts.digestAlgorithms ? { algorithms: this.opts.digestAlgorithms } : {}),
      }),
      // CUCM-HB-001..003: the application heartbeat is the session refresh; Session-Expires is two
      // heartbeat intervals, bounded by the heartbeat service parameters and RFC 4028's floor.
      minSessionExpires: Math.max(RFC4028_MIN_SE, 2 * params.heartbeatMinS),
      maxSessionExpires: 2 * params.heartbeatMaxS,
      defaultSessionExpires: Math.min(2 * params.heartbeatMaxS, 1800),
      ...(this.opts.grantedSessionExpires === undefined
        ? {}
        : { grantedSessionExpires: this.opts.grantedSessionExpires }),
      observations: this.observations,
      name: gateway.name,
    });
  }

  /**
   * Media termination on the station side: a phone whose other party is a route point or CTI port
   * streams to that call's media; phones' receive addresses go to the applications (CFG-005).
   */
  private mediaTermination(): MediaTermination {
    const ctiDns = new Set<string>();
    const staticMedia = new Map<string, MediaEndpoint>();
    for (const d of [...this.opts.cluster.routePoints, ...this.opts.cluster.ctiPorts])
      for (const line of d.lines) {
        if (this.directory.devicesOf(line.dn).some((x) => x.kind === 'phone')) continue;
        ctiDns.add(line.dn);
        if (d.media !== undefined) staticMedia.set(line.dn, d.media);
      }
    const signalling = this.calls.signalling;
    const media = new MediaTermination({
      clock: this.clock,
      ctiDns,
      staticMedia,
      receiveChannels: (callId) => signalling.receiveChannels(callId),
      // Wireshark packet-skinny (header versions): IPv6 addresses from protocol version 17.
      ipv6Capable: (callId, dn) =>
        [...this.calls.stations.values()].every((s) =>
          [...s.views.values()].every(
            (v) => v.callId !== callId || v.dn === dn || s.device.session.protocolVersion >= 17,
          ),
        ),
    });
    signalling.mediaEndpointOf = (callId, dn) => {
      const e = media.endpointOf(callId, dn);
      return e === undefined ? undefined : { ip: e.address, port: e.port };
    };
    signalling.onReceiveOpened.add((r) => media.onReceiveOpened(r));
    this.calls.model.on((e) => media.onCallEvent(e));
    return media;
  }

  /** Where a CTI device is registered: the first node of its CM group in service. */
  private homeOf(device: CucmDevice): string | undefined {
    return device.cmGroup.find((n) => !this.cmDown.has(n));
  }

  /**
   * CUCM-RED-001 / RED-004: CTI devices whose node failed are reopened on the next node of their
   * CM group in service: the applications monitoring them see OutOfServiceEvent, then
   * BackInServiceEvent (none when no node of the group is left).
   */
  private rehomeCtiDevices(): void {
    for (const device of this.directory.ctiDevices) {
      const before = this.ctiHome.get(device.name);
      const now = before !== undefined && !this.cmDown.has(before) ? before : this.homeOf(device);
      if (now === before) continue;
      this.ctiHome.set(device.name, now);
      this.publish('cti-device', { device: device.name, node: now ?? null });
      for (const g of this.gateways.values()) {
        if (before !== undefined) g.cti.deviceService(device, false);
        if (now !== undefined) g.cti.deviceService(device, true);
      }
    }
  }

  private deviceService(deviceName: string, inService: boolean): void {
    const device = this.directory.device(deviceName);
    if (device === undefined) return;
    for (const g of this.gateways.values()) g.cti.deviceService(device, inService);
  }

  private raise(alarm: Omit<CtiAlarm, 'time'>): void {
    const full = { ...alarm, time: this.clock.now() };
    this.alarms.push(full);
    this.publish('alarm', { ...full });
    this.opts.log?.(
      `alarm: ${alarm.parameter} ${alarm.limit} exceeded on ${alarm.node}${alarm.provider ? ` by ${alarm.provider}` : ''} (${alarm.count} devices)`,
    );
  }

  private publish(topic: string, detail: Record<string, unknown>): void {
    this.observations.publish({ kind: 'state', time: this.clock.now(), source: this.name, topic, detail });
  }
}
