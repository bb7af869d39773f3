/**
 * GitHub issue 7 (SIP part): every malformed request gets the answer RFC 3261 gives it, on TCP and
 * on UDP, from the real CME SIP endpoint (a CmeLab with CTI, as `ctilab serve cme` runs it, on a
 * ManualClock). The rows are `simulators/testing/sip-malformed-cases.ts`: the issue's classes and
 * the RFC 4475 torture messages a UAS can receive. After the table a witness request is still
 * served, on a connection opened before it and on fresh ones, and nothing is left behind: no
 * dialog, no server transaction once their timers ran, no extra TCP connection.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import type { Observation } from '../lab/observation.ts';
import { RawSipPeer } from '../testing/raw-sip-peer.ts';
import {
  type CaseContext,
  MALFORMED_CASES,
  type MalformedCase,
  type Outcome,
} from '../testing/sip-malformed-cases.ts';
import { collectUncaught } from '../testing/uncaught-errors.ts';
import type { SipEndpoint } from './sip-endpoint.ts';
import { DEFAULT_SIP_TIMERS } from './sip-timers.ts';

const CFG = readFileSync(new URL('../../labs/cme-moc.cfg', import.meta.url), 'utf8');
const T1 = DEFAULT_SIP_TIMERS.t1;
const clock = new ManualClock();
let lab: CmeLab;
let ep: SipEndpoint;
/** A TCP connection opened (and served) before the table, used again after it. */
let witness: RawSipPeer;
const observed: Observation[] = [];
const uncaught = collectUncaught();
let serial = 0;

before(async () => {
  const { config, ios } = loadCmeConfig(CFG);
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, clock, log: () => {} });
  lab.observations.subscribe((o) => observed.push(o));
  const started = await lab.start();
  assert.ok(started.sip, 'the CME serves SIP');
  ep = started.sip;
  witness = await RawSipPeer.tcpTo(ep.address);
  assert.equal(await witnessAnswer(witness), 200);
});

after(async () => {
  witness?.close();
  await lab?.stop();
});

function context(peer: RawSipPeer): CaseContext {
  const T = peer.transport.toUpperCase();
  const branch = `z9hG4bKmal${++serial}x${peer.local.port}`;
  return {
    transport: peer.transport,
    T,
    port: peer.local.port,
    branch,
    via: `SIP/2.0/${T} 127.0.0.1:${peer.local.port};branch=${branch}`,
  };
}

