import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawSipDialogPeer, within } from '../testing/raw-sip-dialog-peer.ts';
import type { DialogEndReason, SipDialog } from './sip-dialog.ts';
import { type InviteOptions, SipEndpoint } from './sip-endpoint.ts';
import { SipRequestFailedError, SipTransportError } from './sip-error.ts';

// The UAC side of a dialog (RFC 3261 §12.1.2, §12.2.1, §13.2, §14.1, §15.1.1): the endpoint
// INVITEs a raw peer, which answers by hand.
const CSTA = 'application/csta+xml';

interface Lab {
  ep: SipEndpoint;
  peer: RawSipDialogPeer;
  target: string;
}

async function open(opts: { acceptedContentTypes?: readonly string[] } = {}): Promise<Lab> {
  const ep = await SipEndpoint.start({ name: 'uac', acceptedContentTypes: opts.acceptedContentTypes });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  return { ep, peer, target: `sip:201@127.0.0.1:${peer.raw.local.port}` };
}

/** INVITE the peer and answer 200 (with `contact`, if given); the confirmed dialog and its ends. */
async function confirmed(lab: Lab, contact?: string, invite: Pick<InviteOptions, 'to' | 'accept'> = {}) {
  const invites = lab.peer.requests('INVITE').length + 1;
  const acks = lab.peer.requests('ACK').length + 1;
  const pending = lab.ep.invite(lab.target, { from: 'sip:app@lab', ...invite });
  const req = await lab.peer.request('INVITE', invites);
  lab.peer.reply(req, 200, contact ? { Contact: `<${contact}>` } : {});
  const dialog = await within(pending, 'pending');
  await lab.peer.request('ACK', acks);
  const ends: DialogEndReason[] = [];
  dialog.onTerminated((r) => ends.push(r));
  return { dialog, invite: req, ends };
}

async function closeLab(lab: Lab): Promise<void> {
  lab.peer.close();
  await lab.ep.close();
}

test('12.1.2 a 2xx confirms the UAC dialog: tags, headers, remote target from Contact, CSeq 1', async () => {
  const lab = await open({ acceptedContentTypes: [CSTA] });
  try {
    const answerUri = `sip:answer@127.0.0.1:${lab.peer.raw.local.port}`;
    const { dialog, invite } = await confirmed(lab, answerUri, { to: 'sip:someone@lab' });
    assert.equal(invite.uri, lab.target);
    assert.equal(invite.cseq, 1);
    assert.equal(invite.header('to'), '<sip:someone@lab>');
    assert.equal(invite.header('from'), `<sip:app@lab>;tag=${dialog.localTag}`);
    assert.equal(invite.header('contact'), `<sip:app@127.0.0.1:${lab.ep.address.port};transport=udp>`);
    assert.equal(dialog.role, 'uac');
    assert.equal(dialog.callId, invite.callId);
    assert.equal(dialog.remoteTag, 'peertag');
    assert.equal(dialog.localHeader, invite.header('from'));
    assert.equal(dialog.remoteHeader, '<sip:someone@lab>;tag=peertag');
    assert.equal(dialog.remoteTarget, answerUri);
    assert.equal(dialog.localUser, 'app');
    assert.equal(dialog.localSeq, 1);
    assert.equal(dialog.remoteSeq, undefined);
    assert.equal(dialog.answer?.status, 200);
    assert.deepEqual(dialog.accept, [CSTA], 'the endpoint default');
    assert.equal(dialog.id, `${invite.callId};local-tag=${dialog.localTag};remote-tag=peertag`);
    assert.deepEqual([...lab.ep.dialogs.keys()], [dialog.id]);
  } finally {
    await closeLab(lab);
  }
});

test('13.2.2.4 the 2xx is ACKed in a new transaction to the remote target, CSeq of the INVITE', async () => {
  const lab = await open();
  try {
    const answerUri = `sip:answer@127.0.0.1:${lab.peer.raw.local.port}`;
    const { dialog, invite } = await confirmed(lab, answerUri, { accept: ['text/plain'] });
    const ack = await lab.peer.request('ACK');
    assert.equal(ack.uri, answerUri);
    assert.equal(ack.cseq, 1);
    assert.equal(ack.header('to'), dialog.remoteHeader);
    assert.notEqual(ack.header('via'), invite.header('via'), 'a new branch');
    assert.deepEqual(dialog.accept, ['text/plain']);
  } finally {
    await closeLab(lab);
  }
});

