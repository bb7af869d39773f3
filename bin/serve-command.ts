import { readFile } from 'node:fs/promises';
import { CmeLab, type StartedCme } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import { CaptureRecorder } from '../simulators/lab/capture-recorder.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import { streamGroundTruth } from '../simulators/runtime/ground-truth-lines.ts';
import { runConsoleCommand } from './cme-console.ts';
import { loadConsole } from './serve-console.ts';
import { armStatusLines } from './status-line.ts';
import { unmodelledReport } from './unmodelled-lines.ts';
import { waitForSignal } from './wait-for-signal.ts';

/** The options of `ctilab serve cme`, as bin/cli.ts parsed and checked them. */
export interface ServeCmeOptions {
  readonly config: string;
  readonly host: string;
  readonly sccpPort?: number;
  readonly sipPort?: number;
  readonly tftpPort?: number;
  readonly capture?: string;
  readonly console?: boolean;
  readonly statusIntervalMs?: number;
  /** List each IOS line kept but not modelled (default: one summary line). */
  readonly verbose?: boolean;
  /** Print every call-model event as a JSON line (`ctilab load --runtime process` reads them). */
  readonly callEvents?: boolean;
  /** Serve the live dashboard (its calls and CTI sessions; the phones are outside) on 127.0.0.1:dashboardPort. */
  readonly dashboard?: boolean;
  readonly dashboardPort?: number;
}

/**
 * `ctilab serve cme --config <ios.cfg> [--host] [--sccp-port] [--sip-port] [--tftp-port] [--capture file] [--console]`
 * (DESIGN.md section 5): runs one node in the foreground until SIGTERM and prints, once ready,
 * one line of JSON with every endpoint it listens on. On SIGTERM/SIGINT it BYEs every CTI session
 * and closes its sockets once the BYEs are answered or 2 s have passed (tr87-server.ts
 * `CLOSE_BYE_WAIT_MS`), so stale sessions never hold the exit for Timer F (32 s).
 *
 * The CTI (CSTA over SIP) endpoint listens on the same host as the SCCP listener (`--host`, which
 * stands for the router address of telephony-service `ip source-address`). Its port is
 * `--sip-port` when given; otherwise the port of the config's `voice register global`
 * `source-address <ip> port <n>` when it has one (only the port is taken, the host stays
 * `--host`); otherwise no SIP endpoint is started.
 *
 * `--status-interval-ms N` (optional, for benchmarks such as bench/register-phones.ts) also prints
 * every N ms one status line `{"status":{time, registered, registrationComplete, connections,
 * rssBytes, heapUsedBytes}}`: devices holding a registration, those that finished the exchange
 * (TimeDateReq answered), open SCCP connections and this process's memory. With that option,
 * SIGUSR2 (not on Windows) prints one more status line at once; when node runs with
 * `--expose-gc` that line follows a full garbage collection (`"gc":true`), so its heap and RSS
 * figures count live memory only. Interval lines never collect (they would slow the node down).
 */
