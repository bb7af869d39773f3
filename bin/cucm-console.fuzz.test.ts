/**
 * Fuzzes the console of a served CUCM cluster (serve-cucm-command.ts `runClusterCommand`, what
 * `ctilab serve cucm --console` runs for each standard-input line and the admin endpoint for each
 * `POST /command`) with fast-check, in-process on a real cluster (labs/cucm-cluster.yaml: two
 * servers, one CTI gateway, listening on 127.0.0.1), in the manner of cme-console.fuzz.test.ts:
 * lines of the console's own words in any order, its command shapes with arguments missing, wrong
 * or extra, the cluster's server and device names among wrong ones, control characters, unicode,
 * odd whitespace, huge runs. Each line gets one answer, never a throw: one JSON line `{command,
 * ok, ...}`; a refusal names its error and leaves the cluster's state (services, endpoints,
 * alarms, TR/87 sessions, route point and CTI port forwards) as it was; a command with the wrong
 * number of arguments is refused whatever the state (`alarms extra` too); a line longer than 4096
 * bytes is refused as such, quoting its start only. Between runs the cluster is brought back up
 * (start-node, pause-node off). After the fuzz, well-formed commands still work. And a seeded
 * batch through a real `serve cucm --console` child: one answer per non-blank line, in order,
 * none for a blank line (console-handles.ts reads the next answer as its command's).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CucmCluster } from '../simulators/cucm/cucm-cluster.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { MAX_CONSOLE_LINE_BYTES } from './console-line.ts';
import { type ClusterConsoleAnswer, runClusterCommand } from './serve-cucm-command.ts';

const shipped = fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url));
const SERVERS = ['cucm-pub', 'cucm-sub1'];
let cluster: CucmCluster;

before(async () => {
  const [chosen] = cucmClustersOf(await loadTopology(shipped));
  cluster = new CucmCluster({
    cluster: chosen!.cluster,
    servers: chosen!.servers,
    gateways: chosen!.gateways,
    host: '127.0.0.1',
    log: () => {},
  });
  await cluster.start();
});

after(async () => {
  await cluster?.stop();
});

/** What a console command may change. */
function clusterState(): string {
  return JSON.stringify({
    services: cluster.serviceStates(),
    endpoints: cluster.endpoints,
    alarms: cluster.alarms,
    sessions: [...cluster.gateways.values()].map((g) => g.cti.sessions()),
    devices: ['RP2000', 'SEP0000000CA001', 'CTIP3000'].map((d) => cluster.directory.device(d) ?? null),
  });
}

// ---- the lines

const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\u00a0', '\u3000', '\u000b', '\u2028', ''];
const VERBS = [
  'stop-node',
  'start-node',
  'pause-node',
  'stop-service',
  'start-service',
  'status',
  'alarms',
  'sessions',
  'apply-config',
];
const WORDS = [
  ...VERBS,
  'STATUS',
  'reboot',
  ...SERVERS,
  'cucm-sub9',
  'cucm-imp',
  'on',
  'off',
  'callmanager',
  'ctimanager',
  'CallManager',
  'RP2000',
  'SEP0000000CA001',
  'cfna=1002',
  'cfb=1003',
  'cfof=x',
  'cfna=',
  'extra',
  '__proto__',
  'constructor',
  '0',
  '-1',
  '\u0000',
  '\u001b[2J',
  '\ud800',
  '\u{1f4de}',
];
const odd = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .tuple(fc.constantFrom('a', '9', '\u00e9', ' ', '\u0000'), fc.integer({ min: 1_000, max: 200_000 }))
    .map(([c, n]) => c.repeat(n)),
);
const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: odd });

