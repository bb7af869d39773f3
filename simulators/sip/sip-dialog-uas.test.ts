import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { RawSipDialogPeer, within } from '../testing/raw-sip-dialog-peer.ts';
import type { DialogEndReason, SipDialog, SipResponseOptions } from './sip-dialog.ts';
import { type InviteHandlerOptions, SipEndpoint } from './sip-endpoint.ts';

// The UAS side of a dialog (RFC 3261 §12.1.1, §12.2.2, §13.3, §14.2, §15.1.2): a raw peer
// INVITEs the endpoint, which accepts; then the peer sends in-dialog requests.
const CSTA = 'application/csta+xml';
/** A body without its Content-Type, as a plain-JS caller could pass it (the types refuse it). */
const untypedBody = { body: '<x/>' } as unknown as SipResponseOptions;

interface Lab {
  ep: SipEndpoint;
  peer: RawSipDialogPeer;
  dialog: SipDialog;
  ends: DialogEndReason[];
  /** Send an in-dialog request from the peer (To carries our tag). */
  inDialog(method: string, cseq: number, body?: string, headers?: Record<string, string>): void;
}

async function uasDialog(
  opts: { clock?: ManualClock; handler?: InviteHandlerOptions; inviteCseq?: number } = {},
): Promise<Lab> {
  const ep = await SipEndpoint.start({ name: 'uas', clock: opts.clock });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  let accepted: SipDialog | undefined;
  ep.onInvite((inv) => {
    accepted = inv.accept();
  }, opts.handler ?? { user: '201' });
  const uri = `sip:201@127.0.0.1:${ep.address.port}`;
  const callId = `uas-${Math.random().toString(36).slice(2)}@peer`;
  const cseq = opts.inviteCseq ?? 5;
  peer.send('INVITE', uri, { 'Call-ID': callId, CSeq: `${cseq} INVITE`, From: '<sip:peer@lab>;tag=pt1' });
  const ok = await peer.finalResponse('INVITE', cseq);
  const dialog = accepted ?? assert.fail('no dialog');
  const ends: DialogEndReason[] = [];
  dialog.onTerminated((r) => ends.push(r));
  const to = ok.header('to') ?? '';
  const base = { 'Call-ID': callId, From: '<sip:peer@lab>;tag=pt1', To: to };
  peer.send('ACK', uri, { ...base, CSeq: `${cseq} ACK` });
  const inDialog = (method: string, n: number, body = '', headers: Record<string, string> = {}) =>
    peer.send(method, uri, { ...base, CSeq: `${n} ${method}`, ...headers }, body);
  return { ep, peer, dialog, ends, inDialog };
}

async function closeLab(lab: Lab): Promise<void> {
  lab.peer.close();
  await lab.ep.close();
}

