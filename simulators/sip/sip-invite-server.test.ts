import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { RawSipDialogPeer } from '../testing/raw-sip-dialog-peer.ts';
import { rawRequest } from '../testing/raw-sip-peer.ts';
import type { SipResponseOptions } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { SipTransportError } from './sip-error.ts';

// The INVITE server (RFC 3261 §13.3 UAS core, §9.2 CANCEL, §17.2.1 ACK of a non-2xx): a raw
// peer INVITEs the endpoint, whose handlers answer.

/** A body without its Content-Type, as a plain-JS caller could pass it (the types refuse it). */
const untypedBody = { body: '<x/>' } as unknown as SipResponseOptions;

test('13.3.1.4 a second accept, or a body without its type, is refused before any state changes', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-twice' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    const errors: unknown[] = [];
    ep.onInvite((inv) => {
      try {
        inv.accept(untypedBody);
      } catch (e) {
        errors.push(e);
      }
      assert.equal(ep.dialogs.size, 0);
      inv.accept();
      try {
        inv.accept();
      } catch (e) {
        errors.push(e);
      }
    });
    peer.send('INVITE', `sip:201@127.0.0.1:${ep.address.port}`, {});
    assert.equal((await peer.finalResponse('INVITE', 1)).status, 200);
    assert.equal(errors.length, 2);
    assert.ok(errors[0] instanceof TypeError);
    assert.equal(errors[0].message, 'a SIP body needs its contentType (RFC 3261 §20.15)');
    assert.ok(errors[1] instanceof SipTransportError);
    assert.equal(errors[1].message, 'INVITE already answered');
    assert.equal(ep.dialogs.size, 1);
  } finally {
    peer.close();
    await ep.close();
  }
});

test('13.3.1 an INVITE goes to the handler of its Request-URI user, else to the one for every user', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-handlers' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    const seen: string[] = [];
    const offAll = ep.onInvite((inv) => {
      seen.push(`all:${inv.request.user}`);
      inv.reject(480);
    });
    const off201 = ep.onInvite(
      (inv) => {
        seen.push(`201:${inv.request.user}`);
        inv.reject(486);
      },
      { user: '201' },
    );
    const invite = (user: string, cseq: number) =>
      peer.send('INVITE', `sip:${user}@127.0.0.1:${ep.address.port}`, { CSeq: `${cseq} INVITE` });
    invite('201', 1);
    assert.equal((await peer.finalResponse('INVITE', 1)).status, 486);
    invite('202', 2);
    assert.equal((await peer.finalResponse('INVITE', 2)).status, 480);
    off201();
    off201(); // a second uninstall removes nothing else
    invite('201', 3);
    assert.equal((await peer.finalResponse('INVITE', 3)).status, 480);
    offAll();
    invite('201', 4);
    assert.equal((await peer.finalResponse('INVITE', 4)).status, 404);
    assert.deepEqual(seen, ['201:201', 'all:202', 'all:201']);
  } finally {
    peer.close();
    await ep.close();
  }
});

test('13.3.1 a handler that throws gets the INVITE a 500; reject takes 3xx-6xx only; answered at once: no 100', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-throw' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    const errors: unknown[] = [];
    ep.onInvite((inv) => {
      try {
        inv.reject(200);
      } catch (e) {
        errors.push(e);
      }
      try {
        inv.reject(700);
      } catch (e) {
        errors.push(e);
      }
      throw new Error('handler bug');
    });
    peer.send('INVITE', `sip:201@127.0.0.1:${ep.address.port}`, {});
    const r = await peer.finalResponse('INVITE', 1);
    assert.equal(r.status, 500);
    assert.deepEqual(
      peer.responses('INVITE').map((x) => x.status),
      [500],
      '17.2.1: no 100 Trying for an INVITE answered at once',
    );
    assert.deepEqual(
      errors.map((e) => (e instanceof RangeError ? e.message : e)),
      ['reject needs a 3xx-6xx status, got 200', 'reject needs a 3xx-6xx status, got 700'],
    );
  } finally {
    peer.close();
    await ep.close();
  }
});

test('9.2 CANCEL: 487 for a pending INVITE; 481 once it is answered or for an unknown one', async () => {
  const ep = await SipEndpoint.start({ name: 'uas-cancel' });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    const invites: Array<{ reject(status: number): void }> = [];
    ep.onInvite((inv) => {
      invites.push(inv);
    });
    const uri = `sip:201@127.0.0.1:${ep.address.port}`;
    const via = (b: string) => `SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${b};rport`;
    const send = (method: string, branch: string, callId: string) =>
      peer.raw.send(rawRequest(method, uri, { 'Call-ID': callId }, '', via(branch)));
    send('CANCEL', 'nobranch', 'c0');
    assert.equal((await peer.finalResponse('CANCEL', 1)).status, 481);
    send('INVITE', 'answered', 'c1');
    await peer.raw.until(() => invites.length === 1);
    invites[0]?.reject(603);
    await peer.finalResponse('INVITE', 1);
    send('CANCEL', 'answered', 'c1');
    await peer.raw.until(() => peer.responses('CANCEL').length === 2);
    assert.equal(peer.responses('CANCEL')[1]?.status, 481);
    send('INVITE', 'pending', 'c2');
    await peer.raw.until(() => invites.length === 2);
    send('CANCEL', 'pending', 'c2');
    await peer.raw.until(() => peer.responses('INVITE').some((r) => r.callId === 'c2' && r.status >= 200));
    assert.equal(peer.responses('CANCEL')[2]?.status, 200);
    assert.equal(peer.responses('INVITE').find((r) => r.callId === 'c2' && r.status >= 200)?.status, 487);
  } finally {
    peer.close();
    await ep.close();
  }
});

test('17.2.1 the ACK of a non-2xx final (same branch) stops its retransmissions (Timer G)', async () => {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'uas-ack', clock });
  const peer = await RawSipDialogPeer.udpTo(ep.address);
  try {
    ep.onInvite((inv) => inv.reject(486));
    const uri = `sip:201@127.0.0.1:${ep.address.port}`;
    const via = 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKack486;rport';
    peer.raw.send(rawRequest('INVITE', uri, { 'Call-ID': 'a486' }, '', via));
    await peer.finalResponse('INVITE', 1);
    peer.raw.send(rawRequest('ACK', uri, { 'Call-ID': 'a486' }, '', via));
    await peer.raw.until(() => ep.serverTransactionCount === 0);
    clock.advance(32_000);
    peer.send('OPTIONS', uri, {}); // a witness: everything sent before it has arrived
    await peer.finalResponse('OPTIONS', 1);
    assert.equal(peer.responses('INVITE').length, 1);
  } finally {
    peer.close();
    await ep.close();
  }
});
