/**
 * Fuzzes the console of a served ACD lab (serve-acd-command.ts `runAcdConsoleLine`, what `ctilab
 * serve acd --console` runs for each standard-input line and the admin endpoint for each `POST
 * /command`) with fast-check, in-process on a real AcdLab (labs/acd-duplex.yaml: node `acd`, both
 * CTI Server sides and the phones' SCCP port on ephemeral ports), in the manner of
 * cme-console.fuzz.test.ts: the console's words in any order, its command shapes with arguments
 * missing, wrong or extra, control characters, unicode, odd whitespace, huge runs. Each line gets
 * one answer, never a throw: one JSON line `{command, ok, ...}`; a refusal names its error and
 * leaves the lab (endpoints, active side, sides up, peripheral status) as it was; a wrong verb or
 * argument count is refused whatever the state; a line longer than 4096 bytes is refused as such,
 * quoting its start only. Between runs the lab is brought back (restore-side, peripheral online,
 * central-controller up). After the fuzz, well-formed commands still work.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import { acdPeripheralStatus } from '../simulators/runtime/acd-lab-unit.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { MAX_CONSOLE_LINE_BYTES } from './console-line.ts';
import { type AcdConsoleAnswer, runAcdConsoleLine } from './serve-acd-command.ts';

const shipped = fileURLToPath(new URL('../labs/acd-duplex.yaml', import.meta.url));
let lab: AcdLab;

before(async () => {
  const nodes = acdNodesOf(await loadTopology(shipped));
  lab = new AcdLab({
    nodes,
    host: '127.0.0.1',
    sccpPort: 0,
    sidePorts: { acd: { A: 0, B: 0 } },
    log: () => {},
  });
  await lab.start();
});

after(async () => {
  await lab?.close();
});

/** What a console command may change. */
const labState = () => JSON.stringify({ endpoints: lab.endpoints(), peripherals: acdPeripheralStatus(lab) });

const VERBS = ['fail-side', 'restore-side', 'peripheral', 'central-controller', 'status'];
const WORDS = [
  ...VERBS,
  'STATUS',
  'Fail-Side',
  'reboot',
  'acd',
  'acd2',
  'ACD',
  'A',
  'B',
  'C',
  'a',
  'online',
  'offline',
  'up',
  'down',
  'extra',
  '__proto__',
  'constructor',
  '0',
  '\u0000',
  '\u001b[2J',
  '\ud800',
  '\u{1f4de}',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\u00a0', '\u3000', '\u000b', '\u2028', ''];
const odd = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(fc.constantFrom('a', '9', '\u00e9', ' ', '\u0000'), fc.integer({ min: 1_000, max: 200_000 }))
    .map(([c, n]) => c.repeat(n)),
);
const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: odd });

/** Well-formed commands, their argument count right or one off. */
const NODE = fc.constantFrom('acd', 'acd', 'acd2');
const wellFormed: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constant('fail-side'), fc.tuple(NODE, fc.constantFrom('A', 'B'))),
      fc.tuple(fc.constant('restore-side'), fc.tuple(NODE)),
      fc.tuple(fc.constant('peripheral'), fc.tuple(NODE, fc.constantFrom('online', 'offline'))),
      fc.tuple(fc.constant('central-controller'), fc.tuple(NODE, fc.constantFrom('up', 'down'))),
      fc.tuple(fc.constant('status'), fc.constant([] as string[])),
    ),
    fc.constantFrom(0, 0, 0, -1, 1),
    fc.constantFrom('extra', 'A', 'acd'),
  )
  .map(([[verb, args], off, extra]) => [
    verb,
    ...(off < 0 ? args.slice(0, -1) : off > 0 ? [...args, extra] : args),
  ]);

/** A console line (no line break: readline cuts there). */
const line = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: wellFormed },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...VERBS), fc.array(word, { maxLength: 4 }))
          .map(([v, rest]) => [v, ...rest]),
      },
      { weight: 1, arbitrary: fc.array(word, { maxLength: 6 }) },
    ),
    fc.array(fc.constantFrom(...SEPARATORS), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('', ' ', '\t'),
    fc.constantFrom('', ' ', '\u3000'),
  )
  .map(
    ([words, seps, lead, trail]) =>
      `${lead}${words.map((x, i) => `${i === 0 ? '' : seps[i % 8]}${x}`).join('')}${trail}`,
  )
  .map((l) => l.replace(/[\r\n]/g, ' '));

