import { execFile } from 'node:child_process';

/**
 * tshark, driven for tests and the conformance harness: DESIGN.md section 6 requires captured
 * traffic to dissect with no malformed packets. tshark runs via execFile (no shell); every
 * option is checked before it reaches the command line.
 */
export const TSHARK_INSTALL_HINT =
  'tshark is not installed: install it (Debian/Ubuntu: `apt-get install -y tshark`), or set CTILAB_SKIP_TSHARK=1 to skip tshark checks';

export type TsharkErrorCode = 'not-installed' | 'bad-option' | 'failed' | 'bad-output';

export class TsharkError extends Error {
  readonly code: TsharkErrorCode;
  readonly stderr: string;

  constructor(code: TsharkErrorCode, message: string, stderr = '') {
    super(`${code}: ${message}`);
    this.name = 'TsharkError';
    this.code = code;
    this.stderr = stderr;
  }
}

export interface DecodeOptions {
  /** Decode-as rules, e.g. `tcp.port==20000,skinny` (SCCP is only native on TCP 2000). */
  decodeAs?: string[];
  /** Fields to extract per packet; `frame.number` is always added. */
  fields?: string[];
  /** Only packets matching this display filter are returned (malformed counting sees all). */
  displayFilter?: string;
  /** Validate IP/TCP/UDP checksums, so a wrong one counts as an error. Default true. */
  checkChecksums?: boolean;
  /** Extra `-o name:value` preferences. */
  preferences?: Record<string, string>;
  /** Lua dissectors to load (`-X lua_script:<path>`), e.g. the lab's `wireshark/ged188.lua`. */
  luaScripts?: string[];
  /** The tshark binary; default `$CTILAB_TSHARK` or `tshark`. */
  tshark?: string;
  timeoutMs?: number;
}

export interface CaptureProblem {
  frame: number;
  messages: string[];
}

export interface DecodedCapture {
  /** One record per packet: field name to its occurrences joined with ','. */
  packets: Array<Record<string, string>>;
  /** The same with each field's occurrences kept apart. */
  values: Array<Record<string, string[]>>;
  /** Frames with a malformed-packet marker or any expert item of severity error. */
  malformed: number;
  problems: CaptureProblem[];
}

export const DEFAULT_FIELDS = [
  'frame.protocols',
  'ip.src',
  'ip.dst',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
];

// epan/proto.h: PI_ERROR = 0x00800000 is the expert severity "error".
const EXPERT_SEVERITY_ERROR = 0x00800000;
const PROBLEM_FILTER = `_ws.malformed || _ws.expert.severity >= ${EXPERT_SEVERITY_ERROR}`;
const FIELD = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DECODE_AS = /^[A-Za-z0-9_.]+==\d+([-:]\d+)?,[A-Za-z0-9_.-]+$/;
const PREFERENCE = /^[A-Za-z0-9_.-]+$/;
const MAX_OUTPUT = 1024 * 1024 * 1024;

function binary(opts: { tshark?: string } = {}): string {
  return opts.tshark ?? process.env['CTILAB_TSHARK'] ?? 'tshark';
}

/** True when the tshark binary runs. */
export async function tsharkAvailable(tshark: string = binary()): Promise<boolean> {
  try {
    await run(tshark, ['-v'], 30_000);
    return true;
  } catch {
    return false;
  }
}

/**
 * Dissects a capture file: returns the chosen fields of every packet and counts malformed
 * packets / expert errors. Throws {@link TsharkError} (`not-installed`, `bad-option`, `failed`).
 */
export async function decodeCapture(path: string, opts: DecodeOptions = {}): Promise<DecodedCapture> {
  if (typeof path !== 'string' || path === '') throw new TsharkError('bad-option', 'capture path is empty');
  const fields = ['frame.number', ...(opts.fields ?? DEFAULT_FIELDS).filter((f) => f !== 'frame.number')];
  for (const f of fields)
    if (!FIELD.test(f)) throw new TsharkError('bad-option', `bad field name ${JSON.stringify(f)}`);
  const common = ['-n', '-r', path];
  for (const script of opts.luaScripts ?? []) {
    if (typeof script !== 'string' || script === '' || /[\r\n]/.test(script))
      throw new TsharkError('bad-option', `bad Lua script path ${JSON.stringify(script)}`);
    common.push('-X', `lua_script:${script}`);
  }
  for (const d of opts.decodeAs ?? []) {
    if (!DECODE_AS.test(d)) throw new TsharkError('bad-option', `bad decode-as rule ${JSON.stringify(d)}`);
    common.push('-d', d);
  }
  const prefs: Record<string, string> = {};
  if (opts.checkChecksums ?? true) {
    for (const p of ['ip.check_checksum', 'tcp.check_checksum', 'udp.check_checksum']) prefs[p] = 'TRUE';
  }
  Object.assign(prefs, opts.preferences);
  for (const [k, v] of Object.entries(prefs)) {
    if (!PREFERENCE.test(k) || /[\r\n]/.test(v)) throw new TsharkError('bad-option', `bad preference ${k}`);
    common.push('-o', `${k}:${v}`);
  }
  const exe = binary(opts);
  const timeout = opts.timeoutMs ?? 120_000;
  const fieldArgs = fields.flatMap((f) => ['-e', f]);
  const filter = opts.displayFilter === undefined ? [] : ['-Y', opts.displayFilter];
  const [json, problemsText] = await Promise.all([
    run(exe, [...common, ...filter, '-T', 'json', ...fieldArgs], timeout),
    run(
      exe,
      [...common, '-Y', PROBLEM_FILTER, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|'].concat([
        '-e',
        'frame.number',
        '-e',
        '_ws.expert.message',
        '-e',
        '_ws.malformed',
      ]),
      timeout,
    ),
  ]);
  const values = parseJsonPackets(json);
  const packets = values.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.join(',')])));
  const problems = parseProblems(problemsText);
  return { packets, values, malformed: problems.length, problems };
}

function parseJsonPackets(text: string): Array<Record<string, string[]>> {
  if (text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new TsharkError('bad-output', `tshark JSON did not parse: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new TsharkError('bad-output', 'tshark JSON is not an array');
  return doc.map((entry) => {
    const layers = (entry as { _source?: { layers?: unknown } })?._source?.layers;
    const out: Record<string, string[]> = {};
    if (layers && typeof layers === 'object') {
      for (const [k, v] of Object.entries(layers as Record<string, unknown>)) {
        out[k] = Array.isArray(v) ? v.map(String) : [String(v)];
      }
    }
    return out;
  });
}

function parseProblems(text: string): CaptureProblem[] {
  const out: CaptureProblem[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [frame = '', messages = '', malformed = ''] = line.split('\t');
    const list = messages === '' ? [] : messages.split('|');
    if (list.length === 0 && malformed !== '') list.push('Malformed Packet');
    out.push({ frame: Number(frame), messages: list });
  }
  return out;
}

function run(exe: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(exe, args, { maxBuffer: MAX_OUTPUT, timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) {
        resolve(stdout);
        return;
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') {
        reject(new TsharkError('not-installed', `${exe} not found. ${TSHARK_INSTALL_HINT}`));
        return;
      }
      const detail = stderr
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.includes('could be dangerous'))
        .join('\n');
      const why = e.killed ? `timed out after ${timeout} ms` : `exited with ${String(e.code)}`;
      reject(new TsharkError('failed', `${exe} ${why}: ${detail || e.message}`, stderr));
    });
  });
}
