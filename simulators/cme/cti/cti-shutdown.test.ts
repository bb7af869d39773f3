/**
 * Issue 7 item 8: stopping a CME with stale UDP CTI sessions (clients that never answer) takes at
 * most the BYE wait (tr87-server.ts CLOSE_BYE_WAIT_MS, 2 s on the CME's clock), not Timer F
 * (64*T1 = 32 s). The clock is a ManualClock: the test waits for no timer in real time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeCsta } from '../../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { ManualClock } from '../../lab/manual-clock.ts';
import { RawSipPeer, rawRequest } from '../../testing/raw-sip-peer.ts';
import { CLOSE_BYE_WAIT_MS } from '../../tr87/tr87-server.ts';
import { CmeLab } from '../cme.ts';
import { loadCmeConfig } from '../config/load-cme-config.ts';

const CFG = readFileSync(new URL('../../../labs/cme-moc.cfg', import.meta.url), 'utf8');
const SESSIONS = 3;

/** Let socket traffic through (a few real event-loop turns; no timer of the CME is involved). */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test(`stop() with ${SESSIONS} stale UDP sessions returns once the BYE wait has passed, not after Timer F`, async () => {
  const clock = new ManualClock();
  const { config, ios } = loadCmeConfig(CFG);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, clock, log: () => {} });
  const cme = await lab.start();
  const cti = cme.cti ?? assert.fail('no CTI service');
  const sip = cme.endpoints.sip ?? assert.fail('no SIP endpoint');
  const rss = encodeCsta({ type: 'RequestSystemStatus' }, { namespace: CSTA_NAMESPACES.ed3 });
  // Clients that open a session over UDP, ACK it, and then answer nothing (a BYE included).
  const peers: RawSipPeer[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const peer = await RawSipPeer.udpTo(sip);
    peers.push(peer);
    const uri = `sip:201@${sip.host}:${sip.port}`;
    const via = `SIP/2.0/UDP 127.0.0.1:${peer.local.port};branch=z9hG4bKstale${i};rport`;
    const common = { 'Call-ID': `stale-${i}@127.0.0.1`, Contact: `<sip:stale@127.0.0.1:${peer.local.port}>` };
    peer.send(rawRequest('INVITE', uri, common, rss, via));
    await peer.until((p) => /^SIP\/2\.0 200 /m.test(p.text));
    const toTag = /^To:.*;tag=([^;\s>]+)/im.exec(peer.text)?.[1] ?? assert.fail('no To tag');
    const ack = `SIP/2.0/UDP 127.0.0.1:${peer.local.port};branch=z9hG4bKack${i};rport`;
    peer.send(rawRequest('ACK', uri, { ...common, To: `<${uri}>;tag=${toTag}`, CSeq: '1 ACK' }, '', ack));
  }
  await turns();
  assert.equal(cti.sessions().length, SESSIONS);
  let stopped = false;
  const stopping = cme.stop().then(() => {
    stopped = true;
  });
  try {
    await Promise.all(
      peers.map((p) => p.until((q) => q.received.some((d) => d.toString().startsWith('BYE ')))),
    );
    assert.deepEqual(cti.sessions(), [], 'the sessions end when their BYEs go out');
    clock.advance(CLOSE_BYE_WAIT_MS - 1);
    await turns();
    assert.equal(stopped, false, 'stop() waits for the BYEs up to the bound');
    clock.advance(1);
    // Real time here only guards against a hang; no CME timer is waited for in real time.
    await Promise.race([stopping, new Promise((r) => setTimeout(r, 2000))]);
    assert.equal(stopped, true, `stop() returned ${CLOSE_BYE_WAIT_MS} ms (clock) after the BYEs`);
    assert.deepEqual(cti.closedSessions(), { 'server-closed': SESSIONS });
  } finally {
    for (const p of peers) p.close();
    if (!stopped) {
      clock.advance(64 * 500); // let a hung stop() finish before the test ends
      await stopping;
    }
  }
});
