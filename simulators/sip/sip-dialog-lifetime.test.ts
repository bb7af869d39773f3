import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { RawSipDialogPeer, within } from '../testing/raw-sip-dialog-peer.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import type { DialogEndReason, IncomingDialogRequest, SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { DEFAULT_TCP_IDLE_MS } from './sip-timers.ts';

// How long a UAS dialog lives (RFC 3261 §13.3.1.4, §14.2, §12.2.2): the ACK of its 2xx, target
// refresh, in-dialog answers given later by the application. A raw UDP peer INVITEs the endpoint.
const CSTA = 'application/csta+xml';
/** 64*T1 with the default T1 of 500 ms (RFC 3261 §13.3.1.4, Timer H §17.2.1). */
const ACK_WAIT = 64 * 500;

interface Lab {
  ep: SipEndpoint;
  peer: RawSipDialogPeer;
  clock: ManualClock;
  dialog: SipDialog;
  ends: DialogEndReason[];
  uri: string;
  /** Send a request inside the dialog from the peer (To carries our tag). */
  inDialog(method: string, cseq: number, headers?: Record<string, string | undefined>, body?: string): void;
  /** ACK the INVITE (or re-INVITE) with CSeq `cseq`. */
  ack(cseq: number): void;
  /** Wait until everything the endpoint sent before now has reached the peer. */
  settle(): Promise<void>;
}

async function uasDialog(opts: { ack?: boolean; from?: string; uri?: string } = {}): Promise<Lab> {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'uas-life', clock });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  let accepted: SipDialog | undefined;
  ep.onInvite((inv) => {
    accepted = inv.accept();
  });
  const uri = opts.uri ?? `sip:201@127.0.0.1:${ep.address.port}`;
  const callId = `life-${Math.random().toString(36).slice(2)}@peer`;
  const from = opts.from ?? '<sip:peer@lab>;tag=pt1';
  peer.send('INVITE', uri, { 'Call-ID': callId, CSeq: '1 INVITE', From: from });
  const ok = await peer.finalResponse('INVITE', 1);
  const dialog = accepted ?? assert.fail('no dialog');
  const ends: DialogEndReason[] = [];
  dialog.onTerminated((r) => ends.push(r));
  const base = { 'Call-ID': callId, From: from, To: ok.header('to') ?? '' };
  const inDialog = (method: string, n: number, headers: Record<string, string | undefined> = {}, body = '') =>
    peer.send(method, uri, { ...base, CSeq: `${n} ${method}`, ...headers }, body);
  const ack = (n: number) => peer.send('ACK', uri, { ...base, CSeq: `${n} ACK` });
  let witness = 0;
  const settle = async () => {
    witness++;
    peer.send('OPTIONS', uri, { 'Call-ID': `witness-${witness}-${callId}`, CSeq: `${witness} OPTIONS` });
    await peer.finalResponse('OPTIONS', witness);
  };
  if (opts.ack !== false) ack(1);
  return { ep, peer, clock, dialog, ends, uri, inDialog, ack, settle };
}

