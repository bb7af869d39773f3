/**
 * Fuzzes the router console of a served CME (cme-console.ts `runConsoleCommand`, what `ctilab
 * serve cme --console` runs for each standard-input line) with fast-check, in-process on a real
 * CME (labs/cme-moc.cfg on 127.0.0.1: two phones registered over SCCP with the bare test client,
 * one CTI session open, a Manual clock so nothing expires while it runs): lines of the console's
 * own words in any order and case (`call make|answer|clear`, `show cti session`, `clear cti
 * session id N`, `emadmin login|logout`, `show ephone registered`), missing and extra arguments,
 * real DNs, call ids and session ids among wrong ones, huge arguments, control characters,
 * unicode, odd whitespace and empty lines. Each line gets one answer, never a throw: a JSON line
 * `{command, ok, ...}` (a line longer than 4096 bytes: `line too long`, quoting its start only); a refusal names its error; a refused command leaves the node's state
 * (calls, registrations, CTI sessions, extension mobility logins) as it was. After the fuzz the
 * calls it made are cleared, a well-formed call is made, answered and cleared, and the node holds
 * no call and the same registrations. Each run is a short sequence of lines from the starting state
 * (so `$call` is a call the run made: make, answer, clear in any order). Bounded: numRuns and a time limit per property.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { CmeLab } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { CSTA_NAMESPACES } from '../simulators/csta/csta-namespaces.ts';
import { ManualClock } from '../simulators/lab/manual-clock.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { SccpTestClient } from '../simulators/testing/sccp-test-client.ts';
import { type ConsoleResult, runConsoleCommand } from './cme-console.ts';
import { MAX_CONSOLE_LINE_BYTES } from './console-line.ts';

let lab: CmeLab;
const phones: SccpTestClient[] = [];
let sessionId = 0;
/** Call ids the console handed out (ok answers to `call make`): the fuzz's own calls. */
const made: string[] = [];
let registeredBefore = '';

before(async () => {
  const { config, ios } = loadCmeConfig(readFileSync('labs/cme-moc.cfg', 'utf8'));
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, clock: new ManualClock(), log: () => {} });
  const port = (await lab.start()).endpoints.sccp.port;
  // ephone 1 a 7961 (device type 30018), ephone 2 a 7960 (7).
  for (const [mac, deviceType] of [
    ['001E4A34A35F', 30018],
    ['000F8FC7B681', 7],
  ] as const) {
    const c = await SccpTestClient.connect(port);
    await c.register(mac, { deviceType });
    phones.push(c);
  }
  const s = lab.cti!.openSession({
    user: 'alice',
    line: '201',
    client: 'generic',
    namespace: CSTA_NAMESPACES.ed3,
  });
  assert.ok(s.ok);
  sessionId = s.value.id;
  registeredBefore = registered();
});

after(async () => {
  for (const c of phones) c.close();
  await lab?.stop();
});

const registered = () =>
  JSON.stringify(lab.node.registeredDevices.map((d) => [d.deviceName, d.ephoneTag, d.since]));

/** What a console command may change: calls, registrations, CTI sessions, EM logins. */
function nodeState(): string {
  const model = lab.calls.model;
  return JSON.stringify({
    calls: model.callIds().map((id) => model.snapshotCall(id)),
    registered: registered(),
    sessions: lab.cti!.sessions(),
    closed: lab.cti!.closedSessions(),
    em: [1, 2, 3].map((tag) => lab.cti!.emUserOn(tag) ?? null),
  });
}

// ---- the lines

const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  '\u3000',
  '\u000b',
  '\u000c',
  '\u2028',
  '\u00ad',
  '',
];
const WORDS = [
  'show',
  'SHOW',
  'clear',
  'Clear',
  'call',
  'CALL',
  'make',
  'MaKe',
  'answer',
  'hold',
  'cti',
  'session',
  'id',
  'ephone',
  'registered',
  'emadmin',
  'login',
  'logout',
  'reload',
  '?',
  '201',
  '202',
  '203',
  '204',
  '0201',
  '2O1',
  '999',
  '5001',
  '+201',
  'user204',
  'nobody',
  '__proto__',
  'constructor',
  'toString',
  '0',
  '1',
  '2',
  '3',
  '-1',
  '1e3',
  '0x10',
  'NaN',
  '99999999999999999999',
  '$call',
  '$session',
  '%s%n',
  '\u0000',
  '\u001b[2J',
  '\u0007',
  '\ud800',
  '\u{1f4de}',
  '\u0661\u0662',
];
/** Text that is none of the console's words: unicode, control characters, huge runs. */
const odd = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc
    .tuple(fc.constantFrom('2', 'a', '9', '\u00e9', ' ', '\u0000'), fc.integer({ min: 1_000, max: 200_000 }))
    .map(([c, n]) => c.repeat(n)),
);
const word = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: odd });

