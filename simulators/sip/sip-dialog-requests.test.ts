import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawSipDialogPeer, within } from '../testing/raw-sip-dialog-peer.ts';
import type { SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { SipRequestFailedError, SipTransportError } from './sip-error.ts';

// The UAC side of INVITE and of requests inside a dialog (RFC 3261 §12.2.1, §13.2.2, §14.1):
// the endpoint sends, a raw UDP peer answers by hand.
const CSTA = 'application/csta+xml';

interface Lab {
  ep: SipEndpoint;
  peer: RawSipDialogPeer;
  target: string;
}

async function open(): Promise<Lab> {
  const ep = await SipEndpoint.start({ name: 'uac-req' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  return { ep, peer, target: `sip:201@127.0.0.1:${peer.raw.local.port}` };
}

async function closeLab(lab: Lab): Promise<void> {
  lab.peer.close();
  await lab.ep.close();
}

/** INVITE the peer, which answers 200 with its Contact; the confirmed dialog. */
async function confirmed(lab: Lab, from = 'sip:app@lab'): Promise<SipDialog> {
  const pending = lab.ep.invite(lab.target, { from });
  const req = await lab.peer.request('INVITE');
  lab.peer.reply(req, 200, { Contact: `<${lab.peer.contactUri}>` });
  const dialog = await within(pending, 'invite');
  await lab.peer.request('ACK');
  return dialog;
}

/** A request from the peer inside `dialog` (From: its remote header, To: our local header). */
function fromPeer(lab: Lab, dialog: SipDialog, method: string, cseq: number, body = ''): void {
  lab.peer.send(
    method,
    `sip:app@127.0.0.1:${lab.ep.address.port}`,
    {
      'Call-ID': dialog.callId,
      From: dialog.remoteHeader,
      To: dialog.localHeader,
      CSeq: `${cseq} ${method}`,
      ...(body ? { 'Content-Type': CSTA } : {}),
    },
    body,
  );
}

/** Wait until everything the endpoint sent before now has reached the peer. */
let witnesses = 0;
async function settle(lab: Lab): Promise<void> {
  witnesses++;
  lab.peer.send('OPTIONS', `sip:app@127.0.0.1:${lab.ep.address.port}`, {
    'Call-ID': `witness-${witnesses}`,
    CSeq: `${witnesses} OPTIONS`,
  });
  await lab.peer.finalResponse('OPTIONS', witnesses);
}

test('13.2.2.3 a 300 final response to an INVITE is a failure: no dialog', async () => {
  const lab = await open();
  try {
    const pending = lab.ep.invite(lab.target, { from: 'sip:app@lab' });
    const req = await lab.peer.request('INVITE');
    lab.peer.reply(req, 300, { Contact: `<${lab.peer.contactUri}>` });
    const err = await within(pending, 'invite').then(
      () => assert.fail('a 300 confirmed a dialog'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof SipRequestFailedError);
    assert.equal(err.response.status, 300);
    assert.equal(lab.ep.dialogs.size, 0);
  } finally {
    await closeLab(lab);
  }
});

test('13.2.1 an INVITE to a target that is no URI is refused, naming the target', async () => {
  const lab = await open();
  try {
    await assert.rejects(lab.ep.invite('not a uri', { from: 'sip:app@lab' }), (e: unknown) => {
      assert.ok(e instanceof SipTransportError);
      assert.equal(e.message, 'bad target URI not a uri');
      return true;
    });
  } finally {
    await closeLab(lab);
  }
});

test('12.1.2 a From URI without user gives the dialog an empty local user', async () => {
  const lab = await open();
  try {
    const dialog = await confirmed(lab, 'sip:lab.example');
    assert.equal(dialog.localUser, '');
    assert.equal(dialog.localHeader, `<sip:lab.example>;tag=${dialog.localTag}`);
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.2 a 300 to a re-INVITE neither refreshes the target nor gets the 2xx ACK', async () => {
  const lab = await open();
  try {
    const dialog = await confirmed(lab);
    const target = dialog.remoteTarget;
    const pending = dialog.reInvite();
    const reInvite = await lab.peer.request('INVITE', 2);
    lab.peer.reply(reInvite, 300, { Contact: `<sip:moved@127.0.0.1:${lab.peer.raw.local.port}>` });
    assert.equal((await within(pending, 're-INVITE')).status, 300);
    await settle(lab);
    assert.equal(dialog.remoteTarget, target);
    const acks = lab.peer.requests('ACK').filter((a) => a.cseq === 2);
    assert.equal(acks.length, 1, '17.1.1.3: only the transaction ACKs a non-2xx');
    assert.equal(
      acks[0]?.header('via'),
      reInvite.header('via'),
      'the ACK of a non-2xx has the INVITE branch',
    );
    assert.equal(dialog.state, 'confirmed');
  } finally {
    await closeLab(lab);
  }
});

test('12.2.1.2 a 2xx to a re-INVITE without Contact keeps the remote target; it is ACKed there', async () => {
  const lab = await open();
  try {
    const dialog = await confirmed(lab);
    const target = dialog.remoteTarget;
    const pending = dialog.reInvite();
    lab.peer.reply(await lab.peer.request('INVITE', 2), 200);
    assert.equal((await within(pending, 're-INVITE')).status, 200);
    const ack = await lab.peer.request('ACK', 2);
    assert.equal(dialog.remoteTarget, target);
    assert.equal(ack.uri, target);
    assert.equal(ack.cseq, 2);
  } finally {
    await closeLab(lab);
  }
});

test('14.2 our INFO is no pending INVITE: the peer may re-INVITE meanwhile, and its 2xx gets no ACK', async () => {
  const lab = await open();
  try {
    const dialog = await confirmed(lab);
    const pending = dialog.sendInfo('<x/>', { contentType: CSTA });
    const info = await lab.peer.request('INFO');
    fromPeer(lab, dialog, 'INVITE', 1);
    assert.equal((await lab.peer.finalResponse('INVITE', 1)).status, 200, 'not 491');
    lab.peer.reply(info, 200);
    assert.equal((await within(pending, 'INFO')).status, 200);
    await settle(lab);
    assert.deepEqual(
      lab.peer.requests('ACK').map((a) => a.cseq),
      [1],
      'only the INVITE 2xx is ACKed',
    );
  } finally {
    await closeLab(lab);
  }
});

test('14.2 our re-INVITE stays pending while an INFO of ours completes: the peer re-INVITE gets 491', async () => {
  const lab = await open();
  try {
    const dialog = await confirmed(lab);
    const reInvite = dialog.reInvite();
    const ours = await lab.peer.request('INVITE', 2);
    const info = dialog.sendInfo('<x/>', { contentType: CSTA });
    lab.peer.reply(await lab.peer.request('INFO'), 200);
    await within(info, 'INFO');
    fromPeer(lab, dialog, 'INVITE', 1);
    assert.equal((await lab.peer.finalResponse('INVITE', 1)).status, 491);
    lab.peer.reply(ours, 200);
    await within(reInvite, 're-INVITE');
  } finally {
    await closeLab(lab);
  }
});

test('12.1.2 a 2xx without To tag (an RFC 2543 peer) confirms a dialog with an empty remote tag', async () => {
  const lab = await open();
  try {
    const pending = lab.ep.invite(lab.target, { from: 'sip:app@lab' });
    const req = await lab.peer.request('INVITE');
    let text = 'SIP/2.0 200 OK\r\n';
    for (const via of req.headers('via')) text += `Via: ${via}\r\n`;
    text += `From: ${req.header('from')}\r\nTo: ${req.header('to')}\r\nCall-ID: ${req.callId}\r\n`;
    text += `CSeq: 1 INVITE\r\nContact: <${lab.peer.contactUri}>\r\nContent-Length: 0\r\n\r\n`;
    lab.peer.raw.send(text);
    const dialog = await within(pending, 'invite');
    assert.equal(dialog.remoteTag, '');
    assert.equal(dialog.remoteHeader, `<${lab.target}>`);
    assert.equal(dialog.id, `${req.callId};local-tag=${dialog.localTag};remote-tag=`);
  } finally {
    await closeLab(lab);
  }
});
