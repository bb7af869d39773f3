import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../../simulators/lab/clock.ts';
import { decodeCapture, TSHARK_INSTALL_HINT, tsharkAvailable } from '../../simulators/lab/tshark.ts';

/**
 * The acceptance test: an independent SCCP client (sccp_client.py, written only from
 * the public protocol description, sharing no code with the project's codec) registers to
 * `ctilab serve cme --config labs/cme-moc.cfg` with MACs from that config, goes off-hook,
 * dials the other configured number and makes it ring; the message orders must be the
 * reference ones (the real CallManager 4.1 sequences of pyskinny's fixtures), and tshark must decode the capture as SCCP
 * with no malformed packets.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = fileURLToPath(new URL('./sccp_client.py', import.meta.url));
const PYTHON = process.env['CTILAB_PYTHON'] ?? 'python3';
const SKIP_TSHARK = process.env['CTILAB_SKIP_TSHARK'] === '1';
const CONFIG = 'labs/cme-moc.cfg';
// labs/cme-moc.cfg: ephone 1 (DN 201, button 1:1, type 7961) and ephone 2 (DN 202, button 1:2,
// type 7960); each registers with its type's DeviceType (skinny-enums.txt 7961G = 30018, 7960 =
// 7), as the CME refuses a device type that does not match the ephone's type.
const PHONE_A = { mac: '001E4A34A35F', dn: '201', deviceType: 30018 };
const PHONE_B = { mac: '000F8FC7B681', dn: '202', deviceType: 7 };
const STEP_MS = 5_000;
const clock: Clock = systemClock;

// skinny-enums.txt values used in the expectations below.
const CALL_STATE = { OffHook: 1, OnHook: 2, RingOut: 3, RingIn: 4 } as const;
const RING_MODE = { RingOff: 1, InsideRing: 2 } as const;
const LAMP = { Off: 1, On: 2, Blink: 5 } as const;
const TONE = { InsideDialTone: 33, AlertingTone: 36 } as const;
const STIMULUS_LINE = 9;
const SOFTKEY_SET = { OnHook: 0, RingIn: 3, OffHook: 4 } as const;

type Fields = Record<string, unknown>;

interface ClientEvent {
  event: string;
  seq?: number;
  id?: string;
  name?: string;
  fields?: Fields;
  cmd?: string;
  ref_id?: number;
  code?: string;
  message?: string;
  [key: string]: unknown;
}

interface Recv {
  seq: number;
  id: number;
  name: string;
  fields: Fields;
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(
      () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    promise.then(
      (v) => {
        timer.cancel();
        resolve(v);
      },
      (e: unknown) => {
        timer.cancel();
        reject(e);
      },
    );
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function stopProcess(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals, ms: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  try {
    await bounded(exited(child), ms, `process ${child.pid} to exit after ${signal}`);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** `ctilab serve cme` as a child process; resolves once its one JSON ready line is read. */
class CmeServer {
  readonly stderr: string[] = [];
  port = 0;
  host = '127.0.0.1';

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => this.stderr.push(d));
  }

  static async start(capture: string): Promise<CmeServer> {
    const child = spawn(
      process.execPath,
      ['bin/ctilab.js', 'serve', 'cme', '--config', CONFIG, '--host', '127.0.0.1', '--sccp-port', '0'].concat(
        ['--capture', capture],
      ),
      { cwd: ROOT, stdio: 'pipe' },
    );
    const server = new CmeServer(child);
    const ready = new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => {
        try {
          const doc = JSON.parse(line) as { endpoints?: { sccp?: { host?: string; port?: number } } };
          const sccp = doc.endpoints?.sccp;
          if (typeof sccp?.port !== 'number' || sccp.port <= 0)
            throw new Error(`no endpoints.sccp.port in ready line ${line}`);
          server.port = sccp.port;
          server.host = sccp.host ?? '127.0.0.1';
          resolve();
        } catch (err) {
          reject(new Error(`bad ready line from ctilab serve: ${(err as Error).message}`));
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`ctilab serve exited (${code}) before ready: ${server.stderr.join('')}`)),
      );
      child.once('error', reject);
    });
    try {
      await bounded(ready, 20_000, 'the ctilab serve ready line');
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return server;
  }
}