const short = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}...(${s.length})` : s);

/** The arguments each verb takes after it, and the values of the second where it has one. */
const SHAPE: Record<string, { argc: number; second?: readonly string[] }> = {
  'fail-side': { argc: 2, second: ['A', 'B'] },
  'restore-side': { argc: 1 },
  peripheral: { argc: 2, second: ['online', 'offline'] },
  'central-controller': { argc: 2, second: ['up', 'down'] },
  status: { argc: 0 },
};

/** The answer's promise: one JSON line, the command echoed, a refusal with its error, nothing changed by it. */
async function answerLine(l: string): Promise<AcdConsoleAnswer> {
  const before = labState();
  const r = await runAcdConsoleLine(lab, l);
  const text = JSON.stringify(r);
  assert.ok(!/[\r\n]/.test(text), `${short(l)}: the answer is not one line`);
  if (!r.ok) {
    assert.ok(typeof r.error === 'string' && r.error.length > 0, `${short(l)}: an empty error`);
    assert.equal(labState(), before, `${short(l)} was refused (${r.error}) but changed the lab`);
  }
  if (Buffer.byteLength(l, 'utf8') > MAX_CONSOLE_LINE_BYTES) {
    assert.match(r.ok ? '' : r.error, /^line too long: \d+ bytes/, short(l));
    assert.ok(r.command.length <= 65, `${short(l)}: the answer echoes ${r.command.length} characters`);
    return r;
  }
  assert.equal(r.command, l.trim(), short(l));
  // The refusals owed whatever the state: an empty line, an unknown verb, a wrong argument count or value.
  const words = r.command === '' ? [] : r.command.split(/\s+/);
  const shape = SHAPE[words[0] ?? ''];
  const args = words.slice(1);
  if (
    shape === undefined ||
    args.length !== shape.argc ||
    (shape.second !== undefined && !shape.second.includes(args[1] ?? ''))
  )
    assert.equal(r.ok, false, `${short(l)}: a wrong verb or arguments, done: ${text.slice(0, 200)}`);
  return r;
}

/** Back to the starting state between runs: both sides up, the peripheral online, the controller up. */
async function reset(): Promise<void> {
  for (const l of ['restore-side acd', 'peripheral acd online', 'central-controller acd up'])
    assert.equal((await runAcdConsoleLine(lab, l)).ok, true, l);
}

const PARAMS = { numRuns: 150, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false } as const;

test('arbitrary console lines each get one JSON answer; a refusal says why and changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
      await reset();
      for (const l of lines) await answerLine(l);
    }),
    PARAMS,
  );
  await reset();
});

test('refusals of extra and missing arguments, empty and oversize lines, by name', async () => {
  for (const l of ['', ' \t '])
    assert.deepEqual(await answerLine(l), { command: '', ok: false, error: 'empty command' });
  for (const l of ['status x', 'fail-side acd', 'fail-side acd A x', 'restore-side', 'restore-side acd B'])
    assert.equal((await answerLine(l)).ok, false, l);
  assert.deepEqual(await answerLine(`status ${'x'.repeat(200_000)}`), {
    command: `status ${'x'.repeat(57)}…`,
    ok: false,
    error: 'line too long: 200007 bytes (a console line is at most 4096 bytes)',
  });
});

test('after the fuzz: well-formed commands still work', async () => {
  // The active side is A or B after the fuzz (a restored side comes back as standby).
  const active = lab.endpoints().nodes['acd']!.active;
  const failed = await answerLine(`fail-side acd ${active}`);
  assert.equal(failed.ok && failed.endpoints.nodes['acd']?.active, active === 'A' ? 'B' : 'A');
  const restored = await answerLine('restore-side acd');
  assert.deepEqual(restored.ok && restored.endpoints.nodes['acd']?.up, ['A', 'B']);
  const offline = await answerLine('peripheral acd offline');
  assert.equal(offline.ok && offline.peripherals['acd']?.online, false);
  const online = await answerLine('peripheral acd online');
  assert.equal(online.ok && online.peripherals['acd']?.online, true);
  assert.equal((await answerLine('status')).ok, true);
});
