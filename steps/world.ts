import { readFileSync } from 'node:fs';
import { type IWorldOptions, setWorldConstructor, World } from '@cucumber/cucumber';
import { CmeLab, type StartedCme } from '../simulators/cme/cme.ts';
import type { IosConfig } from '../simulators/cme/config/ios-config-types.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import { ManualClock } from '../simulators/lab/manual-clock.ts';
import { type Observation, ObservationStream } from '../simulators/lab/observation.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import type { RunningLab, RuntimeKind } from '../simulators/runtime/lab-runtime.ts';
import type { EphoneConfig, StationConfig } from '../simulators/station/station-config.ts';
import type { SccpTestClient } from '../simulators/testing/sccp-test-client.ts';
import {
  noLabOnRealTarget,
  notOnRealTarget,
  pixitEphone,
  pixitParameter,
  pixitSccp,
} from './pixit-target.ts';
import { runtimeParameter, sccpEndpoint } from './runtime-lab.ts';

/**
 * The state of one scenario: the CMEs it started, its phones (named by ephone tag, "phone 1"),
 * bare SCCP stations, the shared observation stream and the scenario's clock. Every scenario
 * runs on a ManualClock, so "When 100 seconds pass" takes milliseconds; sockets are real.
 */
export class LabWorld extends World {
  readonly clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  readonly observations = new ObservationStream();
  readonly observed: Observation[] = [];
  readonly cmes = new Map<string, CmeLab>();
  readonly phones = new Map<number, SccpPhone>();
  readonly stations: SccpTestClient[] = [];
  config: StationConfig | undefined;
  /** The parsed IOS config of `config` (the CME's CTI side needs it). */
  ios: IosConfig | undefined;
  configPath = '';
  lastError: Error | undefined;
  /** Index into `observed` where the last action step began (message-order checks start there). */
  markIndex = 0;
  /** Phone start() promises that may still be running (rejections checked by steps). */
  readonly pendingStarts = new Map<number, Promise<void>>();

  /** Where the scenario's CMEs run (world parameter `runtime`; steps/runtime-lab.ts). */
  readonly runtime: RuntimeKind;
  /** The process or containers lab of a failover scenario (undefined on embedded). */
  runtimeLab: RunningLab | undefined;
  /** Where the runtime lab writes its captures (removed after the merge, hooks.ts). */
  labCaptureDir: string | undefined;
  /**
   * SCCP ports of in-process labs on ephemeral ports that tshark must decode as SCCP (the ACD lab's
   * phones; steps/hooks.ts; CTI Server ports are learnt from the observations).
   */
  readonly decodePorts = { sccp: new Set<number>() };
  /** Real-time runtimes: the seconds "N seconds pass" granted to the next check. */
  realTimeBudgetMs = 0;

  /** A real target (`--target pixit:<file>`, steps/pixit-target.ts): no lab starts. */
  readonly pixit: ReturnType<typeof pixitParameter>;

  constructor(options: IWorldOptions) {
    super(options);
    this.runtime = runtimeParameter(options.parameters);
    this.pixit = pixitParameter(options.parameters);
    this.observations.subscribe((o) => this.observed.push(o));
  }

  loadConfig(path: string): StationConfig {
    this.configPath = path;
    const loaded = loadCmeConfig(readFileSync(path, 'utf8'));
    this.config = loaded.config;
    this.ios = loaded.ios;
    return this.config;
  }

  async startCme(name: string): Promise<StartedCme> {
    noLabOnRealTarget(this, `the lab's CME ${name}`);
    if (!this.config) throw new Error('no configuration loaded');
    // Each CME of a scenario gets its own loopback address and the standard SCCP port 2000, so
    // the scenario's pcap opens in Wireshark as SCCP without "Decode As"; if 2000 is taken there,
    // an ephemeral port is used instead (and said so in the scenario's attachments).
    const host = `127.0.0.${2 + this.cmes.size}`;
    const make = (sccpPort: number, sipPort: number) =>
      new CmeLab({
        config: this.config!,
        // The CME also serves CTI (CSTA over SIP, TR/87).
        ...(this.ios ? { ios: this.ios, sipPort } : {}),
        host,
        sccpPort,
        // The phones' SEP<MAC>.cnf.xml by TFTP (phone-config-steps.ts).
        tftpPort: 0,
        clock: this.clock,
        observations: this.observations,
        name,
        log: (line) => this.attachLog(`[${name}] ${line}`),
      });
    // SIP on 5060 likewise, so CSTA scenarios' captures dissect as SIP.
    let lab = make(2000, 5060);
    let started: StartedCme;
    try {
      started = await lab.start();
    } catch (err) {
      // start() closed whatever it had opened before failing.
      this.attachLog(
        `[${name}] ${host}:2000/5060 unavailable (${(err as Error).message}); using ephemeral ports`,
      );
      lab = make(0, 0);
      started = await lab.start();
    }
    this.cmes.set(name, lab);
    return started;
  }