/** The console's own command shapes with an argument or two changed, missing or added. */
const shaped = fc
  .tuple(
    fc.constantFrom(
      ['call', 'make'],
      ['call', 'answer'],
      ['call', 'clear'],
      ['call', 'hold'],
      ['call'],
      ['show', 'cti', 'session'],
      ['show', 'ephone', 'registered'],
      ['clear', 'cti', 'session', 'id'],
      ['emadmin', 'login'],
      ['emadmin', 'logout'],
    ),
    fc.array(word, { maxLength: 4 }),
  )
  .map(([head, rest]) => [...head, ...rest]);

/** Well-formed commands with the lab's own arguments (their number right, or one off): these change the node. */
// 201 and 202 have a registered phone (in service), 203 and 204 none, 999 is no DN.
const DN = fc.constantFrom('201', '202', '201', '202', '203', '204', '999');
const wellFormed = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constant(['call', 'make']), fc.tuple(DN, DN)) },
      {
        weight: 3,
        arbitrary: fc.tuple(
          fc.constantFrom(['call', 'answer'], ['call', 'clear']),
          fc.tuple(fc.constantFrom('$call', '$call', '$call', 'C1'), DN),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constant(['clear', 'cti', 'session', 'id']),
          fc.tuple(fc.constantFrom('$session', '1', '3')),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constant(['emadmin', 'login']),
          fc.tuple(fc.constantFrom('user204', 'nobody'), fc.constantFrom('1', '2', '3', '4')),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constant(['emadmin', 'logout']),
          fc.tuple(fc.constantFrom('user204', 'nobody')),
        ),
      },
    ),
    fc.constantFrom(0, 0, 0, -1, 1),
    fc.constantFrom('201', 'extra', '$call'),
  )
  .map(([[head, args], off, extra]) => [
    ...head,
    ...(off < 0 ? args.slice(0, -1) : off > 0 ? [...args, extra] : args),
  ]);

/** A console line (no line break: the readline of `serve cme --console` cuts there). */
const line = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: wellFormed },
      { weight: 1, arbitrary: shaped },
      { weight: 1, arbitrary: fc.array(word, { maxLength: 7 }) },
    ),
    fc.array(fc.constantFrom(...SEPARATORS), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('', ' ', '\t', '  \u00a0'),
    fc.constantFrom('', ' ', '\t', '\u3000'),
  )
  .map(
    ([words, seps, lead, trail]) =>
      `${lead}${words.map((w, i) => `${i === 0 ? '' : seps[i % 8]}${w}`).join('')}${trail}`,
  )
  .map((l) => l.replace(/[\r\n]/g, ' '));

/** `$call` and `$session` become the last call id the console gave and the open session's id. */
const bind = (l: string) =>
  l.replaceAll('$call', made.at(-1) ?? 'x').replaceAll('$session', String(sessionId));