/** The header names of a message as sent, in order, lower case. */
function headerNames(bytes: Uint8Array): string[] {
  const head = Buffer.from(bytes).toString('utf8').split('\r\n\r\n')[0] ?? '';
  return head
    .split('\r\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}

async function closeLab(lab: Lab): Promise<void> {
  lab.peer.close();
  await lab.ep.close();
}

test('13.3.1.4 a 2xx to the INVITE not ACKed within 64*T1: the UAS ends the session with BYE', async () => {
  const lab = await uasDialog({ ack: false });
  try {
    lab.clock.advance(ACK_WAIT);
    const bye = await lab.peer.request('BYE');
    assert.equal(bye.callId, lab.dialog.callId);
    assert.equal(bye.cseq, 1);
    assert.equal(bye.uri, lab.peer.contactUri);
    assert.equal(lab.dialog.state, 'terminated');
    assert.deepEqual(lab.ends, ['bye-sent']);
  } finally {
    await closeLab(lab);
  }
});

test('13.3.1.4 a dialog already ended when 64*T1 passes without ACK sends no BYE', async () => {
  const lab = await uasDialog({ ack: false });
  try {
    lab.dialog.terminate();
    lab.clock.advance(ACK_WAIT);
    await lab.settle();
    assert.equal(lab.peer.requests('BYE').length, 0);
    assert.deepEqual(lab.ends, ['terminated']);
  } finally {
    await closeLab(lab);
  }
});

test('13.3.1.4 an ACK with another CSeq does not acknowledge the 2xx: it is still retransmitted', async () => {
  const lab = await uasDialog({ ack: false });
  try {
    lab.ack(2);
    await lab.settle();
    lab.clock.advance(500); // T1: the first retransmission of the 200
    await lab.settle();
    assert.equal(lab.peer.responses('INVITE').filter((r) => r.status === 200).length, 2);
    lab.ack(1);
    await lab.settle();
    lab.clock.advance(ACK_WAIT);
    await lab.settle();
    assert.equal(lab.peer.responses('INVITE').filter((r) => r.status === 200).length, 2);
    assert.equal(lab.peer.requests('BYE').length, 0);
    assert.equal(lab.dialog.state, 'confirmed');
  } finally {
    await closeLab(lab);
  }
});

test('14.2 a re-INVITE 2xx not ACKed within 64*T1 ends the session with BYE; an ACKed one is not resent', async () => {
  const lab = await uasDialog();
  try {
    lab.inDialog('INVITE', 2);
    assert.equal((await lab.peer.finalResponse('INVITE', 2)).status, 200);
    lab.ack(2);
    await lab.settle();
    lab.clock.advance(ACK_WAIT);
    await lab.settle();
    assert.equal(
      lab.peer.responses('INVITE').filter((r) => r.cseq === 2).length,
      1,
      'ACKed: no retransmission',
    );
    assert.equal(lab.peer.requests('BYE').length, 0);
    lab.inDialog('INVITE', 3);
    assert.equal((await lab.peer.finalResponse('INVITE', 3)).status, 200);
    lab.clock.advance(ACK_WAIT);
    const bye = await lab.peer.request('BYE');
    assert.equal(bye.cseq, 1);
    assert.deepEqual(lab.ends, ['bye-sent']);
  } finally {
    await closeLab(lab);
  }
});

test('17.2.1 a non-2xx to a re-INVITE not ACKed only ends its transaction (Timer H): the dialog stays', async () => {
  const lab = await uasDialog();
  try {
    lab.dialog.onReInvite((r) => {
      r.respond(r.request.cseq === 2 ? 488 : 300);
      r.respond(200); // answered already: ignored, and no 2xx ACK is awaited
    });
    lab.inDialog('INVITE', 2);
    assert.equal((await lab.peer.finalResponse('INVITE', 2)).status, 488);
    lab.inDialog('INVITE', 3);
    const moved = await lab.peer.finalResponse('INVITE', 3);
    assert.equal(moved.status, 300);
    assert.equal(moved.header('contact'), undefined, 'a 3xx is no 2xx: no UAS Contact/Allow/Supported');
    assert.equal(moved.header('allow'), undefined);
    assert.equal(lab.dialog.pendingAck, undefined, 'only a 2xx waits for its ACK in the dialog');
    lab.clock.advance(ACK_WAIT);
    await lab.settle();
    assert.equal(lab.peer.requests('BYE').length, 0);
    assert.equal(lab.dialog.state, 'confirmed');
  } finally {
    await closeLab(lab);
  }
});

test('14.2 a re-INVITE whose 2xx waits when the dialog ended sends no BYE after 64*T1', async () => {
  const lab = await uasDialog();
  try {
    lab.inDialog('INVITE', 2);
    await lab.peer.finalResponse('INVITE', 2);
    lab.dialog.terminate();
    lab.clock.advance(ACK_WAIT);
    await lab.settle();
    assert.equal(lab.peer.requests('BYE').length, 0);
  } finally {
    await closeLab(lab);
  }
});

test('RFC 6086 / 14.2 a handler may answer INFO and re-INVITE later: nothing is sent for it meanwhile', async () => {
  const lab = await uasDialog();
  try {
    const held: Array<{ respond(status: number): void }> = [];
    lab.dialog.onInfo((r) => held.push(r));
    lab.dialog.onReInvite((r) => held.push(r));
    lab.inDialog('INFO', 2, { 'Content-Type': CSTA }, '<x/>');
    lab.inDialog('INVITE', 3);
    await lab.peer.raw.until(() => held.length === 2);
    await lab.settle();
    assert.equal(lab.peer.responses('INFO').length, 0);
    assert.deepEqual(
      lab.peer.responses('INVITE').map((r) => r.cseq),
      [1],
    );
    held[0]?.respond(202);
    held[1]?.respond(486);
    assert.equal((await lab.peer.finalResponse('INFO', 2)).status, 202);
    assert.equal((await lab.peer.finalResponse('INVITE', 3)).status, 486);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.2 respond sends one final 200-699 answer: 1xx, 700 and a second answer are ignored', async () => {
  const lab = await uasDialog();
  try {
    lab.dialog.onInfo((r) => {
      r.respond(180);
      r.respond(700);
      if (r.request.cseq === 2) r.respond(699);
      else r.respond(200);
      r.respond(500);
    });
    lab.inDialog('INFO', 2, { 'Content-Type': CSTA }, '<x/>');
    assert.equal((await lab.peer.finalResponse('INFO', 2)).status, 699);
    lab.inDialog('INFO', 3, { 'Content-Type': CSTA }, '<x/>');
    const ok = await lab.peer.finalResponse('INFO', 3);
    await lab.settle();
    assert.deepEqual(
      lab.peer.responses('INFO').map((r) => r.status),
      [699, 200],
    );
    assert.deepEqual(
      headerNames(ok.bytes),
      ['via', 'from', 'to', 'call-id', 'cseq', 'server', 'content-length'],
      'a 2xx to INFO carries no Contact (only a 2xx to an INVITE does, 12.1.1)',
    );
  } finally {
    await closeLab(lab);
  }
});

test('12.2.2 an in-dialog request other than BYE, INFO or re-INVITE gets 405 with Allow', async () => {
  const lab = await uasDialog();
  try {
    lab.inDialog('NOTIFY', 2);
    const refused = await lab.peer.finalResponse('NOTIFY', 2);
    assert.equal(refused.status, 405);
    const ok = lab.peer.responses('INVITE').find((r) => r.status === 200);
    assert.equal(refused.header('allow'), ok?.header('allow'));
    assert.equal(refused.header('allow'), 'INVITE, ACK, BYE, CANCEL, INFO, OPTIONS');
    assert.equal(lab.dialog.state, 'confirmed');
  } finally {
    await closeLab(lab);
  }
});

test('12.2.2 a re-INVITE refreshes the remote target; INFO does not', async () => {
  const lab = await uasDialog();
  try {
    const original = lab.dialog.remoteTarget;
    const elsewhere = `sip:moved@127.0.0.1:${lab.peer.raw.local.port}`;
    lab.inDialog('INFO', 2, { Contact: `<${elsewhere}>`, 'Content-Type': CSTA }, '<x/>');
    await lab.peer.finalResponse('INFO', 2);
    assert.equal(lab.dialog.remoteTarget, original);
    lab.inDialog('INVITE', 4, { Contact: `<${elsewhere}>` });
    await lab.peer.finalResponse('INVITE', 4);
    assert.equal(lab.dialog.remoteTarget, elsewhere);
  } finally {
    await closeLab(lab);
  }
});

test('12.1.1 an INVITE without From tag (RFC 2543) nor URI user: empty remote tag and local user; BYE finds it', async () => {
  const lab = await uasDialog({ from: '<sip:peer@lab>', uri: 'sip:127.0.0.1' });
  try {
    assert.equal(lab.dialog.remoteTag, '');
    assert.equal(lab.dialog.localUser, '');
    assert.equal(lab.dialog.remoteHeader, '<sip:peer@lab>');
    lab.inDialog('BYE', 2);
    assert.equal((await lab.peer.finalResponse('BYE', 2)).status, 200);
    assert.deepEqual(lab.ends, ['bye-received']);
  } finally {
    await closeLab(lab);
  }
});

test('13.3.1 reject takes every status from 300 to 699', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-reject' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    ep.onInvite((inv) => inv.reject(inv.request.cseq === 1 ? 300 : 699));
    const uri = `sip:201@127.0.0.1:${ep.address.port}`;
    peer.send('INVITE', uri, { CSeq: '1 INVITE' });
    assert.equal((await peer.finalResponse('INVITE', 1)).status, 300);
    peer.send('INVITE', uri, { CSeq: '2 INVITE', 'Call-ID': 'second@peer' });
    assert.equal((await peer.finalResponse('INVITE', 2)).status, 699);
    assert.equal(ep.dialogs.size, 0);
  } finally {
    peer.close();
    await ep.close();
  }
});

test('15.1.1 a dialog ended locally can still send its BYE (the peer may hold the session)', async () => {
  const lab = await uasDialog();
  try {
    lab.dialog.terminate();
    const answer = lab.dialog.bye();
    const bye = await lab.peer.request('BYE');
    lab.peer.reply(bye, 200);
    assert.equal((await within(answer, 'bye')).status, 200);
    assert.equal(bye.cseq, 1);
    await assert.rejects(lab.dialog.sendInfo('<x/>', { contentType: CSTA }), {
      message: `dialog ${lab.dialog.id} is terminated`,
    });
  } finally {
    await closeLab(lab);
  }
});

/** Wait (bounded, wall time) for `predicate`; fails with `what` at the deadline. */
async function until(predicate: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('a TCP connection stays open while requests of an ended dialog are on it, and closes when the last is answered', async () => {
  const clock = new ManualClock();
  const idle = 1000; // shorter than Timer F (64*T1): a request can be on its way when the limit falls due
  const server = await SipEndpoint.start({ name: 'uas-tcp', clock, tcpIdleMs: idle });
  let serverDialog: SipDialog | undefined;
  server.onInvite((inv) => {
    serverDialog = inv.accept();
  });
  const client = await SipEndpoint.start({ name: 'uac-tcp' });
  try {
    const dialog = await client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
      from: 'sip:app@lab',
      transport: 'tcp',
    });
    const held: IncomingDialogRequest[] = [];
    dialog.onInfo((r) => held.push(r));
    await until(() => server.stats.messagesReceived === 2, 'INVITE and ACK'); // INVITE, ACK
    const ours = serverDialog ?? assert.fail('no server dialog');
    const first = ours.sendInfo('<a/>', { contentType: CSTA });
    const second = ours.sendInfo('<b/>', { contentType: CSTA });
    await until(() => held.length === 2, 'both INFO held by the client');
    ours.terminate();
    assert.equal(server.dialogs.size, 0);
    clock.advance(idle);
    assert.equal(server.stats.connectionsTimedOut, 0, 'two requests on their way: kept');
    held[0]?.respond(200);
    assert.equal((await within(first, 'first INFO')).status, 200);
    clock.advance(idle);
    assert.equal(server.stats.connectionsTimedOut, 0, 'one request still on its way: kept');
    held[1]?.respond(200);
    assert.equal((await within(second, 'second INFO')).status, 200);
    clock.advance(idle);
    assert.equal(
      server.stats.connectionsTimedOut,
      1,
      'nothing uses it any more: closed after the idle limit',
    );
  } finally {
    await client.close();
    await server.close();
  }
});