/** Well-formed commands, their argument count right or one off. */
const SERVER = fc.constantFrom(...SERVERS, 'cucm-sub9');
const wellFormed = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom(['stop-node'], ['start-node']), fc.tuple(SERVER)),
      fc.tuple(fc.constant(['pause-node']), fc.tuple(SERVER, fc.constantFrom('on', 'off'))),
      fc.tuple(
        fc.constantFrom(['stop-service'], ['start-service']),
        fc.tuple(SERVER, fc.constantFrom('callmanager', 'ctimanager')),
      ),
      fc.tuple(fc.constantFrom(['status'], ['alarms'], ['sessions']), fc.constant([] as string[])),
      fc.tuple(
        fc.constant(['apply-config']),
        fc.tuple(fc.constantFrom('RP2000', 'SEP0000000CA001'), fc.constantFrom('cfna=1002', 'cfb=x')),
      ),
    ),
    fc.constantFrom(0, 0, 0, -1, 1),
    fc.constantFrom('extra', 'on', 'cucm-pub'),
  )
  .map(([[head, args], off, extra]) => [
    ...head,
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

/** The arguments each verb takes: [min, max] after the verb (apply-config: a device and up to three forwards). */
const ARITY: Record<string, [number, number]> = {
  'stop-node': [1, 1],
  'start-node': [1, 1],
  'pause-node': [2, 2],
  'stop-service': [2, 2],
  'start-service': [2, 2],
  status: [0, 0],
  alarms: [0, 0],
  sessions: [0, 0],
  'apply-config': [1, Number.POSITIVE_INFINITY],
};

/** The answer's promise: one JSON line, the command echoed, a refusal with its error, nothing changed by it. */
async function answerLine(l: string): Promise<ClusterConsoleAnswer> {
  const before = clusterState();
  const r = await runClusterCommand(cluster, l);
  const text = JSON.stringify(r);
  assert.ok(!/[\r\n]/.test(text), `${short(l)}: the answer is not one line`);
  if (!r.ok) {
    assert.ok(typeof r.error === 'string' && r.error.length > 0, `${short(l)}: an empty error`);
    assert.equal(clusterState(), before, `${short(l)} was refused (${r.error}) but changed the cluster`);
  }
  if (Buffer.byteLength(l, 'utf8') > MAX_CONSOLE_LINE_BYTES) {
    assert.match(r.ok ? '' : r.error, /^line too long: \d+ bytes/, short(l));
    assert.ok(r.command.length <= 65, `${short(l)}: the answer echoes ${r.command.length} characters`);
    return r;
  }
  assert.equal(r.command, l.trim(), short(l));
  // The refusals owed whatever the state: an empty line, an unknown verb, a wrong argument count.
  const words = r.command === '' ? [] : r.command.split(/\s+/);
  const arity = ARITY[words[0] ?? ''];
  const argc = words.length - 1;
  if (words.length === 0 || arity === undefined || argc < arity[0] || argc > arity[1])
    assert.equal(
      r.ok,
      false,
      `${short(l)} has the wrong verb or argument count but was done: ${text.slice(0, 200)}`,
    );
  return r;
}

/** Back to the starting state between runs: every server and service up, none paused. */
async function reset(): Promise<void> {
  for (const s of SERVERS) {
    await cluster.startNode(s);
    cluster.pauseNode(s, false);
  }
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
  for (const [l, error] of [
    ['alarms extra', "alarms takes no argument (unexpected 'extra')"],
    ['sessions extra', "sessions takes no argument (unexpected 'extra')"],
    ['', 'empty command'],
    ['   ', 'empty command'],
  ] as const)
    assert.deepEqual(await answerLine(l), { command: l.trim(), ok: false, error });
  for (const l of ['status x', 'stop-node', 'stop-node cucm-pub x', 'pause-node cucm-pub', 'apply-config'])
    assert.equal((await answerLine(l)).ok, false, l);
  const huge = await answerLine(`status ${'x'.repeat(200_000)}`);
  assert.deepEqual(huge, {
    command: `status ${'x'.repeat(57)}…`,
    ok: false,
    error: 'line too long: 200007 bytes (a console line is at most 4096 bytes)',
  });
});

test('after the fuzz: well-formed commands still work', async () => {
  assert.equal((await answerLine('alarms')).ok, true);
  assert.equal((await answerLine('sessions')).ok, true);
  const stopped = await answerLine('stop-node cucm-sub1');
  assert.equal(stopped.ok && stopped.endpoints.nodes['cucm-sub1']?.up, false);
  const started = await answerLine('start-node cucm-sub1');
  assert.equal(started.ok && started.endpoints.nodes['cucm-sub1']?.up, true);
  const status = await answerLine('status');
  assert.equal(status.ok, true);
  assert.deepEqual(
    SERVERS.map((s) => cluster.isUp(s)),
    [true, true],
  );
});

test(
  'serve cucm --console as a child: a seeded batch, one answer per non-blank line in order, none for a blank one',
  { timeout: 120_000 },
  async () => {
    const child = new CtilabChild(
      'serve cucm --console',
      [
        'serve',
        'cucm',
        '--topology',
        shipped,
        ...SERVERS.flatMap((s) => ['--port', `${s}=0`]),
        '--port',
        'cucm-imp=0',
        '--console',
      ],
      { stdin: true },
    );
    try {
      await child.waitForLine((v) => typeof v.endpoints === 'object', 30_000, 'the ready line');
      const from = child.lines.length;
      const sample = fc.sample(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\n\n', '\n \n')), {
        seed: 4243,
        numRuns: 60,
      });
      const text = sample.map(([l, end]) => `${l}${end}`).join('');
      const pieces = text.split(/\r\n|\n/).filter((p) => p.trim() !== '');
      child.send(text.slice(0, -1));
      await child.waitForLine(
        () => child.lines.length - from >= pieces.length,
        60_000,
        `${pieces.length} answers`,
        from,
      );
      const answers = child.lines.slice(from).map((l) => l.value.console as ClusterConsoleAnswer);
      assert.equal(answers.length, pieces.length);
      pieces.forEach((p, i) => {
        const a = answers[i]!;
        assert.ok(a !== undefined && typeof a.ok === 'boolean', short(p));
        if (Buffer.byteLength(p, 'utf8') > MAX_CONSOLE_LINE_BYTES)
          assert.match(a.ok ? '' : a.error, /^line too long: /, short(p));
        else assert.equal(a.command, Buffer.from(p, 'utf8').toString('utf8').trim(), short(p));
      });
      // Nothing more comes: a blank line got no answer. A well-formed command still works.
      const at = child.lines.length;
      child.send('start-node cucm-sub1');
      const done = (await child.waitForLine((v) => typeof v.console === 'object', 10_000, 'start-node', at))
        .value.console as ClusterConsoleAnswer;
      assert.deepEqual([done.command, done.ok], ['start-node cucm-sub1', true]);
      assert.equal(child.lines.length, at + 1);
      const stopped = await child.stop(10_000);
      assert.deepEqual([stopped.code, stopped.killed], [0, false]);
    } finally {
      await child.stop(5000).catch(() => undefined);
    }
  },
);