const short = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}...(${s.length})` : s);

/** The answer's promise: one JSON line, the command echoed, a refusal with its error, nothing changed by it. */
async function answerLine(l: string): Promise<ConsoleResult> {
  const before = nodeState();
  const r = await runConsoleCommand(lab, l);
  const text = JSON.stringify(r);
  assert.ok(!/[\r\n]/.test(text), `${short(l)}: the answer is not one line`);
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(r)));
  // A line longer than 4096 bytes is refused as such, quoted by its start only (console-line.ts).
  if (Buffer.byteLength(l, 'utf8') > MAX_CONSOLE_LINE_BYTES) {
    assert.match(r.ok ? '' : r.error, /^line too long: \d+ bytes/, short(l));
    assert.ok(r.command.length <= 65, `${short(l)}: the answer echoes ${r.command.length} characters`);
    assert.equal(nodeState(), before, `${short(l)} was refused but changed the node`);
    return r;
  }
  assert.equal(r.command, l.trim().replace(/\s+/g, ' '), short(l));
  // The refusals the console owes whatever the node's state: usage for a call command with its
  // arguments missing or extra, an unknown word, an empty line.
  const words = r.command.split(' ');
  if (/^call$/i.test(words[0] ?? '') && words.length !== 4)
    assert.match(r.ok ? '' : r.error, /^usage: call make/, `${short(l)}: ${text.slice(0, 200)}`);
  if (!/^(show|clear|emadmin|call|remote)$/i.test(words[0] ?? '') && r.command !== '')
    assert.match(r.ok ? '' : r.error, /^unknown command; try: /, `${short(l)}: ${text.slice(0, 200)}`);
  if (r.command === '') assert.deepEqual(r, { command: '', ok: false, error: 'empty command' });
  // A known command with the wrong arguments: refused with its usage.
  const lower = r.command.toLowerCase();
  const exact =
    /^(show cti session|show ephone registered|clear cti session id \d+|emadmin login \S+ \d+|emadmin logout \S+)$/;
  if (
    /^(show cti session|show ephone registered|clear cti session|emadmin login|emadmin logout)( |$)/.test(
      lower,
    )
  )
    if (!exact.test(lower))
      assert.match(r.ok ? '' : r.error, /^usage: /, `${short(l)}: ${text.slice(0, 200)}`);
  if (r.ok) {
    const id = (r.result as { callID?: unknown } | undefined)?.callID;
    if (typeof id === 'string') made.push(id);
  } else {
    assert.equal(typeof r.error, 'string', short(l));
    assert.ok(r.error.length > 0, `${short(l)}: an empty error`);
    assert.equal(nodeState(), before, `${short(l)} was refused (${r.error}) but changed the node`);
  }
  return r;
}

/** Back to the starting state between runs: no call, no EM login, one CTI session open. */
function reset(): void {
  const model = lab.calls.model;
  for (const id of model.callIds())
    for (const e of model.snapshotCall(id).endpoints)
      if (model.callIds().includes(id)) model.clear({ callID: id, deviceID: e.connection.deviceID });
  lab.cti!.emLogout('user204');
  if (lab.cti!.session(sessionId) === undefined) {
    const s = lab.cti!.openSession({
      user: 'alice',
      line: '201',
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    });
    assert.ok(s.ok);
    sessionId = s.value.id;
  }
  made.length = 0;
  assert.deepEqual(model.callIds(), []);
}

const PARAMS = { numRuns: 300, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false } as const;

test('arbitrary console lines each get one JSON answer; a refusal says why and changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(line, { minLength: 1, maxLength: 8 }), async (call, lines) => {
      reset();
      // Half the runs have a call up first (C<n> ringing on 202), for answer and clear to act on.
      if (call) assert.equal((await answerLine('call make 201 202')).ok, true);
      // In order: `$call` is the call the last `call make` of this run made.
      for (const l of lines) await answerLine(bind(l));
    }),
    PARAMS,
  );
  reset();
});

test('after the fuzz: its calls cleared, a well-formed call made, answered and cleared; no call left, the same registrations', async () => {
  const model = lab.calls.model;
  for (const id of model.callIds())
    for (const e of model.snapshotCall(id).endpoints) {
      if (!model.callIds().includes(id)) break;
      await answerLine(`call clear ${id} ${e.connection.deviceID}`);
    }
  assert.deepEqual(model.callIds(), [], 'calls left after clearing them');
  for (const user of ['user204']) await answerLine(`emadmin logout ${user}`);
  const m = await answerLine('call make 201 202');
  assert.equal(m.ok, true, JSON.stringify(m));
  const id = (m as { result: { callID: string } }).result.callID;
  assert.equal((await answerLine(`call answer ${id} 202`)).ok, true);
  assert.equal((await answerLine(`call clear ${id} 201`)).ok, true);
  assert.deepEqual(model.callIds(), []);
  assert.equal(registered(), registeredBefore);
  const shown = await answerLine('show ephone registered');
  assert.deepEqual((shown as { result: Array<{ device: string }> }).result.map((d) => d.device).sort(), [
    'SEP000F8FC7B681',
    'SEP001E4A34A35F',
  ]);
});

// Two ephone-dns on no ephone, `cti watch`: in service with no phone (CME CSTA guide, "cti
// notify"), as bin/cme-console.test.ts and bench/csta-call-events.ts use them.
const PHONELESS = [
  'hostname console-fuzz',
  'voice service voip',
  ' no cti shutdown',
  'telephony-service',
  ' max-ephones 1',
  ' max-dn 2',
  ' ip source-address 127.0.0.1 port 2000',
  ...['5001', '5002'].flatMap((n, i) => [`ephone-dn ${i + 1}`, ` number ${n}`, ' cti watch', ' cti notify']),
  'end',
].join('\n');

test(
  'serve cme --console as a child: a batch of fuzz lines, each answered in order; the node still makes, answers and clears a call',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-console-fuzz-'));
    const cfg = join(dir, 'phoneless.cfg');
    writeFileSync(cfg, PHONELESS);
    const child = new CtilabChild(
      'serve cme --console',
      ['serve', 'cme', '--config', cfg, '--host', '127.0.0.1', '--sccp-port', '0', '--console'],
      { stdin: true },
    );
    try {
      await child.waitForLine((v) => v.node === 'cme', 30_000, 'the ready line');
      const from = child.lines.length;
      // A fixed sample (seeded: the same lines each run), with a call made in the middle, cut by every
      // line end readline knows (LF, CR LF, CR), empty lines among them.
      const sample = fc.sample(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r', '\n\n')), {
        seed: 4242,
        numRuns: 120,
      });
      sample.splice(60, 0, ['call make 5001 5002', '\n']);
      const text = sample
        .map(([l, end]) => `${l.replaceAll('$call', 'C1').replaceAll('$session', '1')}${end}`)
        .join('');
      const pieces = text.split(/\r\n|\n|\r/).slice(0, -1);
      child.send(text.slice(0, -1)); // send() adds the last LF
      const last = await child.waitForLine(
        () => child.lines.length - from >= pieces.length,
        60_000,
        `${pieces.length} answers`,
        from,
      );
      assert.ok(last);
      const answers = child.lines.slice(from).map((l) => l.value as ConsoleResult);
      assert.equal(answers.length, pieces.length);
      pieces.forEach((p, i) => {
        const a = answers[i]!;
        if (Buffer.byteLength(p, 'utf8') > MAX_CONSOLE_LINE_BYTES) {
          assert.match(a.ok ? '' : a.error, /^line too long: /, short(p));
          assert.ok(a.command.length <= 65, short(p));
          return;
        }
        // What the child read: the line as UTF-8 (a lone surrogate arrives as U+FFFD), normalized.
        assert.equal(
          a.command,
          Buffer.from(p, 'utf8').toString('utf8').trim().replace(/\s+/g, ' '),
          short(p),
        );
        if (!a.ok) assert.ok(typeof a.error === 'string' && a.error.length > 0, short(p));
        if (p.trim() === '') assert.deepEqual(a, { command: '', ok: false, error: 'empty command' });
      });
      assert.equal(answers.filter((a) => a.command === 'call make 5001 5002')[0]?.ok, true);
      assert.equal(child.exited, false, 'the node ended');
      // The call made in the batch: cleared by well-formed commands, then a new one end to end.
      const ask = async (l: string): Promise<ConsoleResult> => {
        const at = child.lines.length;
        child.send(l);
        return (await child.waitForLine((v) => v.command === l, 10_000, l, at)).value as ConsoleResult;
      };
      await ask('call clear C1 5001');
      const made = await ask('call make 5001 5002');
      assert.equal(made.ok, true, JSON.stringify(made));
      const id = (made as { result: { callID: string } }).result.callID;
      assert.deepEqual(await ask(`call answer ${id} 5002`), {
        command: `call answer ${id} 5002`,
        ok: true,
        result: { answered: id },
      });
      assert.deepEqual(await ask(`call clear ${id} 5001`), {
        command: `call clear ${id} 5001`,
        ok: true,
        result: { cleared: id },
      });
      assert.equal((await ask(`call clear ${id} 5001`)).ok, false);
      assert.deepEqual(await ask('show ephone registered'), {
        command: 'show ephone registered',
        ok: true,
        result: [],
      });
      const stopped = await child.stop(10_000);
      assert.deepEqual([stopped.code, stopped.killed], [0, false]);
    } finally {
      await child.stop(5000).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