  /** The running CME of that name (a step that needs a stopped one uses `cmeLab`). */
  cme(name = 'CME'): StartedCme {
    return this.cmeLab(name).running;
  }

  /** The CME's definition, to stop and start it again (failover scenarios). */
  cmeLab(name = 'CME'): CmeLab {
    if (this.pixit) throw notOnRealTarget(this.pixit, `reading the CME ${name} of the lab`);
    const c = this.cmes.get(name);
    if (!c) throw new Error(`no CME named ${name} in this scenario`);
    return c;
  }

  ephone(tag: number): EphoneConfig {
    if (this.pixit) return pixitEphone(this.pixit, tag);
    const e = this.config?.ephones.get(tag);
    if (!e) throw new Error(`ephone ${tag} is not in ${this.configPath}`);
    return e;
  }

  /** The phone of ephone `tag`, created on first use; its call-manager list is `servers` (CME names). */
  phone(tag: number, servers: string[] = ['CME']): SccpPhone {
    let p = this.phones.get(tag);
    if (!p) {
      const e = this.ephone(tag);
      const lab = this.runtimeLab;
      const target = this.pixit;
      p = new SccpPhone({
        mac: e.mac,
        model: e.model ?? '7961',
        servers: target
          ? [pixitSccp(target)]
          : servers.map((s) => (lab ? sccpEndpoint(lab, s) : this.cme(s).node.endpoint)),
        // Another process's timers cannot be advanced by hand: a runtime lab (or a real target)
        // runs on real time.
        clock: lab || target ? systemClock : this.clock,
        observations: this.observations,
        fallbackProbeIntervalMs: 60_000,
      });
      this.phones.set(tag, p);
    }
    return p;
  }

  existingPhone(tag: number): SccpPhone {
    const p = this.phones.get(tag);
    if (!p) throw new Error(`phone ${tag} was not started in this scenario`);
    return p;
  }

  /** Advance the scenario clock in 1-second steps, letting real socket traffic through between steps. */
  async passSeconds(seconds: number): Promise<void> {
    if (this.pixit) throw notOnRealTarget(this.pixit, `letting ${seconds} seconds pass on the lab clock`);
    if (this.runtimeLab) {
      this.realTimeBudgetMs += seconds * 1000;
      return;
    }
    for (let i = 0; i < seconds; i++) {
      this.clock.advance(1000);
      await new Promise((r) => setImmediate(r));
      if (i % 5 === 4) await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 20));
  }

  /** SCCP messages the named CME sent to `deviceName`, in order, since `from` (index into observed). */
  sentTo(deviceName: string, from = 0): string[] {
    if (this.pixit) return this.receivedFromTarget(deviceName, from);
    const conns = new Set<string>();
    const out: string[] = [];
    for (let i = 0; i < this.observed.length; i++) {
      const o = this.observed[i]!;
      if (o.kind !== 'wire' || o.protocol !== 'sccp') continue;
      const d = o.decoded as { type?: string; deviceName?: string } | undefined;
      if (d?.type === 'RegisterReq' && d.deviceName === deviceName && o.source === deviceName)
        conns.add(`${o.src.port}`);
    }
    for (let i = from; i < this.observed.length; i++) {
      const o = this.observed[i]!;
      if (o.kind !== 'wire' || o.protocol !== 'sccp' || !this.cmes.has(o.source)) continue;
      if (!conns.has(`${o.dst.port}`)) continue;
      const d = o.decoded as { type?: string } | undefined;
      if (d?.type) out.push(d.type);
    }
    return out;
  }

  /** On a real target: what the phone `deviceName` received from the target's SCCP address. */
  private receivedFromTarget(deviceName: string, from: number): string[] {
    const sccp = pixitSccp(this.pixit!);
    return this.observed.slice(from).flatMap((o) => {
      if (o.kind !== 'wire' || o.protocol !== 'sccp' || o.source !== deviceName || o.src.port !== sccp.port)
        return [];
      const type = (o.decoded as { type?: string } | undefined)?.type;
      return type === undefined ? [] : [type];
    });
  }

  private attachLog(line: string): void {
    this.logLines.push(line);
  }

  readonly logLines: string[] = [];

  /** Work to do before the phones and CMEs stop (CTI clients close here; see csta-steps.ts). */
  readonly cleanups: Array<() => Promise<void>> = [];

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.cleanups.map((c) => c()));
    await Promise.allSettled([...this.phones.values()].map((p) => p.stop()));
    for (const s of this.stations) s.close();
    await Promise.allSettled([...this.cmes.values()].map((c) => c.stop()));
    if (this.runtimeLab) {
      for (const [node, lines] of Object.entries(this.runtimeLab.logs()))
        for (const line of lines.slice(-50)) this.logLines.push(`[${node}] ${line}`);
      await this.runtimeLab.stop();
    }
  }
}

setWorldConstructor(LabWorld);