/** One sccp_client.py in JSON-lines driver mode. */
class IndependentPhone {
  readonly events: ClientEvent[] = [];
  readonly recv: Recv[] = [];
  readonly sent: number[] = [];
  readonly stderr: string[] = [];
  private nextId = 1;
  private listeners = new Set<() => void>();

  constructor(
    readonly label: string,
    readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => this.stderr.push(d));
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    child.once('exit', () => this.notify());
  }

  static start(
    label: string,
    server: CmeServer,
    phone: { mac: string; deviceType: number },
    protocol: number,
  ): IndependentPhone {
    const child = spawn(
      PYTHON,
      [CLIENT, '--host', server.host, '--port', String(server.port), '--mac', phone.mac].concat([
        '--protocol',
        String(protocol),
        '--device-type',
        String(phone.deviceType),
        'drive',
      ]),
      { stdio: 'pipe' },
    );
    return new IndependentPhone(label, child);
  }

  private onLine(line: string): void {
    let ev: ClientEvent;
    try {
      ev = JSON.parse(line) as ClientEvent;
    } catch {
      ev = { event: 'unparsable', message: line };
    }
    this.events.push(ev);
    if (ev.event === 'recv' && typeof ev.seq === 'number' && typeof ev.id === 'string')
      this.recv.push({ seq: ev.seq, id: Number(ev.id), name: ev.name ?? '?', fields: ev.fields ?? {} });
    if (ev.event === 'sent' && typeof ev.id === 'string') this.sent.push(Number(ev.id));
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Waits (bounded) until `probe` returns a value. */
  private until<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
    const found = new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) {
          this.listeners.delete(check);
          resolve(v);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.listeners.delete(check);
          reject(
            new Error(`${this.label}: client exited while waiting for ${what}: ${this.stderr.join('')}`),
          );
        }
      };
      this.listeners.add(check);
      check();
    });
    return bounded(found, ms, `${this.label}: ${what}`);
  }

  async command(cmd: Record<string, unknown>, ms = STEP_MS): Promise<ClientEvent> {
    const id = this.nextId++;
    this.child.stdin.write(`${JSON.stringify({ ...cmd, id })}\n`);
    const ev = await this.until(
      () => this.events.find((e) => e.ref_id === id && (e.event === 'done' || e.event === 'error')),
      ms,
      `command ${JSON.stringify(cmd)}`,
    );
    if (ev.event === 'error')
      throw new Error(`${this.label}: ${String(cmd['cmd'])} failed: ${ev.code}: ${ev.message}`);
    return ev;
  }

  /** Registers, then waits for the idle prompts to stop; returns the seq after them. */
  async registerAndSettle(): Promise<{ ack: ClientEvent; mark: number }> {
    const ack = await this.command({ cmd: 'register', timeout: 5 });
    const settled = await this.command({ cmd: 'settle', quiet: 0.3, timeout: 3 });
    return { ack, mark: Number(settled['seq']) };
  }

  async mark(): Promise<number> {
    const settled = await this.command({ cmd: 'settle', quiet: 0.2, timeout: 2 });
    return Number(settled['seq']);
  }

  waitRecv(pred: (r: Recv) => boolean, since: number, what: string, ms = STEP_MS): Promise<Recv> {
    return this.until(() => this.recv.find((r) => r.seq >= since && pred(r)), ms, what);
  }

  window(from: number, to: number): Recv[] {
    return this.recv.filter((r) => r.seq >= from && r.seq <= to);
  }

  async quit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
    try {
      await bounded(exited(this.child), 5_000, `${this.label} to quit`);
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}

/** Display text with a localized label (0x80 <label#>, sccp-protocol.md §8) made readable. */
function showText(f: Fields): string {
  if (typeof f['label'] === 'number') return `[label ${f['label']}]${String(f['labelRest'] ?? '')}`;
  return JSON.stringify(f['text']);
}

