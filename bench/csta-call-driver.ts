// Where bench/csta-call-events.ts places its calls and reads the call model's events (the ledger's
// ground truth): the CME embedded in the bench process, or a `ctilab serve cme --call-events
// --console` child (as `ctilab load --runtime process` runs a CME, conformance/load/
// cme-serve-target.ts), driven by the console's lab commands `call make|answer|clear`
// (bin/cme-console.ts) on its standard input; its call-model events come back as JSON lines with
// their emission time. The TR/87 clients and the ledger stay in the bench process either way.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CallEvent } from '../simulators/calls/call-events.ts';
import { CmeLab } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import type { Clock } from '../simulators/lab/clock.ts';

/** A call-model operation's outcome: the callID of a made call, or the model's refusal code. */
export type CallOpResult = { ok: true; callID: string } | { ok: false; error: string };

export interface CallDriver {
  readonly runtime: 'embedded' | 'process';
  /** The CME's CTI (TR/87 over SIP) endpoint. */
  readonly sip: { host: string; port: number };
  /** The process running the CME (this one when embedded). */
  readonly pid: number;
  /** Emission times come from another process: a client may see an event before its emission. */
  readonly lateEmissions: boolean;
  /** Time base of event emission times (ms); receipts are stamped with it too. */
  now(): number;
  makeCall(caller: string, callee: string): Promise<CallOpResult>;
  answer(callID: string, dn: string): Promise<CallOpResult>;
  clear(callID: string, dn: string): Promise<CallOpResult>;
  /** Every call-model event with the time it was emitted. */
  onEvent(listener: (event: CallEvent, t: number) => void): () => void;
  stop(): Promise<void>;
}

/** The CME in this process: operations on its call model, events from its listener. */
export async function startEmbeddedDriver(configText: string): Promise<CallDriver> {
  const { config, ios } = loadCmeConfig(configText);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0 });
  const cme = await lab.start();
  const sip = cme.endpoints.sip;
  if (sip === undefined) {
    await cme.stop();
    throw new Error('the CME serves no SIP');
  }
  const model = cme.calls.model;
  const op = (r: { ok: true; value?: unknown } | { ok: false; error: { code: string } }, callID: string) =>
    Promise.resolve<CallOpResult>(r.ok ? { ok: true, callID } : { ok: false, error: r.error.code });
  return {
    runtime: 'embedded',
    sip,
    pid: process.pid,
    lateEmissions: false,
    now: () => performance.now(),
    makeCall: (caller, callee) => {
      const r = model.makeCall(caller, callee);
      return op(r, r.ok ? r.value.callID : '');
    },
    answer: (callID, dn) => op(model.answer({ callID, deviceID: dn }), callID),
    clear: (callID, dn) => op(model.clear({ callID, deviceID: dn }), callID),
    onEvent: (listener) => model.on((e) => listener(e, performance.now())),
    stop: () => cme.stop(),
  };
}

const CTILAB = fileURLToPath(new URL('../bin/ctilab.js', import.meta.url));
const READY_MS = 30_000;

/**
 * A `ctilab serve cme --call-events --console` child on ephemeral ports. `cpuProfDir`: the child
 * runs under `node --cpu-prof` and writes its profile there when it exits.
 */
export async function startProcessDriver(
  configText: string,
  clock: Clock,
  options: { cpuProfDir?: string } = {},
): Promise<CallDriver> {
  const dir = await mkdtemp(join(tmpdir(), 'csta-call-events-'));
  const configPath = join(dir, 'cme.cfg');
  await writeFile(configPath, configText);
  const nodeArgs =
    options.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir];
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      CTILAB,
      ...['serve', 'cme', '--config', configPath, '--host', '127.0.0.1'],
      ...['--sccp-port', '0', '--sip-port', '0', '--call-events', '--console'],
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr.push(c);
    if (stderr.length > 20) stderr.shift();
  });
  const listeners = new Set<(e: CallEvent, t: number) => void>();
  /** Commands in flight by their text (the console echoes it: a call's commands are unique while it lives). */
  const pending = new Map<string, Array<(r: CallOpResult) => void>>();
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    proc.on('exit', () => {
      exited = true;
      for (const waiting of pending.values()) for (const w of waiting) w({ ok: false, error: 'cme-exited' });
      pending.clear();
      resolve();
    }),
  );
  const sip = await new Promise<{ host: string; port: number }>((resolve, reject) => {
    const timer = clock.setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`serve cme: no ready line in ${READY_MS / 1000} s: ${stderr.join('').slice(-400)}`));
    }, READY_MS);
    void exit.then(() => {
      timer.cancel();
      reject(new Error(`serve cme exited before its ready line: ${stderr.join('').slice(-400)}`));
    });
    let ready = false;
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      // The hot path: a call event per line, parsed once.
      if (line.startsWith('{"callEvent"')) {
        const v = JSON.parse(line) as { callEvent: CallEvent; t: number };
        for (const l of listeners) l(v.callEvent, v.t);
        return;
      }
      if (!line.startsWith('{')) return;
      const v = JSON.parse(line) as {
        command?: string;
        ok?: boolean;
        result?: { callID?: string; answered?: string; cleared?: string };
        error?: string;
        node?: string;
        endpoints?: { sip?: { host: string; port: number } };
      };
      if (v.command !== undefined) {
        const waiting = pending.get(v.command);
        const w = waiting?.shift();
        if (waiting?.length === 0) pending.delete(v.command);
        const r = v.result;
        w?.(
          v.ok === true
            ? { ok: true, callID: r?.callID ?? r?.answered ?? r?.cleared ?? '' }
            : { ok: false, error: v.error ?? 'refused' },
        );
      } else if (v.node === 'cme' && !ready) {
        ready = true;
        timer.cancel();
        if (v.endpoints?.sip === undefined) reject(new Error('serve cme: no SIP endpoint'));
        else resolve({ host: v.endpoints.sip.host, port: v.endpoints.sip.port });
      }
    });
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const command = (line: string) =>
    new Promise<CallOpResult>((resolve) => {
      if (exited) return resolve({ ok: false, error: 'cme-exited' });
      const waiting = pending.get(line);
      if (waiting === undefined) pending.set(line, [resolve]);
      else waiting.push(resolve);
      proc.stdin!.write(`${line}\n`);
    });
  return {
    runtime: 'process',
    sip,
    pid: proc.pid!,
    lateEmissions: true,
    now: () => clock.now(),
    makeCall: (caller, callee) => command(`call make ${caller} ${callee}`),
    answer: (callID, dn) => command(`call answer ${callID} ${dn}`),
    clear: (callID, dn) => command(`call clear ${callID} ${dn}`),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => {
      if (!exited) {
        proc.kill('SIGTERM');
        const killer = clock.setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exit;
        killer.cancel();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
