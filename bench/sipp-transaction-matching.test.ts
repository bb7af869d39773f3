/**
 * conformance/sipp/csta-make-call-load.xml matches each response to its own SIPp transaction
 * (start_txn / response_txn / ack_txn). Real SIPp (Debian sip-tester) against a TR/87 peer that
 * sends the INVITE's 200 again before it answers each INFO, as a CME does while its ACK is still
 * unprocessed (RFC 3261 §13.3.1.4): the scenario completes every call, ACKs every retransmission
 * (§13.2.2.4) and counts no unexpected message. The same scenario without its transaction
 * attributes (what it was before) fails every call on the same peer: the test can fail.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CSTA_NAMESPACES } from '../simulators/csta/csta-namespaces.ts';
import { RetransmittingTr87Peer } from '../simulators/testing/retransmitting-tr87-peer.ts';
import { defaultSippScenario } from './sipp-csta-compare.ts';
import { runSipp } from './sipp-run.ts';

const CALLS = 30;
const RATE = 30; // the rate at which 44 of 300 calls failed before the fix
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctilab-sipp-txn-test-'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function runAgainstPeer(scenario: string, name: string) {
  const peer = await RetransmittingTr87Peer.start(CSTA_NAMESPACES.ed3);
  try {
    const runDir = await mkdtemp(join(dir, `${name}-`));
    const result = await runSipp({
      scenario,
      host: peer.address.host,
      port: peer.address.port,
      pairs: [
        { caller: '201', callee: '202' },
        { caller: '203', callee: '204' },
      ],
      rate: RATE,
      calls: CALLS,
      holdMs: 20,
      dir: runDir,
      recvTimeoutMs: 3000,
    });
    return { result, flows: peer.flows(), retransmitted: peer.retransmitted, refused: [...peer.refused] };
  } finally {
    await peer.close();
  }
}

test('a retransmitted INVITE 200 before each INFO answer: every call completes, each retransmission ACKed, nothing unexpected', async () => {
  const { result, flows, retransmitted, refused } = await runAgainstPeer(defaultSippScenario, 'txn');
  const s = result.stats;
  assert.equal(result.exitCode, 0, `sipp exit ${result.exitCode}\n${result.errorLog}`);
  assert.equal(s.created, CALLS);
  assert.equal(s.successful, CALLS);
  assert.equal(s.failed, 0);
  assert.deepEqual(s.failureCauses, {});
  assert.equal(s.outOfCallMessages, 0);
  assert.equal(s.deadCallMessages, 0);
  assert.equal(s.warnings, 0);
  assert.equal(result.errorLog, '');
  // Two retransmissions per call (before the MakeCall's and the ClearConnection's answer) ...
  assert.equal(retransmitted, 2 * CALLS);
  // ... each ACKed again by SIPp, in its place in the flow.
  assert.equal(flows.length, CALLS);
  for (const flow of flows) assert.deepEqual(flow, ['INVITE', 'ACK', 'INFO', 'ACK', 'INFO', 'ACK', 'BYE']);
  assert.deepEqual(refused, []);
  // One MakeCall response time per call, measured on its own transaction's 200.
  assert.equal(result.responseTimes.makecall?.count, CALLS);
  assert.equal(result.responseTimes.session?.count, CALLS);
});

test('the scenario without its transaction attributes fails on the same peer (the retransmission taken for the INFO answer)', async () => {
  const xml = await readFile(defaultSippScenario, 'utf8');
  const bare = xml.replace(/ (?:start_txn|response_txn|ack_txn)="[^"]*"/g, '');
  assert.notEqual(bare, xml);
  assert.doesNotMatch(bare, /_txn=/);
  const scenario = join(dir, 'without-transactions.xml');
  await writeFile(scenario, bare);
  const { result, retransmitted } = await runAgainstPeer(scenario, 'bare');
  assert.equal(result.exitCode, 1);
  assert.equal(result.stats.created, CALLS);
  assert.equal(result.stats.successful, 0);
  assert.equal(result.stats.failed, CALLS);
  assert.ok(retransmitted >= CALLS);
  // The INVITE's 200 was checked as the MakeCall's answer.
  assert.match(result.errorLog, /Failed regexp match: looking in '[^']*RequestSystemStatusResponse/);
});
