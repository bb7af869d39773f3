import type { Clock } from '../lab/clock.ts';
import { ObservationStream, partPublisher } from '../lab/observation.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { StationCallControl } from '../station/call-control.ts';
import type { StationConfig } from '../station/station-config.ts';
import { StationServer } from '../station/station-server.ts';
import { logTr87Refusals } from '../tr87/refusal-log.ts';
import { Tr87Server } from '../tr87/tr87-server.ts';
import type { IosConfig } from './config/ios-config-types.ts';
import { CmeCti } from './cti/cti-service.ts';
import type { CtiSession } from './cti/cti-session.ts';
import { cmeCtiHost } from './cti-host.ts';
import { buildCnfFiles } from './tftp/cnf-file.ts';
import { TftpServer } from './tftp/tftp-server.ts';

export interface CmeLabOptions {
  config: StationConfig;
  /** The parsed IOS config; needed for the CTI (CSTA) side. */
  ios?: IosConfig;
  host?: string;
  sccpPort?: number;
  /** With `ios`: serve TR/87 (CSTA over SIP) on this TCP+UDP port (0 = ephemeral). */
  sipPort?: number;
  /**
   * Serve the phones' `SEP<MAC>.cnf.xml` (`create cnf-files`) by TFTP on this UDP port
   * (0 = ephemeral; a real CME uses 69). Files are built from `ios`; without it none are served.
   */
  tftpPort?: number;
  clock?: Clock;
  observations?: ObservationStream;
  name?: string;
  log?: (line: string) => void;
  /** Client-validation labs: the TR/87 server grants this Session-Expires (Tr87ServerOptions). */
  grantedSessionExpires?: number;
}

export interface CmeEndpoints {
  sccp: { host: string; port: number };
  sip?: { host: string; port: number };
  tftp?: { host: string; port: number };
}

/**
 * A running CME: every part it was asked to serve exists and listens. (`sip`, `tr87` and `tftp`
 * are absent only when the CME was not asked to serve them — no SIP port, no IOS config, no TFTP
 * port — never because of timing.) What `CmeLab.start()` returns, as testcontainers'
 * `GenericContainer.start()` returns a `StartedTestContainer`.
 */
export interface StartedCme {
  readonly name: string;
  readonly node: StationServer;
  readonly calls: StationCallControl;
  readonly observations: ObservationStream;
  readonly cti: CmeCti | undefined;
  readonly sip: SipEndpoint | undefined;
  readonly tr87: Tr87Server<CtiSession> | undefined;
  readonly tftp: TftpServer | undefined;
  readonly endpoints: CmeEndpoints;
  /**
   * Stops everything this start opened (TFTP, TR/87 with its BYEs, SIP, then SCCP). The BYEs'
   * answers are waited for at most `CLOSE_BYE_WAIT_MS` (2 s on the CME's clock, tr87-server.ts).
   */
  stop(): Promise<void>;
}

/**
 * One simulated CME as a unit: the SCCP node with its call control on one call model, and, when
 * the IOS config is given, the CTI service (CSTA) with its TR/87 server on a SIP endpoint. This is
 * what `ctilab serve cme` runs and what the features start in the embedded runtime.
 *
 * The definition holds what exists without sockets (the station server, call control, call model,
 * CTI service, observation stream); `start()` opens the sockets and returns a {@link StartedCme}.
 * A stopped CME may be started again (failover scenarios restart the primary).
 */
export class CmeLab {
  readonly node: StationServer;
  readonly calls: StationCallControl;
  readonly observations: ObservationStream;
  readonly cti: CmeCti | undefined;
  private readonly opts: CmeLabOptions;
  private current: StartedCme | undefined;

  constructor(opts: CmeLabOptions) {
    this.opts = opts;
    this.observations = opts.observations ?? new ObservationStream();
    this.node = new StationServer({
      config: opts.config,
      host: opts.host,
      sccpPort: opts.sccpPort,
      clock: opts.clock,
      observations: this.observations,
      name: opts.name,
      log: opts.log,
    });
    this.calls = new StationCallControl(this.node);
    // The CTI service sees the CME only through its ports (cti/cti-ports.ts), built here.
    this.cti = opts.ios
      ? new CmeCti(
          cmeCtiHost({
            node: this.node,
            calls: this.calls,
            ios: opts.ios,
            observations: this.observations,
            clock: opts.clock,
          }),
        )
      : undefined;
    // Issue 12 item 6: each CTI request or session INVITE the CME refuses is one readable log line.
    const tr87Name = `${this.node.name}-cti`;
    if (opts.log) logTr87Refusals(this.observations, (source) => source === tr87Name, opts.log);
  }

