import type { Clock } from '../lab/clock.ts';
import { ObservationStream } from '../lab/observation.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { StationCallControl } from '../station/call-control.ts';
import type { StationConfig } from '../station/station-config.ts';
import { StationServer } from '../station/station-server.ts';
import { Tr87Server } from '../tr87/tr87-server.ts';
import type { IosConfig } from './config/ios-config-types.ts';
import { CmeCti } from './cti/cti-service.ts';
import type { CtiSession } from './cti/cti-session.ts';
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
}

export interface CmeEndpoints {
  sccp: { host: string; port: number };
  sip?: { host: string; port: number };
  tftp?: { host: string; port: number };
}

/**
 * One simulated CME as a unit: the SCCP node with its call control on one call model, and, when
 * the IOS config is given, the CTI service (CSTA) with its TR/87 server on a SIP endpoint. This is
 * what `ctilab serve cme` runs and what the features start in the embedded runtime.
 */
export class CmeLab {
  readonly node: StationServer;
  readonly calls: StationCallControl;
  readonly observations: ObservationStream;
  readonly cti: CmeCti | undefined;
  sip: SipEndpoint | undefined;
  tr87: Tr87Server<CtiSession> | undefined;
  tftp: TftpServer | undefined;
  private readonly opts: CmeLabOptions;

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
    this.cti = opts.ios ? new CmeCti({ lab: this, ios: opts.ios, clock: opts.clock }) : undefined;
  }

  async start(): Promise<{ host: string; port: number }> {
    const sccp = await this.node.start();
    if (this.cti && this.opts.ios && this.opts.sipPort !== undefined && !this.sip) {
      this.sip = await SipEndpoint.start({
        name: `${this.node.name}-sip`,
        host: sccp.host,
        port: this.opts.sipPort,
        clock: this.opts.clock,
        observations: this.observations,
      });
      // seeds/004 "Create a Session Manager": voice register session-server N (register-id, keepalive, cti-aware).
      const sessionServers = [...this.opts.ios.voiceRegisterSessionServers.values()]
        .filter((s) => s.registerId !== undefined)
        .map((s) => ({
          tag: s.tag,
          registerId: s.registerId!,
          keepalive: s.keepalive,
          ctiAware: s.ctiAware,
        }));
      // seeds/004 "Enable CTI CSTA" Step 13: `registrar server expires max <s> min <s>` bounds the
      // registrations the SIP registrar grants (below min: 423; above max: shortened to max).
      const registrar = this.opts.ios.voiceServiceVoip?.sipRegistrar;
      this.tr87 = new Tr87Server<CtiSession>({
        endpoint: this.sip,
        backend: this.cti,
        clock: this.opts.clock,
        sessionServers,
        registrar: { minExpires: registrar?.expiresMin, maxExpires: registrar?.expiresMax },
        observations: this.observations,
        name: `${this.node.name}-cti`,
      });
    }
    if (this.opts.tftpPort !== undefined && !this.tftp) {
      const ios = this.opts.ios;
      // The files name this CME as it listens (reference/sccp-protocol.md §5: processNodeName,
      // ethernetPhonePort); built when asked, so they follow the running config.
      const cnf = { host: sccp.host, sccpPort: sccp.port };
      this.tftp = await TftpServer.start({
        host: sccp.host,
        port: this.opts.tftpPort,
        resolve: (name) => {
          const file = ios ? buildCnfFiles(ios, cnf).get(name.toLowerCase()) : undefined;
          return file ? new TextEncoder().encode(file.text) : undefined;
        },
        clock: this.opts.clock,
        observations: this.observations,
        name: `${this.node.name}-tftp`,
      });
    }
    return sccp;
  }

  get endpoints(): CmeEndpoints {
    return {
      sccp: this.node.endpoint,
      ...(this.sip ? { sip: this.sip.address } : {}),
      ...(this.tftp ? { tftp: this.tftp.address } : {}),
    };
  }

  async stop(): Promise<void> {
    await this.tftp?.close();
    this.tftp = undefined;
    await this.tr87?.close();
    await this.sip?.close();
    this.tr87 = undefined;
    this.sip = undefined;
    await this.node.stop();
  }
}
