/**
 * `ctilab <command>`: the command-line contract of DESIGN.md section 5, parsed by commander 14
 * (15 needs Node 22): subcommands, `--help` on every command and subcommand listing all its
 * options, `--version`, and option errors reported before any work starts. One file per
 * sub-command holds what it does; this file only declares the options and dispatches.
 */

import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option, type OutputConfiguration } from 'commander';
import type { FuzzCommandOptions } from './fuzz-command.ts';
import type { LabExportOptions } from './lab-export-command.ts';
import type { LoadOptions } from './load-command.ts';
import type { PhonesOptions } from './phones-command.ts';
import type { RulesOptions } from './rules-command.ts';
import type { ServeAcdOptions } from './serve-acd-command.ts';
import type { ServeCmeOptions } from './serve-command.ts';
import type { ServeCucmOptions } from './serve-cucm-command.ts';
import type { ValidateClientOptions } from './validate-client-command.ts';

// Each command's module loads when that command runs: `ctilab serve cme` must not pay for the
// CUCM's certificates, the topology schemas or the runtimes (a fast start, issue 13).
const serveCme = async (o: ServeCmeOptions) => (await import('./serve-command.ts')).serveCme(o);
const serveCucm = async (o: ServeCucmOptions) => (await import('./serve-cucm-command.ts')).serveCucm(o);
const serveAcd = async (o: ServeAcdOptions) => (await import('./serve-acd-command.ts')).serveAcd(o);
const phonesCommand = async (o: PhonesOptions) => (await import('./phones-command.ts')).phonesCommand(o);
const labCommand = () => import('./lab-command.ts');
const labUp = async (...a: Parameters<typeof import('./lab-command.ts').labUp>) =>
  (await labCommand()).labUp(...a);
const labStatus = async (...a: Parameters<typeof import('./lab-command.ts').labStatus>) =>
  (await labCommand()).labStatus(...a);
const labFault = async (...a: Parameters<typeof import('./lab-command.ts').labFault>) =>
  (await labCommand()).labFault(...a);
const labDown = async (...a: Parameters<typeof import('./lab-command.ts').labDown>) =>
  (await labCommand()).labDown(...a);
const labExport = async (topology: string, o: LabExportOptions) =>
  (await import('./lab-export-command.ts')).labExport(topology, o);

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** An integer option in min..max, refused with its name and the range. */
export function integerIn(name: string, min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max)
      throw new InvalidArgumentError(`${name} '${text}' is not an integer in ${min}..${max}`);
    return Number(text);
  };
}

/** A port: 0..65535 (0 = ephemeral). */
export const port = (name: string) => integerIn(name, 0, 65535);