test('12.1.2 a 2xx without Contact: the remote target stays the Request-URI', async () => {
  const lab = await open();
  try {
    const { dialog } = await confirmed(lab);
    assert.equal(dialog.remoteTarget, lab.target);
    assert.equal((await lab.peer.request('ACK')).uri, lab.target);
    assert.equal(dialog.accept, undefined, 'no endpoint default: any type');
  } finally {
    await closeLab(lab);
  }
});

test('13.2.2.3 a non-2xx final: SipRequestFailedError with the response, no dialog', async () => {
  const lab = await open();
  try {
    const pending = lab.ep.invite(lab.target, { from: 'sip:app@lab' });
    lab.peer.reply(await lab.peer.request('INVITE'), 486);
    await assert.rejects(
      within(pending, 'INVITE'),
      (e: unknown) => e instanceof SipRequestFailedError && e.response.status === 486,
    );
    assert.equal(lab.ep.dialogs.size, 0);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.1 an INFO goes to the remote target with the next CSeq, From/To of the dialog', async () => {
  const lab = await open();
  try {
    const answerUri = `sip:answer@127.0.0.1:${lab.peer.raw.local.port}`;
    const { dialog } = await confirmed(lab, answerUri);
    const sent = dialog.sendInfo('<e/>', { contentType: CSTA });
    const info = await lab.peer.request('INFO');
    lab.peer.reply(info, 200);
    assert.equal((await within(sent, 'sent')).status, 200);
    assert.equal(info.uri, answerUri);
    assert.equal(info.cseq, 2);
    assert.equal(info.header('from'), dialog.localHeader);
    assert.equal(info.header('to'), dialog.remoteHeader);
    assert.equal(info.contentType, CSTA);
    assert.equal(dialog.localSeq, 2);
  } finally {
    await closeLab(lab);
  }
});

test('14.1 a re-INVITE: next CSeq with our Contact; its 2xx refreshes the target (12.2.1.2) and is ACKed', async () => {
  const lab = await open();
  try {
    const { dialog } = await confirmed(lab);
    const moved = `sip:moved@127.0.0.1:${lab.peer.raw.local.port}`;
    const pending = dialog.reInvite();
    const re = await lab.peer.request('INVITE', 2);
    assert.equal(re.cseq, 2);
    assert.equal(re.header('contact'), `<sip:app@127.0.0.1:${lab.ep.address.port};transport=udp>`);
    assert.equal(dialog.outgoingInvitePending, true);
    lab.peer.reply(re, 200, { Contact: `<${moved}>` });
    assert.equal((await within(pending, 'pending')).status, 200);
    assert.equal(dialog.outgoingInvitePending, false);
    assert.equal(dialog.remoteTarget, moved);
    const ack = await lab.peer.request('ACK', 2);
    assert.equal(ack.cseq, 2);
    assert.equal(ack.uri, moved);
  } finally {
    await closeLab(lab);
  }
});

test('14.1 a re-INVITE refused (488) keeps the dialog and its target; only the transaction ACKs it', async () => {
  const lab = await open();
  try {
    const { dialog, ends } = await confirmed(lab);
    const pending = dialog.reInvite();
    const re = await lab.peer.request('INVITE', 2);
    lab.peer.reply(re, 488, { Contact: '<sip:elsewhere@127.0.0.1:9>' });
    assert.equal((await within(pending, 'pending')).status, 488);
    assert.equal(dialog.remoteTarget, lab.target);
    assert.equal(dialog.outgoingInvitePending, false);
    const ack = await lab.peer.request('ACK', 2);
    assert.equal(ack.header('via'), re.header('via'), '17.1.1.3: the same branch');
    assert.equal(dialog.state, 'confirmed');
    assert.deepEqual(ends, []);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.2 a 481 or 408 to an in-dialog request ends the dialog; another failure does not', async () => {
  const lab = await open();
  try {
    for (const [status, ended] of [
      [404, false],
      [481, true],
      [408, true],
    ] as const) {
      const { dialog, ends } = await confirmed(lab);
      const sent = dialog.sendInfo('<e/>', { contentType: CSTA });
      const info = lab.peer.requests('INFO').length + 1;
      lab.peer.reply(await lab.peer.request('INFO', info), status);
      assert.equal((await within(sent, 'sent')).status, status);
      assert.deepEqual(ends, ended ? ['terminated'] : [], `after ${status}`);
      assert.equal(lab.ep.dialogs.has(dialog.id), !ended);
    }
  } finally {
    await closeLab(lab);
  }
});

test('15.1.1 bye ends the dialog at once (bye-sent) and the BYE still goes out with the next CSeq', async () => {
  const lab = await open();
  try {
    const { dialog, ends } = await confirmed(lab);
    const pending = dialog.bye();
    assert.equal(dialog.state, 'terminated');
    assert.deepEqual(ends, ['bye-sent']);
    assert.equal(lab.ep.dialogs.size, 0);
    const bye = await lab.peer.request('BYE');
    assert.equal(bye.cseq, 2);
    assert.equal(bye.uri, lab.target);
    lab.peer.reply(bye, 200);
    assert.equal((await within(pending, 'pending')).status, 200);
    dialog.terminate(); // already over: no second notice
    assert.deepEqual(ends, ['bye-sent']);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.1 a terminated dialog sends no INFO or re-INVITE', async () => {
  const lab = await open();
  try {
    const { dialog, ends } = await confirmed(lab);
    dialog.terminate();
    assert.deepEqual(ends, ['terminated']);
    const refused = (e: unknown) =>
      e instanceof SipTransportError && e.message === `dialog ${dialog.id} is terminated`;
    await assert.rejects(within(dialog.sendInfo('<e/>', { contentType: CSTA }), 'INFO'), refused);
    await assert.rejects(within(dialog.reInvite(), 're-INVITE'), refused);
    assert.equal(dialog.localSeq, 1);
  } finally {
    await closeLab(lab);
  }
});

test('closing the endpoint ends every dialog (terminated)', async () => {
  const lab = await open();
  const { dialog, ends } = await confirmed(lab);
  await closeLab(lab);
  assert.deepEqual(ends, ['terminated']);
  assert.equal(dialog.state, 'terminated');
});

test('12.2.2 a request whose tags match no dialog gets 481', async () => {
  const lab = await open();
  try {
    const { dialog } = await confirmed(lab);
    const uri = `sip:app@127.0.0.1:${lab.ep.address.port}`;
    const base = { 'Call-ID': dialog.callId, CSeq: '1 INFO' };
    // From tag must be the dialog's remote tag, To tag its local tag.
    lab.peer.send(
      'INFO',
      uri,
      { ...base, From: '<sip:x@lab>;tag=other', To: `<${uri}>;tag=${dialog.localTag}` },
      '<x/>',
    );
    assert.equal((await lab.peer.finalResponse('INFO', 1)).status, 481);
    lab.peer.send(
      'INFO',
      uri,
      { ...base, CSeq: '2 INFO', From: '<sip:x@lab>', To: `<${uri}>;tag=${dialog.localTag}` },
      '<x/>',
    );
    assert.equal((await lab.peer.finalResponse('INFO', 2)).status, 481);
    const got: SipDialog[] = [];
    dialog.onInfo((r) => {
      got.push(r.dialog);
      r.respond(200);
    });
    lab.peer.send(
      'INFO',
      uri,
      { ...base, CSeq: '3 INFO', From: '<sip:x@lab>;tag=peertag', To: `<${uri}>;tag=${dialog.localTag}` },
      '<x/>',
    );
    assert.equal((await lab.peer.finalResponse('INFO', 3)).status, 200);
    assert.deepEqual(got, [dialog]);
    assert.equal(dialog.remoteSeq, 3, '12.2.2: the first request sets the empty remote sequence');
  } finally {
    await closeLab(lab);
  }
});