/** A well-formed OPTIONS on `peer`; resolves with its status. */
async function witnessAnswer(peer: RawSipPeer): Promise<number> {
  const from = peer.received.length;
  const c = context(peer);
  peer.send(
    `OPTIONS sip:201@127.0.0.1 SIP/2.0\r\nVia: ${c.via}\r\nFrom: <sip:w@127.0.0.1>;tag=w\r\nTo: <sip:201@127.0.0.1>\r\n` +
      `Call-ID: witness-${c.branch}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  );
  await peer.until((p) =>
    new RegExp(`${c.branch}`).test(Buffer.concat(p.received.slice(from)).toString('latin1')),
  );
  return Number(/^SIP\/2\.0 (\d{3})/m.exec(Buffer.concat(peer.received.slice(from)).toString('latin1'))?.[1]);
}

/**
 * Index into `observed` where the running case began: the OS may give a later case's peer the
 * local port of an earlier one, so only this case's observations are about it.
 */
let caseStart = 0;

/** The `bad-input` observations about `port` in this case (synchronous with the server's handling). */
const badInputs = (port: number): string[] =>
  observed
    .slice(caseStart)
    .flatMap((o) =>
      o.kind === 'state' && o.topic === 'bad-input' && (o.detail.remote as { port?: number })?.port === port
        ? [String(o.detail.reason)]
        : [],
    );

async function expectStatus(
  peer: RawSipPeer,
  c: CaseContext,
  sent: Buffer,
  want: Extract<Outcome, { status: number }>,
) {
  await peer.until((p) => /^SIP\/2\.0 \d{3} /m.test(p.text) && p.text.includes('\r\n\r\n'));
  const text = peer.received.map((b) => b.toString('latin1')).join('');
  const [, status, reason] = /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(text) ?? [];
  assert.equal(Number(status), want.status, `status line: ${text.split('\r\n')[0]}`);
  // RFC 3261 §21.4.1: the reason phrase names what is wrong.
  if (want.names !== undefined) assert.ok(reason?.includes(want.names), `"${reason}" names ${want.names}`);
  // RFC 3261 §8.2.6.2: the answer carries the request's Via, so the client can match it.
  if (sent.toString('latin1').includes(`branch=${c.branch}`)) assert.ok(text.includes(c.branch), text);
  if (want.thenClose) await peer.until((p) => p.closed);
  else if (peer.transport === 'tcp') assert.equal(peer.closed, false, 'the connection stays open');
}

/** TCP: the rest of the message never comes; the connection closes at 64*T1 exactly. */
async function expectCloseAfter64T1(peer: RawSipPeer): Promise<void> {
  const port = peer.local.port;
  await until(() => observed.slice(caseStart).some((o) => o.kind === 'wire' && o.src.port === port));
  clock.advance(64 * T1 - 1);
  assert.deepEqual(badInputs(port), [], 'still waiting one millisecond before 64*T1');
  clock.advance(1);
  assert.deepEqual(badInputs(port), ['timeout: incomplete-message']);
  await peer.until((p) => p.closed);
  assert.equal(peer.text, '');
}

async function run(row: MalformedCase, transport: 'tcp' | 'udp'): Promise<void> {
  const peer = transport === 'tcp' ? await RawSipPeer.tcpTo(ep.address) : await RawSipPeer.udpTo(ep.address);
  try {
    const c = context(peer);
    const sent = row.build(c);
    const want = row[transport];
    caseStart = observed.length;
    peer.send(sent);
    if ('status' in want) await expectStatus(peer, c, sent, want);
    else if ('drop' in want) {
      const dropped = ep.stats.dropped;
      await until(() => ep.stats.dropped > dropped && badInputs(c.port).length > 0);
      await new Promise((r) => setTimeout(r, 20)); // an answer would be on its way by now
      assert.equal(peer.text, '', 'nothing answered');
    } else if (want.close === 'at-once') {
      await peer.until((p) => p.closed);
      assert.equal(peer.text, '', 'nothing answered');
    } else await expectCloseAfter64T1(peer);
    assert.deepEqual(uncaught, []);
  } finally {
    peer.close();
  }
}

async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

for (const row of MALFORMED_CASES) {
  for (const transport of ['tcp', 'udp'] as const) {
    const want = row[transport];
    const what =
      'status' in want ? `${want.status}${want.names ? ` (${want.names})` : ''}` : JSON.stringify(want);
    test(`${transport}: ${row.name} -> ${what} [${row.source}]`, () => run(row, transport));
  }
}

test('after the table: the witness is served, nothing leaked', async () => {
  assert.equal(await witnessAnswer(witness), 200, 'the connection opened before the table');
  for (const make of [RawSipPeer.udpTo, RawSipPeer.tcpTo]) {
    const peer = await make(ep.address);
    assert.equal(await witnessAnswer(peer), 200);
    peer.close();
  }
  assert.equal(ep.dialogs.size, 0, 'no dialog was created');
  // Timers H and J (64*T1) end the transactions the valid rows opened (RFC 3261 §17.2.1, §17.2.2).
  clock.advance(64 * T1);
  assert.equal(ep.serverTransactionCount, 0, 'no server transaction left');
  await until(() => ep.tcpConnectionCount === 1);
  assert.deepEqual(uncaught, []);
  const rows = new Map<string, number>();
  for (const r of MALFORMED_CASES) rows.set(r.cls, (rows.get(r.cls) ?? 0) + 1);
  console.log(`${MALFORMED_CASES.length} rows x 2 transports; per class: ${JSON.stringify([...rows])}`);
  console.log(`stats: ${JSON.stringify(ep.stats)}`);
});
