/**
 * When the endpoint closes a TCP connection on its own (`connectionLimits`, sip-timers.ts), on the
 * injected clock: 64*T1 for a connection that never delivered a well-formed message (issue 7: idle
 * connections that only sent malformed requests stayed open) and for a message left unfinished
 * (RFC 3261 §18.3, RFC 4475 §3.1.2.2); 5 minutes of silence for an established connection, unless
 * a dialog uses it. Every limit is checked one millisecond before and at its deadline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import type { SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { DEFAULT_SIP_TIMERS, DEFAULT_TCP_IDLE_MS } from './sip-timers.ts';

const T1 = DEFAULT_SIP_TIMERS.t1;

async function serverOnClock(): Promise<{ server: SipEndpoint; clock: ManualClock }> {
  const clock = new ManualClock();
  const server = await SipEndpoint.start({ name: 'timed', clock });
  server.onInvite((inv) => {
    const d = inv.accept();
    d.onInfo((r) => r.respond(200));
  });
  return { server, clock };
}

async function until(predicate: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const tcpVia = (peer: RawSipPeer, n: number) =>
  `SIP/2.0/TCP 127.0.0.1:${peer.local.port};branch=z9hG4bKtimer${n}`;

/** Advance to one millisecond before `ms`: still open; then to `ms`: closed by the endpoint. */
async function closesAt(
  clock: ManualClock,
  server: SipEndpoint,
  peer: RawSipPeer,
  ms: number,
): Promise<void> {
  const before = server.stats.connectionsTimedOut;
  clock.advance(ms - 1);
  assert.equal(server.stats.connectionsTimedOut, before, 'open one millisecond before the limit');
  clock.advance(1);
  assert.equal(server.stats.connectionsTimedOut, before + 1, 'closed at the limit');
  await peer.until((p) => p.closed);
}

test('a connection that sends nothing is closed after 64*T1', async () => {
  const { server, clock } = await serverOnClock();
  try {
    const peer = await RawSipPeer.tcpTo(server.address);
    await until(() => server.tcpConnectionCount === 1);
    await closesAt(clock, server, peer, 64 * T1);
  } finally {
    await server.close();
  }
});

test('a connection that only sent malformed requests (each answered 400) is closed after 64*T1', async () => {
  const { server, clock } = await serverOnClock();
  try {
    const peer = await RawSipPeer.tcpTo(server.address);
    const uri = `sip:201@127.0.0.1:${server.address.port}`;
    peer.send(rawRequest('OPTIONS', uri, { CSeq: 'abc OPTIONS' }, '', tcpVia(peer, 1)));
    await peer.until((p) => /SIP\/2\.0 400 Bad CSeq Header/.test(p.text));
    clock.advance(10 * T1);
    peer.send(rawRequest('OPTIONS', uri, { 'Max-Forwards': '1e3' }, '', tcpVia(peer, 2)));
    await peer.until((p) => /SIP\/2\.0 400 Bad Max-Forwards Header/.test(p.text));
    // 64*T1 counts from the connection's opening: 10*T1 have passed.
    await closesAt(clock, server, peer, 54 * T1);
  } finally {
    await server.close();
  }
});

test('a message left unfinished closes even an established connection after 64*T1', async () => {
  const { server, clock } = await serverOnClock();
  try {
    const peer = await RawSipPeer.tcpTo(server.address);
    const uri = `sip:201@127.0.0.1:${server.address.port}`;
    peer.send(rawRequest('OPTIONS', uri, {}, '', tcpVia(peer, 3)));
    await peer.until((p) => /SIP\/2\.0 200/.test(p.text));
    clock.advance(100 * T1); // established: the first-message limit no longer applies
    peer.send(rawRequest('OPTIONS', uri, { 'Content-Length': '50' }, '', tcpVia(peer, 4)));
    const received = server.stats.messagesReceived;
    await new Promise((r) => setTimeout(r, 20)); // the bytes reach the server's framer
    assert.equal(server.stats.messagesReceived, received, 'the message waits for its body');
    await closesAt(clock, server, peer, 64 * T1);
  } finally {
    await server.close();
  }
});

test('an established connection no dialog uses closes after 5 minutes of silence; a keepalive resets it', async () => {
  const { server, clock } = await serverOnClock();
  try {
    assert.equal(DEFAULT_TCP_IDLE_MS, 300_000);
    const peer = await RawSipPeer.tcpTo(server.address);
    peer.send(rawRequest('OPTIONS', `sip:201@127.0.0.1:${server.address.port}`, {}, '', tcpVia(peer, 5)));
    await peer.until((p) => /SIP\/2\.0 200/.test(p.text));
    clock.advance(DEFAULT_TCP_IDLE_MS - 1000);
    peer.send('\r\n\r\n'); // RFC 5626 §4.4.1 keepalive: the connection is alive
    await peer.until((p) => p.text.endsWith('\r\n\r\n\r\n'));
    await closesAt(clock, server, peer, DEFAULT_TCP_IDLE_MS);
  } finally {
    await server.close();
  }
});

test('a connection that carries a dialog is kept through any silence, then closes once the dialog ends', async () => {
  const { server, clock } = await serverOnClock();
  const client = await SipEndpoint.start({ name: 'client' });
  try {
    const dialog = await client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
      from: 'sip:app@lab',
      transport: 'tcp',
    });
    await until(() => server.dialogs.size === 1 && server.stats.messagesReceived === 2); // INVITE, ACK
    clock.advance(4 * DEFAULT_TCP_IDLE_MS);
    assert.equal(server.stats.connectionsTimedOut, 0, 'the dialog keeps its connection');
    assert.equal((await dialog.sendInfo('<still/>', { contentType: 'application/csta+xml' })).status, 200);
    assert.equal(server.tcpConnectionCount, 1, 'on the same connection');
    assert.equal((await dialog.bye()).status, 200);
    await until(() => server.dialogs.size === 0);
    clock.advance(DEFAULT_TCP_IDLE_MS);
    assert.equal(server.stats.connectionsTimedOut, 1, 'idle without a dialog: closed');
    await until(() => server.tcpConnectionCount === 0);
  } finally {
    await client.close();
    await server.close();
  }
});

test('a BYE sent at the instant the idle limit falls due goes out before the connection closes', async () => {
  const clock = new ManualClock();
  const server = await SipEndpoint.start({ name: 'timed', clock });
  const serverDialogs: SipDialog[] = [];
  server.onInvite((inv) => serverDialogs.push(inv.accept()));
  const client = await SipEndpoint.start({ name: 'client' });
  try {
    const dialog = await client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
      from: 'sip:app@lab',
      transport: 'tcp',
    });
    await until(() => serverDialogs.length === 1 && server.stats.messagesReceived === 2); // INVITE, ACK
    // A session timer of the layer above ends the dialog exactly when the connection's idle limit falls due.
    clock.setTimeout(() => void serverDialogs[0]?.bye(), DEFAULT_TCP_IDLE_MS);
    let ended: string | undefined;
    dialog.onTerminated((reason) => {
      ended = reason;
    });
    clock.advance(DEFAULT_TCP_IDLE_MS);
    await until(() => ended !== undefined);
    assert.equal(ended, 'bye-received');
  } finally {
    await client.close();
    await server.close();
  }
});