test('13.3.1.4 accept: 200 with our tag and Contact; the UAS dialog takes its state from the INVITE (12.1.1)', async () => {
  const lab = await uasDialog({ handler: { user: '201', accept: [CSTA] } });
  try {
    const { dialog, peer, ep } = lab;
    const [ok] = peer.responses('INVITE').filter((r) => r.status === 200);
    assert.ok(ok);
    assert.equal(ok.toTag, dialog.localTag);
    assert.equal(ok.header('contact'), `<sip:201@127.0.0.1:${ep.address.port};transport=udp>`);
    assert.equal(dialog.role, 'uas');
    assert.equal(dialog.remoteTag, 'pt1');
    assert.equal(dialog.localHeader, `<sip:201@127.0.0.1:${ep.address.port}>;tag=${dialog.localTag}`);
    assert.equal(dialog.remoteHeader, '<sip:peer@lab>;tag=pt1');
    assert.equal(dialog.remoteTarget, peer.contactUri);
    assert.equal(dialog.localUser, '201');
    assert.equal(dialog.remoteSeq, 5);
    assert.equal(dialog.localSeq, 0);
    assert.deepEqual(dialog.accept, [CSTA]);
    assert.equal(dialog.transport, 'udp');
    assert.equal(dialog.answer, undefined);
    assert.deepEqual([...ep.dialogs.keys()], [dialog.id]);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.1 in-dialog requests carry the remote target as Request-URI and increment CSeq', async () => {
  const lab = await uasDialog();
  try {
    const { dialog, peer } = lab;
    const first = dialog.sendInfo('<a/>', { contentType: CSTA });
    const info1 = await peer.request('INFO');
    peer.reply(info1, 200);
    assert.equal((await within(first, 'first')).status, 200);
    const second = dialog.sendInfo('<b/>', { contentType: CSTA });
    const info2 = await peer.request('INFO', 2);
    peer.reply(info2, 200);
    await within(second, 'second');
    assert.equal(info1.uri, peer.contactUri);
    assert.deepEqual(
      [info1.cseq, info2.cseq],
      [1, 2],
      'the UAS local sequence starts empty: first request 1, then +1',
    );
    assert.equal(info1.header('from'), dialog.localHeader);
    assert.equal(info1.header('to'), dialog.remoteHeader);
    assert.equal(info1.callId, dialog.callId);
    assert.equal(info1.body, '<a/>');
    assert.equal(dialog.localSeq, 2);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.2 a request with a lower CSeq gets 500; an equal or higher one is served', async () => {
  const lab = await uasDialog({ inviteCseq: 5 });
  try {
    const { dialog, peer } = lab;
    const infos: number[] = [];
    dialog.onInfo((r) => {
      infos.push(r.request.cseq);
      r.respond(200);
    });
    lab.inDialog('INFO', 4, '<x/>');
    const refused = await peer.finalResponse('INFO', 4);
    assert.equal(refused.status, 500);
    assert.equal(refused.reason, 'CSeq Out of Order');
    lab.inDialog('INFO', 5, '<x/>');
    assert.equal((await peer.finalResponse('INFO', 5)).status, 200);
    lab.inDialog('INFO', 9, '<x/>');
    assert.equal((await peer.finalResponse('INFO', 9)).status, 200);
    assert.equal(dialog.remoteSeq, 9);
    lab.inDialog('INFO', 8, '<x/>');
    assert.equal((await peer.finalResponse('INFO', 8)).status, 500);
    assert.deepEqual(infos, [5, 9]);
  } finally {
    await closeLab(lab);
  }
});

test('15.1.2 BYE is answered 200, handed to onBye, and ends the dialog (bye-received)', async () => {
  const lab = await uasDialog();
  try {
    const byes: string[] = [];
    lab.dialog.onBye((r) => byes.push(r.method));
    lab.dialog.onBye(() => {
      throw new Error('a failing handler disturbs nothing');
    });
    lab.inDialog('BYE', 6);
    assert.equal((await lab.peer.finalResponse('BYE', 6)).status, 200);
    assert.deepEqual(byes, ['BYE']);
    assert.deepEqual(lab.ends, ['bye-received']);
    assert.equal(lab.dialog.state, 'terminated');
    assert.equal(lab.ep.dialogs.size, 0);
    lab.inDialog('INFO', 7, '<x/>');
    assert.equal((await lab.peer.finalResponse('INFO', 7)).status, 481, '12.2.2: the dialog is gone');
  } finally {
    await closeLab(lab);
  }
});

test('12.2.2 a method the dialog does not serve gets 405 with Allow', async () => {
  const lab = await uasDialog();
  try {
    lab.inDialog('MESSAGE', 6, '<x/>');
    const r = await lab.peer.finalResponse('MESSAGE', 6);
    assert.equal(r.status, 405);
    assert.equal(r.header('allow'), 'INVITE, ACK, BYE, CANCEL, INFO, OPTIONS');
    assert.equal(lab.dialog.state, 'confirmed');
  } finally {
    await closeLab(lab);
  }
});

test('RFC 6086 INFO: 501 without a handler; a body of a type the dialog refuses gets 415 with Accept', async () => {
  const lab = await uasDialog({ handler: { user: '201', accept: [CSTA] } });
  try {
    lab.inDialog('INFO', 6, '<x/>');
    const r = await lab.peer.finalResponse('INFO', 6);
    assert.equal(r.status, 501);
    lab.inDialog('INFO', 7, 'v=0', { 'Content-Type': 'application/sdp' });
    const refused = await lab.peer.finalResponse('INFO', 7);
    assert.equal(refused.status, 415);
    assert.equal(refused.header('accept'), CSTA);
  } finally {
    await closeLab(lab);
  }
});

test('RFC 6086 INFO: the first final answer counts; 1xx/7xx statuses and a throwing handler', async () => {
  const lab = await uasDialog();
  try {
    let mode = 'answer';
    lab.dialog.onInfo((r) => {
      if (mode === 'throw') throw new Error('handler bug');
      r.respond(100); // not a final status: ignored
      r.respond(700); // out of range: ignored
      assert.throws(() => r.respond(200, untypedBody), {
        message: 'a SIP body needs its contentType (RFC 3261 §20.15)',
      });
      r.respond(202);
      r.respond(486);
    });
    lab.inDialog('INFO', 6, '<x/>');
    assert.equal((await lab.peer.finalResponse('INFO', 6)).status, 202);
    assert.deepEqual(
      lab.peer.responses('INFO').map((r) => r.status),
      [202],
    );
    mode = 'throw';
    lab.inDialog('INFO', 7, '<x/>');
    assert.equal((await lab.peer.finalResponse('INFO', 7)).status, 500);
  } finally {
    await closeLab(lab);
  }
});

test('14.2 a re-INVITE without a handler gets 200 with Contact and refreshes the remote target (12.2.2)', async () => {
  const lab = await uasDialog();
  try {
    lab.inDialog('INVITE', 6, '', { Contact: '<sip:moved@127.0.0.1:9>' });
    const ok = await lab.peer.finalResponse('INVITE', 6);
    assert.equal(ok.status, 200);
    assert.equal(ok.header('contact'), `<sip:201@127.0.0.1:${lab.ep.address.port};transport=udp>`);
    assert.equal(lab.dialog.remoteTarget, 'sip:moved@127.0.0.1:9');
    assert.deepEqual(lab.dialog.pendingAck?.cseq, 6);
  } finally {
    await closeLab(lab);
  }
});

test('14.2 a re-INVITE answered non-2xx carries no Contact and waits for no dialog ACK', async () => {
  const lab = await uasDialog();
  try {
    lab.dialog.onReInvite((r) => r.respond(488));
    lab.inDialog('INVITE', 6);
    const r = await lab.peer.finalResponse('INVITE', 6);
    assert.equal(r.status, 488);
    assert.equal(r.header('contact'), undefined);
    assert.equal(lab.dialog.pendingAck, undefined);
  } finally {
    await closeLab(lab);
  }
});

test('14.2 a re-INVITE arriving while ours is pending gets 491', async () => {
  const lab = await uasDialog();
  try {
    const ours = lab.dialog.reInvite();
    const sent = await lab.peer.request('INVITE');
    assert.equal(lab.dialog.outgoingInvitePending, true);
    lab.inDialog('INVITE', 6);
    const r = await lab.peer.finalResponse('INVITE', 6);
    assert.equal(r.status, 491);
    assert.equal(r.reason, 'Request Pending');
    lab.peer.reply(sent, 200, { Contact: '<sip:peer2@127.0.0.1:9>' });
    assert.equal((await within(ours, 'ours')).status, 200);
    assert.equal(lab.dialog.outgoingInvitePending, false);
    lab.inDialog('INVITE', 7);
    assert.equal((await lab.peer.finalResponse('INVITE', 7)).status, 200);
  } finally {
    await closeLab(lab);
  }
});

test('13.3.1.4 a 2xx never ACKed: after 64*T1 the UAS ends the dialog with BYE', async () => {
  const clock = new ManualClock();
  const lab = await uasDialog({ clock });
  try {
    lab.inDialog('INVITE', 6);
    await lab.peer.finalResponse('INVITE', 6);
    clock.advance(32_000);
    const bye = await lab.peer.request('BYE');
    assert.equal(bye.cseq, 1);
    assert.equal(bye.uri, lab.peer.contactUri);
    assert.deepEqual(lab.ends, ['bye-sent']);
  } finally {
    await closeLab(lab);
  }
});

test('13.3.1.4 the ACK with the 2xx CSeq stops the 2xx retransmissions; the dialog stays', async () => {
  const clock = new ManualClock();
  const lab = await uasDialog({ clock });
  try {
    lab.inDialog('ACK', 4); // not the CSeq of the 2xx: ignored
    lab.inDialog('INFO', 5, '<x/>'); // a request after it, so the ACK has been read
    await lab.peer.finalResponse('INFO', 5);
    assert.equal(lab.dialog.pendingAck, undefined, 'the ACK of CSeq 5 was sent in uasDialog');
    clock.advance(32_000);
    await lab.peer.raw.until(() => lab.ep.serverTransactionCount === 0);
    assert.equal(lab.peer.requests('BYE').length, 0);
    assert.equal(lab.dialog.state, 'confirmed');
    assert.equal(lab.peer.responses('INVITE').filter((r) => r.status === 200).length, 1);
  } finally {
    await closeLab(lab);
  }
});
