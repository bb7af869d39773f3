/**
 * fast-check over the header grammar (issue 7): a well-formed OPTIONS with one mutation of a
 * class — a duplicated single-valued header, a bad CSeq, a bad Max-Forwards, a bad or unusable
 * Via, a bad SIP version — sent over TCP or UDP, must get exactly the answer its class deserves
 * (RFC 3261 §7.1, §7.3.1, §8.1.1.5, §18.2.2, §20.16, §20.22, §20.42, §21.4.1, §21.5.6), and the
 * endpoint keeps serving a witness on a connection opened before the run.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { RawSipPeer } from '../testing/raw-sip-peer.ts';
import { collectUncaught } from '../testing/uncaught-errors.ts';
import { SipEndpoint } from './sip-endpoint.ts';

let server: SipEndpoint;
let witness: RawSipPeer;
let serial = 0;
const uncaught = collectUncaught();

before(async () => {
  server = await SipEndpoint.start({ name: 'grammar-fuzzed' });
  server.onInvite((inv) => inv.reject(486), { user: '201' });
  witness = await RawSipPeer.tcpTo(server.address);
});

after(async () => {
  witness?.close();
  await server.close();
});

/** What one mutation must produce. */
type Expect = { status: 200 | 400 | 505; names?: string } | 'unanswerable';

type Mutation =
  | { kind: 'duplicate'; header: string; compact: boolean }
  | { kind: 'cseq'; value: string }
  | { kind: 'max-forwards'; value: string }
  | { kind: 'via-version'; value: string }
  | { kind: 'via-unusable'; value: string }
  | { kind: 'version'; value: string; expect: Expect };

const COMPACT: Readonly<Record<string, string>> = { From: 'f', To: 't', 'Call-ID': 'i' };
const TRANSPORTS = ['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS'];
const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,8}$/);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('duplicate' as const),
    header: fc.constantFrom('From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'),
    compact: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('cseq' as const),
    value: fc.oneof(
      fc.integer({ min: -99999, max: -1 }).map((n) => `${n} OPTIONS`),
      fc.integer({ min: 0, max: 0xffff }).map((n) => `0x${n.toString(16)} OPTIONS`),
      fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => `${a}.${b} OPTIONS`),
      fc.bigInt({ min: 2n ** 31n, max: 2n ** 70n }).map((n) => `${n} OPTIONS`),
      fc.nat().map((n) => `${n}`),
      fc.stringMatching(/^[a-z]{1,6}$/).map((w) => `${w} OPTIONS`),
      token
        .filter((m) => m !== 'OPTIONS')
        .map((m) => `1 ${m}`), // RFC 4475 §3.1.2.17 mismatch
      fc.constantFrom('1 OPT@ONS', '1 OPTIONS extra', ''),
    ),
  }),
  fc.record({
    kind: fc.constant('max-forwards' as const),
    value: fc.oneof(
      fc.integer({ min: -9999, max: -1 }).map(String),
      fc.integer({ min: 256, max: 10 ** 9 }).map(String),
      fc.tuple(fc.nat(99), fc.nat(99)).map(([a, b]) => `${a}.${b}`),
      fc.nat(9).map((n) => `${n}e3`),
      fc.nat(255).map((n) => `0x${n.toString(16)}`),
      fc.stringMatching(/^[a-z]{0,5}$/),
    ),
  }),
  fc.record({
    kind: fc.constant('via-version' as const),
    value: fc.oneof(
      fc
        .tuple(fc.nat(9), fc.nat(9))
        .filter(([a, b]) => a !== 2 || b !== 0)
        .map(([a, b]) => `SIP/${a}.${b}/UDP`),
      token.filter((t) => !TRANSPORTS.includes(t.toUpperCase())).map((t) => `SIP/2.0/${t}`),
    ),
  }),
  fc.record({
    kind: fc.constant('via-unusable' as const),
    value: fc.oneof(
      fc.stringMatching(/^[a-z ]{0,12}$/),
      fc.constantFrom('SIP/2.0/UDP', 'SIP/2.0', '/', ';branch=x'),
    ),
  }),
  fc.oneof(
    fc
      .tuple(fc.nat(9), fc.nat(9))
      .filter(([a, b]) => a !== 2 || b !== 0)
      .map(([a, b]): Mutation => ({ kind: 'version', value: `SIP/${a}.${b}`, expect: { status: 505 } })),
    fc
      .constantFrom('SIP/2', 'HTTP/1.1', 'SIP/x.y', 'SIP/2.0.1', 'SIP2.0')
      .map((value): Mutation => ({ kind: 'version', value, expect: { status: 400, names: 'SIP-Version' } })),
    // RFC 3261 §7.1: the version is case-insensitive; this one is well formed.
    fc
      .constantFrom('sip/2.0', 'Sip/2.0')
      .map((value): Mutation => ({ kind: 'version', value, expect: { status: 200 } })),
  ),
);