export async function serveCme(values: ServeCmeOptions): Promise<number> {
  const statusMs = values.statusIntervalMs;
  const text = await readFile(values.config, 'utf8');
  const { config, ios, unmodelled } = loadCmeConfig(text);
  for (const line of unmodelledReport(unmodelled, values.verbose === true)) process.stderr.write(`${line}\n`);
  const lab = new CmeLab({
    config,
    ios,
    // CME CSTA guide: the CTI interface speaks CSTA over SIP; IOS would listen on 5060.
    sipPort: values.sipPort ?? ios.voiceRegisterGlobal?.sourceAddress?.port,
    // Phones' SEP<MAC>.cnf.xml over TFTP (RFC 1350); a CME serves it on UDP 69.
    tftpPort: values.tftpPort,
    host: values.host,
    sccpPort: values.sccpPort,
    // The node's log (registrations, refused CTI requests: issue 12 item 6) goes to stderr.
    log: (line) => process.stderr.write(`[cme] ${line}\n`),
  });
  const capture = values.capture
    ? new CaptureRecorder(lab.observations, { path: values.capture })
    : undefined;
  capture?.start();
  let cme: StartedCme;
  try {
    cme = await lab.start();
  } catch (err) {
    // DESIGN.md section 5: a failure to listen exits non-zero at once, naming what failed.
    await capture?.stop();
    throw new Error(listenFailure(err as NodeJS.ErrnoException, values));
  }
  const endpoint = cme.endpoints.sccp;
  // The node's ground truth for a load run in another process: each event as the model emits it.
  if (values.callEvents === true)
    streamGroundTruth(
      { model: lab.calls.model },
      (line) => process.stdout.write(line),
      () => systemClock.now(),
    );
  const dashboard =
    values.dashboard === true ? await openCmeDashboard(lab, values.dashboardPort ?? 0) : undefined;
  // Status output is armed before the ready line: a client may ask for a sample as soon as it reads it.
  const disarmStatus = statusMs ? armStatusLines(lab.node, statusMs) : undefined;
  // node:readline loads only for --console (a fast start, issue 13), before the ready line.
  const consoleReader = values.console ? await loadConsole() : undefined;
  // Listening for SIGTERM/SIGINT before the ready line: a parent may signal as soon as it reads it,
  // and a signal that comes before a listener ends the process outright (no clean stop).
  const signalled = waitForSignal();
  process.stdout.write(
    `${JSON.stringify({
      node: 'cme',
      hostname: config.settings.hostname,
      endpoints: {
        sccp: { transport: 'tcp', host: endpoint.host, port: endpoint.port },
        ...(cme.endpoints.sip ? { sip: { transport: ['tcp', 'udp'], ...cme.endpoints.sip } } : {}),
        ...(cme.endpoints.tftp ? { tftp: { transport: 'udp', ...cme.endpoints.tftp } } : {}),
      },
      cti: lab.cti ? { enabled: lab.cti.enabled, basicMode: lab.cti.basicMode } : undefined,
      ephones: config.ephones.size,
      dns: config.dns.size,
      ...(dashboard ? { dashboard: dashboard.url } : {}),
    })}\n`,
  );
  // --console: the router's privileged EXEC commands on standard input (bin/cme-console.ts). Every
  // line gets one answer, an empty one too (`empty command`): answers echo their command, so a
  // driver matches them by command and an answer nobody asked for is harmless
  // (cme-console.fuzz.test.ts).
  const consoleInput = consoleReader?.listen((line) => runConsoleCommand(cme, line), { answerBlank: true });
  await signalled;
  consoleInput?.close();
  disarmStatus?.();
  await dashboard?.close();
  await cme.stop();
  await capture?.stop();
  return 0;
}

/** `listen EADDRINUSE` with the port and which listener it was for. */
export function listenFailure(err: NodeJS.ErrnoException, values: ServeCmeOptions): string {
  const detail = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (detail.code === 'EADDRINUSE' || detail.code === 'EACCES' || detail.code === 'EADDRNOTAVAIL') {
    const which =
      detail.port === values.sipPort
        ? 'SIP (--sip-port)'
        : detail.port === values.tftpPort
          ? 'TFTP (--tftp-port)'
          : detail.port === values.sccpPort
            ? 'SCCP (--sccp-port)'
            : 'a listener';
    return `cannot listen on ${detail.address ?? values.host}:${detail.port ?? '?'} for ${which}: ${detail.code}`;
  }
  return err.message;
}

/** `--dashboard`: the node's calls and CTI sessions live on a page (simulators/dashboard); no phones of its own. */
async function openCmeDashboard(lab: CmeLab, port: number): Promise<Dashboard> {
  const { startDashboard } = await import('../simulators/dashboard/dashboard-server.ts');
  const cti = lab.cti;
  try {
    return await startDashboard(
      {
        lab: 'cme',
        phoneGroups: [],
        nodes: [
          {
            name: 'cme',
            kind: 'cme',
            observations: lab.observations,
            callModel: lab.calls.model,
            ...(cti ? { ctiSessions: () => cti.sessions() } : {}),
          },
        ],
      },
      port,
    );
  } catch (err) {
    await lab.stop();
    throw new Error(`dashboard on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
}