/** A message as one comparable line; `refs` turns call references into symbols. */
function describe(r: Recv, refs: Map<number, string>): string {
  const f = r.fields;
  const ref = (v: unknown) => (typeof v === 'number' && refs.has(v) ? refs.get(v) : String(v));
  switch (r.name) {
    case 'SetRinger':
      return `SetRinger mode=${f['mode']} duration=${f['duration']} line=${f['line']} ref=${ref(f['ref'])}`;
    case 'SetSpeakerMode':
      return `SetSpeakerMode mode=${f['mode']}`;
    case 'SetLamp':
      return `SetLamp stimulus=${f['stimulus']} instance=${f['instance']} mode=${f['mode']}`;
    case 'CallState':
      return (
        `CallState state=${f['state']} line=${f['line']} ref=${ref(f['ref'])} privacy=${f['privacy']} ` +
        `precedence=${f['precedenceLevel']}/${f['precedenceDomain']}`
      );
    case 'SelectSoftKeys':
      return `SelectSoftKeys line=${f['line']} ref=${ref(f['ref'])} set=${f['set']}`;
    case 'DisplayPromptStatus':
    case 'DisplayPromptStatusV2':
      return `${r.name} timeout=${f['timeout']} line=${f['line']} ref=${ref(f['ref'])} text=${showText(f)}`;
    case 'DisplayPriNotify':
    case 'DisplayPriNotifyV2':
      return `${r.name} timeout=${f['timeout']} priority=${f['priority']} text=${showText(f)}`;
    case 'ActivateCallPlane':
      return `ActivateCallPlane line=${f['line']}`;
    case 'StartTone':
      return `StartTone tone=${f['tone']} direction=${f['direction']} line=${f['line']} ref=${ref(f['ref'])}`;
    default:
      return `${r.name}(0x${r.id.toString(16).padStart(4, '0')}) ${JSON.stringify(f)}`;
  }
}