function serveCommandOf(run: (options: ServeCmeOptions) => Promise<number>, exit: (code: number) => void) {
  const serve = new Command('serve').description('run one node in the foreground until SIGTERM');
  serve
    .command('cme')
    .description(
      'a Cisco CME router from an IOS running-config: SCCP, CTI (CSTA over SIP), TFTP; prints one JSON line of endpoints once ready',
    )
    .requiredOption('--config <ios.cfg>', 'the IOS running-config (telephony-service, ephones, ephone-dns)')
    .option(
      '--host <address>',
      "address to listen on (overrides the config's ip source-address)",
      '127.0.0.1',
    )
    .option(
      '--sccp-port <n>',
      'SCCP listener port, 0 = ephemeral (default: the config, else 2000)',
      port('--sccp-port'),
    )
    .option(
      '--sip-port <n>',
      'CTI SIP port (TCP and UDP), 0 = ephemeral (default: voice register global source-address port, else none)',
      port('--sip-port'),
    )
    .option(
      '--tftp-port <n>',
      'serve SEP<MAC>.cnf.xml over TFTP on this UDP port, 0 = ephemeral',
      port('--tftp-port'),
    )
    .option('--capture <file.pcap>', 'write every SCCP and SIP byte exchanged to a pcap file')
    .option(
      '--console',
      'read router commands (show cti session, clear cti session id N, ...; lab: call make|answer|clear) on stdin',
    )
    .option('--verbose', 'list each config line kept but not modelled (default: one summary line)')
    .option(
      '--call-events',
      'print every call-model event as a JSON line {"callEvent":{...},"t":ms} (the ground truth of ctilab load --runtime process)',
    )
    .option(
      '--status-interval-ms <n>',
      'print a status line every N ms (registrations, connections, memory)',
      integerIn('--status-interval-ms', 1, 9_999_999),
    )
    .option('--dashboard', "serve the live dashboard of the node's calls and CTI sessions on 127.0.0.1")
    .option('--dashboard-port <port>', 'the dashboard port (0: ephemeral)', port('--dashboard-port'), 0)
    .action(async (options: ServeCmeOptions) => exit(await run(options)));
  serve
    .command('cucm')
    .description(
      'a CUCM cluster from a topology: CallManager nodes (SCCP), CTIManagers, IM and Presence CTI gateways (TR/87 with SIP digest); prints one JSON line of endpoints once ready',
    )
    .requiredOption(
      '--topology <lab.yaml>',
      'the lab topology with the cluster (e.g. labs/cucm-cluster.yaml)',
    )
    .option('--cluster <name>', 'which cluster of the topology (default: the first)')
    .option(
      '--node <name>',
      'serve only these servers (repeat); the others start out of service',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--host <address>', 'address every listener binds', '127.0.0.1')
    .option('--capture <file.pcap>', 'write every SCCP and SIP byte exchanged to a pcap file')
    .option(
      '--console',
      'read node commands on stdin (stop-node|start-node <server>, pause-node <server> on|off, stop-service|start-service <server> <service>, status); one JSON line each',
    )
    .option(
      '--admin <host:port>',
      'serve the console commands over HTTP: POST /command (one console line), GET /status; JSON answers',
    )
    .option(
      '--port <node=port>',
      "a server's SCCP or a CTI gateway's SIP port (<gateway>:tls=<port>: SIP over TLS), over the topology's (repeat)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--status-interval-ms <n>',
      'print a status line every N ms (registrations, connections, memory; one more on SIGUSR2)',
      integerIn('--status-interval-ms', 1, 9_999_999),
    )
    .option(
      '--dashboard',
      "serve the live dashboard (servers' services, CTIManager providers, TR/87 sessions, calls, alarms) on 127.0.0.1",
    )
    .option('--dashboard-port <port>', 'the dashboard port (0: ephemeral)', port('--dashboard-port'), 0)
    .option(
      '--call-events',
      'print every call-model event as a JSON line {"callEvent":{...},"t":ms} (the ground truth of ctilab load --runtime process)',
    )
    .action(async (options: ServeCucmOptions) => exit(await serveCucm(options)));
  serve
    .command('acd')
    .description(
      "the ACD lab of a topology (UCCE peripheral, agents, skill groups) with a duplexed GED-188 CTI Server (sides A and B) per ACD node and its phones' SCCP listener; prints one JSON line of endpoints (both sides, the active one, SCCP) once ready",
    )
    .requiredOption(
      '--topology <lab.yaml>',
      'the lab topology with the acd nodes (e.g. labs/acd-duplex.yaml)',
    )
    .option(
      '--node <name>',
      'serve only these ACD nodes (repeat; default: every acd node)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--host <address>',
      "address every listener binds (default: 127.0.0.1 and the topology's side hosts)",
    )
    .option(
      '--port <node:side=port>',
      "<node>:A=<n> / <node>:B=<n>: a CTI Server side's port over the topology's (default 42027 / 43027); sccp=<n>: the phones' SCCP port (default: the topology's, else 2000); 0 = ephemeral (repeat)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--capture <file.pcap>', 'write every SCCP and GED-188 byte exchanged to a pcap file')
    .option(
      '--console',
      'read fault commands on stdin (fail-side <node> A|B: only the active side fails, the standby takes over; restore-side <node>; peripheral <node> online|offline; central-controller <node> up|down; status); one JSON line each',
    )
    .option(
      '--admin <host:port>',
      'serve the console commands over HTTP: POST /command (one console line), GET /status; JSON answers',
    )
    .option(
      '--dashboard',
      'serve the live dashboard (agents, skill groups, CTI Server sides and clients, calls, alarms) on 127.0.0.1',
    )
    .option('--dashboard-port <port>', 'the dashboard port (0: ephemeral)', port('--dashboard-port'), 0)
    .option(
      '--call-events',
      'print every call-model event ({"callEvent":{...},"t":ms}) every event a peripheral hands to its CTI Server ({"peripheralEvent":{...},"node":n,"t":ms}) and every message a CTI Server session sends of its own right after OPEN_CONF ({"greeting":<MonitorID>,"message":{...},"node":n,"t":ms}) as JSON lines (the ground truth of ctilab load --runtime process)',
    )
    .action(async (options: ServeAcdOptions) => exit(await serveAcd(options)));
  return serve;
}

function phonesCommandOf(run: (options: PhonesOptions) => Promise<number>, exit: (code: number) => void) {
  return new Command('phones')
    .description(
      'simulated SCCP phones in their own process; one JSON line of outcome, then one per change, until SIGTERM',
    )
    .requiredOption(
      '--target <host:port>',
      'a call manager; repeat for an ordered list (failover); with --topology: <node>=<host:port>',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addOption(new Option('--config <ios.cfg>', "the phones of a config's ephones").conflicts('count'))
    .addOption(
      new Option(
        '--topology <lab.yaml>',
        "the SCCP phones of the topology's CUCM cluster, or of its ACD nodes when every target names one; targets are then <node>=<host:port>",
      ).conflicts(['count', 'config']),
    )
    .option('--cluster <name>', 'with --topology: which cluster (default: the first)')
    .option('--ephones <tags>', 'only these ephone tags of --config, e.g. 1,2')
    .option('--count <n>', 'N generated phones', integerIn('--count', 1, 100_000))
    .option('--mac-base <12hex>', 'first MAC of the generated phones', '00AA00000000')
    .option('--model <model>', 'phone model when the config does not say', '7961')
    .option(
      '--concurrency <n>',
      'registrations in flight at once',
      integerIn('--concurrency', 1, 100_000),
      200,
    )
    .option(
      '--exit-when-registered',
      'unregister and exit after the first registration round (1 if some failed)',
    )
    .option(
      '--answer-after <ms>',
      'each phone answers a call ringing in after this many ms (Answer soft key); default: never',
      integerIn('--answer-after', 0, 600_000),
    )
    .option(
      '--warmup <n>',
      'n registrations before the measured round (the first n phones register and unregister; beyond the phones, rounds of all of them); one {"warmup":...} line',
      integerIn('--warmup', 1, 1_000_000),
    )
    .option(
      '--warmup-hold',
      'with --warmup: wait for SIGUSR2 after the warm-up line (benchmarks sample between rounds)',
    )
    .option(
      '--source-base <ipv4>',
      'phone i connects from this address + i (its own address, as real phones; e.g. 127.1.0.1 on loopback)',
    )
    .option('--registration-times', "every registered phone's registration time (ms) in the outcome line")
    .option('--dashboard', 'serve the live dashboard of these phones (faces, presses) on 127.0.0.1')
    .option('--dashboard-port <port>', 'the dashboard port (0: ephemeral)', port('--dashboard-port'), 0)
    .option('--dashboard-group <name>', 'the name of the phones on the dashboard', 'phones')
    .action(async (options: PhonesOptions) => exit(await run(options)));
}

function labCommandOf(exit: (code: number) => void) {
  const lab = new Command('lab').description(
    'a lab of nodes and phones from a topology file (labs/*.yaml), on a runtime',
  );
  lab
    .command('up')
    .description(
      'start the lab; prints one JSON line with every endpoint and stays up until SIGTERM or `lab down`',
    )
    .argument('<topology>', 'the topology file, e.g. labs/cme-pair.yaml')
    .addOption(
      new Option('--runtime <kind>', 'where the nodes run')
        .choices(['embedded', 'process', 'containers'])
        .default('embedded'),
    )
    .option(
      '--capture <dir>',
      "write the lab's captures (pcap) into dir: each node's own, or the lab network's",
    )
    .option(
      '--dashboard',
      "serve the live dashboard on 127.0.0.1: the lab (embedded runtime), or an index of each child's own (process runtime)",
    )
    .option('--dashboard-port <port>', 'the dashboard port (0: ephemeral)', port('--dashboard-port'), 0)
    .action(
      async (
        topology: string,
        options: {
          runtime: 'embedded' | 'process' | 'containers';
          capture?: string;
          dashboard?: boolean;
          dashboardPort: number;
        },
      ) => exit(await labUp(topology, options)),
    );
  lab
    .command('status')
    .description('the nodes, their endpoints and where the phones are registered, as one JSON line')
    .argument('[lab]', 'the lab name (default: the one lab up here)')
    .action(async (name: string | undefined) => exit(await labStatus(name)));
  lab
    .command('fault')
    .description(
      'apply a fault to a node: kill|stop|pause|unpause|restart|restore|disconnect|reconnect|delay <ms>|loss <pct>',
    )
    .argument('<node>', 'the node name in the topology')
    .argument('<fault...>', 'the fault and its value')
    .option('--lab <name>', 'the lab (default: the one lab up here)')
    .action(async (node: string, fault: string[], options: { lab?: string }) =>
      exit(await labFault(node, fault, options)),
    );
  lab
    .command('export')
    .description('render the lab for an existing orchestrator: a Compose file or Kubernetes manifests')
    .argument('<topology>', 'the topology file, e.g. labs/cme-pair.yaml')
    .addOption(
      new Option('--format <format>', 'what to write')
        .choices(['compose', 'kubernetes'])
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'write here instead of stdout (Compose bind mounts are relative to it)')
    .option('--image <name>', 'the lab image (default: build it on the Docker engine and use its name)')
    .action(async (topology: string, options: LabExportOptions) => exit(await labExport(topology, options)));
  lab
    .command('down')
    .description('stop the lab (or every lab up here) and remove what it left behind')
    .argument('[lab]', 'the lab name')
    .action(async (name: string | undefined) => exit(await labDown(name)));
  return lab;
}

function runCommandOf(exit: (code: number) => void) {
  return new Command('run')
    .description(
      'run the conformance suite, or the selected scenarios, and write one run directory (Cucumber reports, rule report, pcaps)',
    )
    .argument(
      '[paths...]',
      'feature files or directories (file:line too), or @<rerun.txt> of a run; default: features/**/*.feature',
    )
    .option(
      '--tags <expression>',
      'only scenarios matching this tag expression, e.g. "@SCCP-REG-001 or @acd"',
    )
    .option(
      '--name <regexp>',
      'only scenarios whose name matches (repeat)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--target <target>',
      'where the nodes run: embedded, process or containers; pixit:<file>: a real system the PIXIT describes (conformance/pixit/)',
      'embedded',
    )
    .option('--pics <file>', 'run only the scenarios this PICS makes applicable (conformance/pixit/)')
    .option('--rerun <file>', "only the scenarios of a rerun file (a run directory's rerun.txt)")
    .option(
      '--out <dir>',
      'reports directory: the run goes to <dir>/runs/<time>-<id>/, <dir>/latest points at it',
      'reports',
    )
    .option(
      '--properties',
      'with a selection, also the property / model tests of its rules (conformance/rules/property-coverage.ts; the whole suite runs them all)',
    )
    .option('--no-properties', 'run no property / model test, not even for the whole suite')
    .action(
      async (
        paths: string[],
        options: {
          tags?: string;
          name?: string[];
          target: string;
          out: string;
          rerun?: string;
          properties?: boolean;
          pics?: string;
        },
      ) => {
        // Loaded on use: the lab image carries bin/ and simulators/ only, not conformance/ (which
        // run-command.ts imports), so `ctilab serve` in a container must not load it.
        const { runCommand } = await import('./run-command.ts');
        exit(
          await runCommand(paths, options, {
            stdout: process.stdout,
            stderr: process.stderr,
            cwd: process.cwd(),
          }),
        );
      },
    );
}

function rulesCommandOf(exit: (code: number) => void, output?: OutputConfiguration) {
  return new Command('rules')
    .description('list the conformance rule catalogue: id, profiles, role, status, statement, public source')
    .option(
      '--profile <profile>',
      'only the rules of this profile (e.g. sccp-cme, cme-cti, cucm-cti, acd-cti)',
    )
    .addOption(
      new Option('--format <format>', 'table (Markdown, for people) or json (for tools)')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action(async (options: RulesOptions) => {
      // Loaded on use: the lab image carries bin/ and simulators/ only, not conformance/.
      const { rulesCommand } = await import('./rules-command.ts');
      exit(rulesCommand(options, output?.writeOut, output?.writeErr));
    });
}

function validateClientCommandOf(exit: (code: number) => void) {
  return new Command('validate-client')
    .description(
      "grade a CTI client on the client-role rules of a profile: the lab plays the server and the phones, records every byte (client.pcap), drives calls, faults and the client's upper tester, and writes reports/validation/<time>-<id>-<profile>/",
    )
    .addOption(
      new Option('--profile <name>', 'what the client is and talks to')
        .choices(['cme-moc', 'cme-session-manager', 'cucm-rcc', 'acd-bridge', 'acd-agent'])
        .makeOptionMandatory(),
    )
    .option(
      '--listen <host:port>',
      "the lab's first client-facing endpoint (port 0: any free port)",
      '127.0.0.1:0',
    )
    .option(
      '--pixit <file>',
      'the client PIXIT (YAML): IUT identification, upper-tester actions (shell command or HTTP request each), timers',
    )
    .option(
      '--client <command>',
      'start the client with this shell command once the lab listens ({connect} and $CTILAB_CONNECT carry the connect JSON)',
    )
    .option('--reference', 'start the shipped reference client (it passes every rule of the profile)')
    .option(
      '--fault <name>',
      'start the shipped faulty client with this fault (it fails exactly the rules the fault names)',
    )
    .option(
      '--run-seconds <s>',
      'time the plan may take after the client connected (default 120, or the PIXIT timers)',
    )
    .option('--connect-timeout <s>', "time the lab waits for the client's first connection (default 60)")
    .option(
      '--session-expires <s>',
      'session timer the lab grants: TR/87 Session-Expires (default 90), CTI Server heartbeat interval asked of the client (default 5); short values grade refresh rules in seconds',
    )
    .option(
      '--out <dir>',
      'reports directory: the run goes to <dir>/validation/<time>-<id>-<profile>/',
      'reports',
    )
    .action(async (options: ValidateClientOptions) => {
      // Loaded on use: the lab image carries bin/ and simulators/ only, not conformance/.
      const { validateClientCommand } = await import('./validate-client-command.ts');
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        exit(
          await validateClientCommand(options, {
            stdout: process.stdout,
            stderr: process.stderr,
            cwd: process.cwd(),
            signal: stop.signal,
          }),
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function fuzzCommandOf(exit: (code: number) => void) {
  return new Command('fuzz')
    .description(
      'fuzz the nodes on one interface (or all in turn) with the fast-check fuzz tests for a time budget; writes reports/fuzz/<time>-<id>/ (fuzz.json, fuzz.md); exit 1 on a counterexample, printed with its replay command',
    )
    .addOption(
      new Option('--interface <name>', 'which interface')
        .choices(['sccp', 'sip', 'csta', 'cti-server', 'all'])
        .makeOptionMandatory(),
    )
    .option(
      '--minutes <n>',
      'time budget, split evenly over the interfaces (the first target of each runs once at least)',
      minutes,
      1,
    )
    .option('--seed <n>', 'seed of the first pass (pass k: seed + k); default random', integerSeed)
    .option('--target <id>', 'only this fuzz target of the interface (conformance/fuzz/fuzz-targets.ts)')
    .option('--path <path>', "replay: the counterexample's fast-check path (with --target and --seed)")
    .option(
      '--assert <n>',
      'replay: which fast-check run of the target the path is for (default 0)',
      integerIn('--assert', 0, 999),
    )
    .option('--out <dir>', 'reports directory: the run goes to <dir>/fuzz/<time>-<id>/', 'reports')
    .action(async (options: FuzzCommandOptions) => {
      // Loaded on use: the lab image carries bin/ and simulators/ only, not conformance/.
      const { fuzzCommand } = await import('./fuzz-command.ts');
      exit(
        await fuzzCommand(options, fuzzArgv(options), {
          stdout: process.stdout,
          stderr: process.stderr,
          cwd: process.cwd(),
        }),
      );
    });
}

/** The options as words again, for the report's command line. */
function fuzzArgv(o: FuzzCommandOptions): string[] {
  return Object.entries(o).flatMap(([k, v]) => [`--${k}`, String(v)]);
}

function minutes(text: string): number {
  if (!/^\d{1,4}(\.\d{1,3})?$/.test(text))
    throw new InvalidArgumentError(`--minutes '${text}' is not a number of minutes`);
  return Number(text);
}

function integerSeed(text: string): number {
  if (!/^-?\d{1,10}$/.test(text) || Number(text) !== (Number(text) | 0))
    throw new InvalidArgumentError(`--seed '${text}' is not a 32-bit integer`);
  return Number(text);
}

function loadCommandOf(exit: (code: number) => void) {
  return new Command('load')
    .description(
      'run a load scenario (labs/load/*.yaml): phones, calls, TR/87 monitoring and faults on a lab, GET /metrics while it runs, reports/load/<run-id>/ (metrics.json, index.html); exit 1 when a threshold is missed',
    )
    .requiredOption('--scenario <file>', 'the scenario (YAML)')
    .option(
      '--runtime <kind>',
      "where the lab runs: embedded, process (each node unit a ctilab serve child, RSS/CPU per child) or containers (each node unit a container of the lab image: a Docker engine on this machine); default the scenario's runtime, else embedded",
    )
    .option('--duration <s>', "seconds of traffic (default the scenario's)")
    .option('--metrics-port <n>', 'port of the Prometheus endpoint on 127.0.0.1 (0: any free port)', '0')
    .option('--out <dir>', 'reports directory: the run goes to <dir>/load/<run-id>/', 'reports')
    .action(async (options: LoadOptions) => {
      // Loaded on use: the lab image carries bin/ and simulators/ only, not conformance/.
      const { loadCommand } = await import('./load-command.ts');
      // Ctrl-C ends the traffic early; the run still drains, reports and checks its thresholds.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      try {
        const io = {
          stdout: process.stdout,
          stderr: process.stderr,
          cwd: process.cwd(),
          signal: stop.signal,
        };
        exit(await loadCommand(options, io));
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

/** The ctilab program; `exit` receives the exit code of the command that ran. */
export function buildProgram(exit: (code: number) => void, output?: OutputConfiguration): Command {
  const program = new Command('ctilab')
    .description(
      'CTI Lab: simulated SCCP phones, CME, CUCM CTIManager and ACD CTI Server, and a conformance harness',
    )
    .version(VERSION, '-V, --version');
  program.addCommand(serveCommandOf(serveCme, exit));
  program.addCommand(phonesCommandOf(phonesCommand, exit));
  program.addCommand(labCommandOf(exit));
  program.addCommand(runCommandOf(exit));
  program.addCommand(rulesCommandOf(exit, output));
  program.addCommand(validateClientCommandOf(exit));
  program.addCommand(fuzzCommandOf(exit));
  program.addCommand(loadCommandOf(exit));
  configureTree(program, output);
  return program;
}

/** Every command and subcommand: errors thrown to main (not process.exit), usage hint after one. */
function configureTree(command: Command, output: OutputConfiguration | undefined): void {
  command.exitOverride().showHelpAfterError('(add --help for every option)');
  if (output) command.configureOutput(output);
  for (const sub of command.commands) configureTree(sub, output);
}

export async function main(argv: string[], output?: OutputConfiguration): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  }, output);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`ctilab ${argv[0]}: ${(err as Error).message}\n`);
    return 1;
  }
}