  /** The running CME; throws when it is not started (a test or command used it too early). */
  get running(): StartedCme {
    if (!this.current) throw new Error(`CME ${this.node.name} is not running`);
    return this.current;
  }

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  /**
   * Opens SCCP, then SIP + TR/87 (with `ios` and `sipPort`), then TFTP (with `tftpPort`). If one
   * fails, what was opened is closed again and the error is thrown.
   */
  async start(): Promise<StartedCme> {
    if (this.current) return this.current;
    const sccp = await this.node.start();
    const opened: Array<{ close(): Promise<void> }> = [];
    try {
      const cti = await this.startCti(sccp.host);
      if (cti) opened.push(cti.tr87, cti.sip);
      const tftp = await this.startTftp(sccp);
      this.current = this.started(cti, tftp);
      return this.current;
    } catch (error) {
      for (const part of opened) await part.close().catch(() => {});
      await this.node.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.current?.stop();
  }

  private started(
    cti: { sip: SipEndpoint; tr87: Tr87Server<CtiSession> } | undefined,
    tftp: TftpServer | undefined,
  ): StartedCme {
    const lab = this;
    return {
      name: this.node.name,
      node: this.node,
      calls: this.calls,
      observations: this.observations,
      cti: this.cti,
      sip: cti?.sip,
      tr87: cti?.tr87,
      tftp,
      endpoints: {
        sccp: this.node.endpoint,
        ...(cti ? { sip: cti.sip.address } : {}),
        ...(tftp ? { tftp: tftp.address } : {}),
      },
      async stop() {
        if (lab.current === this) lab.current = undefined;
        await tftp?.close();
        await cti?.tr87.close();
        await cti?.sip.close();
        await lab.node.stop();
      },
    };
  }

  private async startCti(host: string) {
    const ios = this.opts.ios;
    if (!this.cti || !ios || this.opts.sipPort === undefined) return undefined;
    const sip = await SipEndpoint.start({
      name: partPublisher(this.node.name, 'sip'),
      host,
      port: this.opts.sipPort,
      clock: this.opts.clock,
      observations: this.observations,
    });
    // CME CSTA guide "Create a Session Manager": voice register session-server N (register-id, keepalive, cti-aware).
    const sessionServers = [...ios.voiceRegisterSessionServers.values()]
      .filter((s) => s.registerId !== undefined)
      .map((s) => ({ tag: s.tag, registerId: s.registerId!, keepalive: s.keepalive, ctiAware: s.ctiAware }));
    // CME CSTA guide "Enable CTI CSTA" Step 13: `registrar server expires max <s> min <s>` bounds the
    // registrations the SIP registrar grants (below min: 423; above max: shortened to max).
    const registrar = ios.voiceServiceVoip?.sipRegistrar;
    const tr87 = new Tr87Server<CtiSession>({
      endpoint: sip,
      backend: this.cti,
      clock: this.opts.clock,
      sessionServers,
      registrar: { minExpires: registrar?.expiresMin, maxExpires: registrar?.expiresMax },
      observations: this.observations,
      name: partPublisher(this.node.name, 'cti'),
      ...(this.opts.grantedSessionExpires === undefined
        ? {}
        : { grantedSessionExpires: this.opts.grantedSessionExpires }),
    });
    return { sip, tr87 };
  }

  private async startTftp(sccp: { host: string; port: number }): Promise<TftpServer | undefined> {
    if (this.opts.tftpPort === undefined) return undefined;
    const ios = this.opts.ios;
    // The files name this CME as it listens (chan-sccp (CallManager list and failover): processNodeName,
    // ethernetPhonePort); built when asked, so they follow the running config.
    const cnf = { host: sccp.host, sccpPort: sccp.port };
    return TftpServer.start({
      host: sccp.host,
      port: this.opts.tftpPort,
      resolve: (name) => {
        const file = ios ? buildCnfFiles(ios, cnf).get(name.toLowerCase()) : undefined;
        return file ? new TextEncoder().encode(file.text) : undefined;
      },
      clock: this.opts.clock,
      observations: this.observations,
      name: partPublisher(this.node.name, 'tftp'),
    });
  }
}