function requireTool(cmd: string, args: string[], hint: string): void {
  const probe = spawnSync(cmd, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    assert.fail(`${cmd} is required by the independent-client acceptance test but did not run: ${hint}`);
}

// Message ids (skinny-messages.txt) the capture must show, whatever the protocol version.
const REQUIRED_IN_CAPTURE: Record<string, number> = {
  RegisterReq: 0x0001,
  RegisterAck: 0x0081,
  CapabilitiesReq: 0x009b,
  CapabilitiesRes: 0x0010,
  ButtonTemplateReq: 0x000e,
  ButtonTemplateRes: 0x0097,
  LineStatReq: 0x000b,
  TimeDateReq: 0x000d,
  TimeDateRes: 0x0094,
  OffHook: 0x0006,
  KeypadButton: 0x0003,
  OnHook: 0x0007,
  CallState: 0x0111,
  SetRinger: 0x0085,
  SetLamp: 0x0086,
  SetSpeakerMode: 0x0088,
  SelectSoftKeys: 0x0110,
  ActivateCallPlane: 0x0116,
  StartTone: 0x0082,
};

function countIds(ids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

function hex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

async function scenario(protocol: number): Promise<void> {
  requireTool(PYTHON, ['--version'], 'install Python 3 (standard library only) or set CTILAB_PYTHON');
  const tsharkOk = SKIP_TSHARK || (await tsharkAvailable());
  assert.ok(tsharkOk, TSHARK_INSTALL_HINT);

  const dir = mkdtempSync(join(tmpdir(), 'ctilab-independent-'));
  const capture = join(dir, 'cme.pcap');
  let server: CmeServer | undefined;
  const phones: IndependentPhone[] = [];
  try {
    server = await CmeServer.start(capture);
    const b = IndependentPhone.start('phone B', server, PHONE_B, protocol);
    phones.push(b);
    const a = IndependentPhone.start('phone A', server, PHONE_A, protocol);
    phones.push(a);

    // Registration (sccp-protocol.md §3): RegisterAck, then CapabilitiesReq, then answers.
    const regB = await b.registerAndSettle();
    const regA = await a.registerAndSettle();
    for (const [phone, reg, dn] of [
      [a, regA, PHONE_A.dn],
      [b, regB, PHONE_B.dn],
    ] as const) {
      assert.deepEqual(
        reg.ack['lines'],
        [{ instance: 1, dirNumber: dn }],
        `${phone.label} line 1 is DN ${dn}`,
      );
      assert.deepEqual(
        phone.recv.slice(0, 2).map((r) => r.name),
        ['RegisterAck', 'CapabilitiesReq'],
        `${phone.label}: RegisterAck then CapabilitiesReq`,
      );
    }
    const negotiated = Number(regA.ack['maxProtocolVer']);
    assert.ok(negotiated >= 3 && negotiated <= protocol, `negotiated protocol ${negotiated} <= ${protocol}`);
    // sccp-protocol.md §2: static DisplayPromptStatus/PriNotify below v8, dynamic from v8.
    const dynamic = negotiated >= 8;
    const prompt = dynamic ? 'DisplayPromptStatusV2' : 'DisplayPromptStatus';
    const priNotify = dynamic ? 'DisplayPriNotifyV2' : 'DisplayPriNotify';

    // Off-hook on A: the real CallManager 4.1 sequences of pyskinny's fixtures frames 80-87.
    await a.command({ cmd: 'offhook', line: 1, ref: 0 });
    const dialTone = await a.waitRecv(
      (r) => r.name === 'StartTone' && r.fields['tone'] === TONE.InsideDialTone,
      regA.mark,
      'StartTone(InsideDialTone)',
    );
    const offhookWindow = a.window(regA.mark, dialTone.seq);
    const offState = offhookWindow.find((r) => r.name === 'CallState');
    assert.ok(offState, 'phone A got a CallState after OffHook');
    const refA = Number(offState.fields['ref']);
    const refsA = new Map([[refA, 'A']]);
    assert.deepEqual(
      offhookWindow.map((r) => describe(r, refsA)),
      [
        `SetRinger mode=${RING_MODE.RingOff} duration=1 line=0 ref=0`,
        'SetSpeakerMode mode=1',
        `SetLamp stimulus=${STIMULUS_LINE} instance=1 mode=${LAMP.On}`,
        `CallState state=${CALL_STATE.OffHook} line=1 ref=A privacy=0 precedence=4/0`,
        `SelectSoftKeys line=1 ref=A set=${SOFTKEY_SET.OffHook}`,
        `${prompt} timeout=0 line=1 ref=A text=[label 32]`,
        'ActivateCallPlane line=1',
        `StartTone tone=${TONE.InsideDialTone} direction=0 line=1 ref=A`,
      ],
      'phone A off-hook order (reference §6 frames 80-87)',
    );

    // A dials 202: B rings (§6 frames 132-138), A hears ringback.
    const markA = dialTone.seq + 1;
    const markB = await b.mark();
    await a.command({ cmd: 'dial', digits: PHONE_B.dn, line: 1, ref: refA });
    const ringer = await b.waitRecv(
      (r) => r.name === 'SetRinger' && r.fields['mode'] === RING_MODE.InsideRing,
      markB,
      'SetRinger(InsideRing)',
    );
    const ringWindow = b.window(markB, ringer.seq);
    const ringState = ringWindow.find((r) => r.name === 'CallState');
    assert.ok(ringState, 'phone B got a CallState before its ringer started');
    const refB = Number(ringState.fields['ref']);
    const refsB = new Map([[refB, 'B']]);
    assert.deepEqual(
      ringWindow.map((r) => describe(r, refsB)),
      [
        `CallState state=${CALL_STATE.RingIn} line=1 ref=B privacy=0 precedence=4/0`,
        `SelectSoftKeys line=1 ref=B set=${SOFTKEY_SET.RingIn}`,
        `${prompt} timeout=0 line=1 ref=B text=[label 23]${PHONE_A.dn}`,
        `${priNotify} timeout=10 priority=5 text=[label 23]${PHONE_A.dn}`,
        `SetLamp stimulus=${STIMULUS_LINE} instance=1 mode=${LAMP.Blink}`,
        `SetRinger mode=${RING_MODE.InsideRing} duration=1 line=1 ref=B`,
      ],
      'phone B ring-in order (reference §6 frames 132-138)',
    );
    const ringOut = await a.waitRecv(
      (r) => r.name === 'CallState' && r.fields['state'] === CALL_STATE.RingOut,
      markA,
      'CallState(RingOut)',
    );
    assert.equal(ringOut.fields['ref'], refA, 'RingOut is on the call A started');
    const ringback = await a.waitRecv(
      (r) => r.name === 'StartTone' && r.fields['tone'] === TONE.AlertingTone,
      markA,
      'StartTone(AlertingTone)',
    );
    assert.equal(ringback.fields['ref'], refA, 'ringback is on the call A started');

    // A hangs up: both lines go back to idle.
    const markA2 = ringback.seq + 1;
    const markB2 = ringer.seq + 1;
    await a.command({ cmd: 'onhook', line: 1, ref: refA });
    const idle = (r: Recv, ref: number) =>
      r.name === 'CallState' && r.fields['state'] === CALL_STATE.OnHook && r.fields['ref'] === ref;
    const onA = await a.waitRecv((r) => idle(r, refA), markA2, 'CallState(OnHook) on A');
    const onB = await b.waitRecv((r) => idle(r, refB), markB2, 'CallState(OnHook) on B');
    assert.equal(onA.fields['line'], 1);
    assert.equal(onB.fields['line'], 1);
    await b.waitRecv(
      (r) => r.name === 'SetRinger' && r.fields['mode'] === RING_MODE.RingOff,
      markB2,
      'SetRinger(RingOff) on B',
    );
    for (const [phone, mark] of [
      [a, markA2],
      [b, markB2],
    ] as const) {
      await phone.waitRecv(
        (r) => r.name === 'SetLamp' && r.fields['instance'] === 1 && r.fields['mode'] === LAMP.Off,
        mark,
        'SetLamp(Line 1, Off)',
      );
    }
    await a.mark();
    await b.mark();
    for (const phone of phones) await phone.quit();

    // Stop the server so it writes the capture; then tshark must decode it as SCCP.
    await stopProcess(server.child, 'SIGTERM', 10_000);
    if (SKIP_TSHARK) return;
    const decoded = await decodeCapture(capture, {
      decodeAs: [`tcp.port==${server.port},skinny`],
      fields: ['skinny.messageId'],
    });
    assert.equal(decoded.malformed, 0, `tshark problems: ${JSON.stringify(decoded.problems)}`);
    const seen = decoded.values.flatMap((p) => (p['skinny.messageId'] ?? []).map(Number));
    for (const [name, id] of Object.entries(REQUIRED_IN_CAPTURE))
      assert.ok(seen.includes(id), `tshark saw no ${name} (${hex(id)}) in the capture`);
    for (const name of [prompt, priNotify]) {
      const id = name.endsWith('V2')
        ? name === prompt
          ? 0x0145
          : 0x0144
        : name === prompt
          ? 0x0112
          : 0x0120;
      assert.ok(seen.includes(id), `tshark saw no ${name} (${hex(id)})`);
    }
    // Cross-check: tshark dissects exactly the messages the two clients sent and received.
    const clientIds = phones.flatMap((p) => [...p.sent, ...p.recv.map((r) => r.id)]);
    const want = [...countIds(clientIds)].sort(([x], [y]) => x - y).map(([id, n]) => `${hex(id)}x${n}`);
    const got = [...countIds(seen)].sort(([x], [y]) => x - y).map(([id, n]) => `${hex(id)}x${n}`);
    assert.deepEqual(got, want, 'SCCP messages in the capture = messages seen by the independent clients');
  } finally {
    for (const phone of phones) phone.child.kill('SIGKILL');
    if (server) await stopProcess(server.child, 'SIGKILL', 5_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'independent SCCP client: register, off-hook, dial, ring (protocol 5, static display messages)',
  {
    timeout: 90_000,
  },
  () => scenario(5),
);

test(
  'independent SCCP client: register, off-hook, dial, ring (protocol 17, dynamic display messages)',
  {
    timeout: 90_000,
  },
  () => scenario(17),
);