test('a dialog keeps only its own connection open: another idle TCP connection closes', async () => {
  const lab = await uasDialog(); // a dialog over UDP
  const tcp = await RawSipPeer.tcpTo(lab.ep.address);
  try {
    const via = `SIP/2.0/TCP 127.0.0.1:${tcp.local.port};branch=z9hG4bKother1`;
    tcp.send(rawRequest('OPTIONS', lab.uri, { 'Call-ID': 'other-tcp' }, '', via));
    await tcp.until((p) => /SIP\/2\.0 200/.test(p.text));
    lab.clock.advance(DEFAULT_TCP_IDLE_MS);
    assert.equal(lab.ep.stats.connectionsTimedOut, 1, 'no dialog uses it: closed');
    await tcp.until((p) => p.closed);
    assert.equal(lab.dialog.state, 'confirmed');
  } finally {
    tcp.close();
    await closeLab(lab);
  }
});

test('17.2.1 an INVITE answered at once arms no 408 fallback: only Timer G and Timer H run', async () => {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'uas-at-once', clock });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    const held: Array<{ reject(status: number): void }> = [];
    ep.onInvite((inv) => (inv.request.cseq === 1 ? inv.reject(486) : held.push(inv)));
    const uri = `sip:201@127.0.0.1:${ep.address.port}`;
    peer.send('INVITE', uri, { CSeq: '1 INVITE', 'Call-ID': 'at-once@peer' });
    await peer.finalResponse('INVITE', 1);
    assert.equal(clock.pending, 2, 'Timer G and Timer H of the 486');
    clock.advance(ACK_WAIT);
    assert.equal(clock.pending, 0);
    peer.send('INVITE', uri, { CSeq: '2 INVITE', 'Call-ID': 'later@peer' });
    await peer.raw.until(() => held.length === 1);
    assert.equal(clock.pending, 1, 'the 408 fallback of the unanswered INVITE (21.4.9)');
    clock.advance(ACK_WAIT);
    assert.equal((await peer.finalResponse('INVITE', 2)).status, 408);
  } finally {
    peer.close();
    await ep.close();
  }
});

