/**
 * Issue 7 item 6: a CTI session whose TCP connection closes without a BYE ends, with its monitors,
 * once the grace (64*T1 = 32 s, tr87-server.ts CONNECTION_LOSS_GRACE_MS) has passed without its
 * client coming back, and `show cti session` (CmeCti) counts it as `connection-lost`. A client that
 * refreshes on a new connection within the grace keeps its session. Real sockets, ManualClock.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeCsta } from '../../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { ManualClock } from '../../lab/manual-clock.ts';
import type { Endpoint } from '../../lab/observation.ts';
import { RawSipPeer, rawRequest } from '../../testing/raw-sip-peer.ts';
import { Tr87Client } from '../../tr87/tr87-client.ts';
import { CONNECTION_LOSS_GRACE_MS } from '../../tr87/tr87-server.ts';
import { CmeLab } from '../cme.ts';
import { loadCmeConfig } from '../config/load-cme-config.ts';

const CFG = readFileSync(new URL('../../../labs/cme-moc.cfg', import.meta.url), 'utf8');
const NS = CSTA_NAMESPACES.ed3;

async function startLab() {
  const clock = new ManualClock();
  const { config, ios } = loadCmeConfig(CFG);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, clock, log: () => {} });
  const cme = await lab.start();
  const cti = cme.cti ?? assert.fail('no CTI service');
  const sip = cme.sip ?? assert.fail('no SIP endpoint');
  return { clock, lab, cti, sip, address: sip.address };
}

async function waitFor(pred: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A session set up by hand on a bare TCP socket: INVITE, ACK, INFO MonitorStart on `line`. */
async function rawTcpSession(sip: Endpoint, line: string): Promise<{ peer: RawSipPeer; monitor: string }> {
  const peer = await RawSipPeer.tcpTo(sip);
  const uri = `sip:${line}@${sip.host}:${sip.port};transport=tcp`;
  const via = () =>
    `SIP/2.0/TCP 127.0.0.1:${peer.local.port};branch=z9hG4bK${Math.random().toString(36).slice(2)};rport`;
  const common = {
    'Call-ID': `lost-${line}-${peer.local.port}@127.0.0.1`,
    Contact: `<sip:tester@127.0.0.1:${peer.local.port};transport=tcp>`,
  };
  const rss = encodeCsta({ type: 'RequestSystemStatus' }, { namespace: NS });
  peer.send(rawRequest('INVITE', uri, common, rss, via()));
  await peer.until((p) => /^SIP\/2\.0 200 /m.test(p.text));
  const toTag = /^To:.*;tag=([^;\s>]+)/im.exec(peer.text)?.[1] ?? assert.fail('no To tag');
  const to = `<${uri}>;tag=${toTag}`;
  peer.send(rawRequest('ACK', uri, { ...common, To: to, CSeq: '1 ACK' }, '', via()));
  const start = encodeCsta(
    { type: 'MonitorStart', monitorObject: { deviceObject: line } },
    { namespace: NS },
  );
  peer.send(rawRequest('INFO', uri, { ...common, To: to, CSeq: '2 INFO' }, start, via()));
  await peer.until((p) => /<monitorCrossRefID>[^<]+</.test(p.text));
  const monitor = /<monitorCrossRefID>([^<]+)</.exec(peer.text)?.[1] ?? assert.fail('no monitor');
  return { peer, monitor };
}

test('a TCP session whose socket is destroyed ends with its monitors after the grace; the tally says connection-lost', async () => {
  const { clock, lab, cti, sip, address } = await startLab();
  try {
    const { peer, monitor } = await rawTcpSession(address, '201');
    assert.deepEqual(
      cti.sessions().map((r) => [r.transport, r.monitors]),
      [['tcp', [monitor]]],
    );
    peer.close(); // the socket is destroyed: no BYE, no refresh will come
    await waitFor(() => sip.tcpConnectionCount === 0);
    clock.advance(CONNECTION_LOSS_GRACE_MS - 1);
    assert.equal(cti.sessions().length, 1, 'kept during the grace');
    clock.advance(1);
    assert.deepEqual(cti.sessions(), []);
    assert.deepEqual(cti.closedSessions(), { 'connection-lost': 1 });
    assert.equal(lab.running.tr87?.stats.sessionsLostWithConnection, 1);
  } finally {
    await lab.stop();
  }
});

test('a client that refreshes on a new connection within the grace keeps its session and monitor', async () => {
  const { clock, lab, cti, sip, address } = await startLab();
  const client = await Tr87Client.connect({
    host: address.host,
    port: address.port,
    transport: 'tcp',
    user: 'alice',
    line: '201',
    clock,
    autoRefresh: false,
  });
  try {
    const monitor = await client.monitorStart('201');
    client.dialog.connection?.close(); // the connection breaks; the client lives on
    await waitFor(() => sip.tcpConnectionCount === 0);
    clock.advance(CONNECTION_LOSS_GRACE_MS - 1_000);
    assert.equal(await client.refresh(), 1800); // re-INVITE on a new connection
    // Its ACK is on the way: let it land before the clock moves past Timer H (RFC 3261 §13.3.1.4).
    await waitFor(() => [...sip.dialogs.values()].every((d) => d.pendingAck === undefined));
    clock.advance(1_000);
    assert.deepEqual(
      cti.sessions().map((r) => r.monitors),
      [[monitor]],
    );
    clock.advance(CONNECTION_LOSS_GRACE_MS);
    assert.equal(cti.sessions().length, 1);
    assert.deepEqual(cti.closedSessions(), {});
    assert.equal(client.state, 'active');
  } finally {
    await client.close();
    await lab.stop();
  }
});
