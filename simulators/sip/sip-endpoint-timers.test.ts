import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import type { SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { SipTimeoutError } from './sip-error.ts';

// RFC 3261 §17 timers and pending INVITEs, on the injected clock (each test its own endpoint).
const CSTA = 'application/csta+xml';

test('UDP timers on the injected clock: INFO retransmitted (Timer E) then Timer F rejects', async () => {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'timers', clock });
  const silent = await RawSipPeer.udpTo({ host: '127.0.0.1', port: 9 });
  try {
    // A dialog with a silent peer: accept an INVITE from the raw peer, then INFO it.
    let dialog: SipDialog | undefined;
    ep.onInvite((inv) => {
      dialog = inv.accept();
    });
    const silentContact = `<sip:peer@127.0.0.1:${silent.local.port}>`;
    const invite = rawRequest(
      'INVITE',
      `sip:x@127.0.0.1:${ep.address.port}`,
      { Contact: silentContact },
      '',
      `SIP/2.0/UDP 127.0.0.1:${silent.local.port};branch=z9hG4bKtm1`,
    );
    const peer = await RawSipPeer.udpTo(ep.address);
    peer.send(invite);
    await peer.until(() => dialog !== undefined);
    peer.close();
    const d = dialog ?? assert.fail();
    const before = ep.stats.retransmissionsSent;
    const pending = d.sendInfo('<event/>', { contentType: CSTA });
    const outcome = pending.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    const infos = (p: RawSipPeer) => p.received.filter((b) => b.toString().startsWith('INFO')).length;
    await silent.until((p) => infos(p) >= 1);
    clock.advance(31_999);
    await silent.until((p) => infos(p) >= 11);
    // 10 INFO retransmissions (+ 2xx retransmissions for the un-ACKed INVITE)
    assert.equal(infos(silent), 11);
    assert.ok(ep.stats.retransmissionsSent - before >= 10);
    clock.advance(1);
    const e = await outcome;
    assert.ok(e instanceof SipTimeoutError && e.timer === 'F');
  } finally {
    silent.close();
    await ep.close();
  }
});

test('UDP: INVITE to a silent target -> Timer A retransmissions then Timer B', async () => {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'uac', clock });
  const silent = await RawSipPeer.udpTo({ host: '127.0.0.1', port: 9 });
  try {
    const outcome = ep.invite(`sip:201@127.0.0.1:${silent.local.port}`, { from: 'sip:app@lab' }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await silent.until((p) => p.received.length >= 1);
    clock.advance(31_999);
    await silent.until((p) => p.received.length >= 7);
    clock.advance(1);
    const e = await outcome;
    assert.ok(e instanceof SipTimeoutError && e.timer === 'B');
    assert.equal(silent.received.length, 7);
  } finally {
    silent.close();
    await ep.close();
  }
});

test('INVITE handler that never answers: 100 Trying at once, 408 at 64*T1', async () => {
  const clock = new ManualClock();
  const ep = await SipEndpoint.start({ name: 'slow', clock });
  ep.onInvite(() => {});
  const peer = await RawSipPeer.udpTo(ep.address);
  try {
    peer.send(rawRequest('INVITE', `sip:x@127.0.0.1:${ep.address.port}`, {}, '<x/>'));
    await peer.until((p) => /^SIP\/2\.0 100 Trying/.test(p.text));
    clock.advance(32_000);
    await peer.until((p) => /SIP\/2\.0 408 Request Timeout/.test(p.text));
  } finally {
    peer.close();
    await ep.close();
  }
});

test('CANCEL of a pending INVITE: 200 to CANCEL, 487 to INVITE (RFC 3261 §9.2)', async () => {
  const ep = await SipEndpoint.start({ name: 'cancel' });
  ep.onInvite(() => {});
  const peer = await RawSipPeer.udpTo(ep.address);
  try {
    const via = 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKcancel1;rport';
    const uri = `sip:x@127.0.0.1:${ep.address.port}`;
    peer.send(rawRequest('INVITE', uri, {}, '<x/>', via));
    await peer.until((p) => /100 Trying/.test(p.text));
    peer.send(rawRequest('CANCEL', uri, { Contact: undefined }, '', via));
    await peer.until(
      (p) => /SIP\/2\.0 487 /.test(p.text) && /SIP\/2\.0 200 OK[^\r]*\r\n[\s\S]*CSeq: 1 CANCEL/.test(p.text),
    );
  } finally {
    peer.close();
    await ep.close();
  }
});