test('a TCP dialog follows the connection its last in-dialog request came on (RFC 3261 18.2.2, RFC 5923)', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-moved' });
  let dialog: SipDialog | undefined;
  ep.onInvite((inv) => {
    dialog = inv.accept();
  });
  const first = await RawSipPeer.tcpTo(ep.address);
  const second = await RawSipPeer.tcpTo(ep.address);
  try {
    const uri = `sip:201@127.0.0.1:${ep.address.port};transport=tcp`;
    const via = (peer: RawSipPeer, b: string) =>
      `SIP/2.0/TCP 127.0.0.1:${peer.local.port};branch=z9hG4bK${b}`;
    const common = {
      'Call-ID': 'moved@peer',
      Contact: `<sip:peer@127.0.0.1:${first.local.port};transport=tcp>`,
    };
    first.send(rawRequest('INVITE', uri, common, '', via(first, 'inv1')));
    await first.until((p) => /SIP\/2\.0 200/.test(p.text));
    const to = /\r\nTo: ([^\r]*)\r\n/.exec(first.text)?.[1] ?? assert.fail('no To in the 200');
    first.send(rawRequest('ACK', uri, { ...common, To: to }, '', via(first, 'ack1')));
    const headers = { ...common, To: to, CSeq: '2 INFO' };
    second.send(rawRequest('INFO', uri, headers, '<moved/>', via(second, 'info2')));
    await second.until((p) => /SIP\/2\.0 501/.test(p.text));
    const bye = (dialog ?? assert.fail('no dialog')).bye();
    await second.until((p) => p.text.includes('BYE sip:'));
    assert.equal(first.text.includes('BYE sip:'), false, 'not on the first connection');
    void bye.catch(() => {});
  } finally {
    first.close();
    second.close();
    await ep.close();
  }
});