function expected(m: Mutation): Expect {
  switch (m.kind) {
    case 'duplicate':
      return { status: 400, names: m.header };
    case 'cseq':
      return { status: 400, names: 'CSeq' };
    case 'max-forwards':
      return { status: 400, names: 'Max-Forwards' };
    case 'via-version':
      return { status: 400, names: 'Via' };
    case 'via-unusable':
      return 'unanswerable';
    case 'version':
      return m.expect;
  }
}

function build(m: Mutation, peer: RawSipPeer, branch: string): string {
  const T = peer.transport.toUpperCase();
  const via = `SIP/2.0/${T} 127.0.0.1:${peer.local.port};branch=${branch}`;
  const h: Array<[string, string]> = [
    [
      'Via',
      m.kind === 'via-version'
        ? via.replace(`SIP/2.0/${T}`, m.value)
        : m.kind === 'via-unusable'
          ? m.value
          : via,
    ],
    ['From', '<sip:fuzz@127.0.0.1>;tag=f1'],
    ['To', '<sip:201@127.0.0.1>'],
    ['Call-ID', `grammar-${branch}`],
    ['CSeq', m.kind === 'cseq' ? m.value : '1 OPTIONS'],
    ['Max-Forwards', m.kind === 'max-forwards' ? m.value : '70'],
  ];
  if (m.kind === 'duplicate') {
    const [, value] = h.find(([n]) => n === m.header) ?? ['', ''];
    h.push([m.compact ? (COMPACT[m.header] ?? m.header) : m.header, value]);
  }
  const version = m.kind === 'version' ? m.value : 'SIP/2.0';
  const lines = h.map(([n, v]) => `${n}: ${v}`).join('\r\n');
  return `OPTIONS sip:201@127.0.0.1:${server.address.port} ${version}\r\n${lines}\r\nContent-Length: 0\r\n\r\n`;
}

async function outcome(peer: RawSipPeer, want: Expect, dropped: number): Promise<void> {
  if (want === 'unanswerable') {
    if (peer.transport === 'tcp') await peer.until((p) => p.closed);
    else await until(() => server.stats.dropped > dropped);
    assert.equal(peer.text, '', 'nothing is answered');
    return;
  }
  await peer.until((p) => /^SIP\/2\.0 \d{3} [^\r]*\r\n/.test(p.text));
  const [, status, reason] = /^SIP\/2\.0 (\d{3}) ([^\r]*)/.exec(peer.text) ?? [];
  assert.equal(Number(status), want.status, peer.text);
  if (want.names !== undefined) assert.ok(reason?.includes(want.names), `"${reason}" names ${want.names}`);
}

async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function witnessServed(): Promise<void> {
  const branch = `z9hG4bKwit${++serial}`;
  const from = witness.text.length;
  witness.send(build({ kind: 'version', value: 'SIP/2.0', expect: { status: 200 } }, witness, branch));
  await witness.until((p) => p.text.slice(from).includes(branch));
  assert.match(witness.text.slice(from), /^SIP\/2\.0 200 /);
}

const counts = new Map<string, number>();

test('header grammar mutations get exactly their answer on TCP and UDP; a witness is served throughout', async () => {
  await witnessServed();
  await fc.assert(
    fc.asyncProperty(mutation, fc.constantFrom('tcp' as const, 'udp' as const), async (m, transport) => {
      counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
      const peer =
        transport === 'tcp' ? await RawSipPeer.tcpTo(server.address) : await RawSipPeer.udpTo(server.address);
      try {
        const dropped = server.stats.dropped;
        peer.send(build(m, peer, `z9hG4bKgf${++serial}`));
        await outcome(peer, expected(m), dropped);
      } finally {
        peer.close();
      }
      await witnessServed();
      assert.deepEqual(uncaught, []);
    }),
    { numRuns: 200 },
  );
  console.log(`mutations per class: ${JSON.stringify([...counts])}`);
  assert.equal(server.dialogs.size, 0);
});
