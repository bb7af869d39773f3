import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import type { SipResponseOptions } from './sip-dialog.ts';
import { type InviteOptions, SipEndpoint } from './sip-endpoint.ts';
import { SipRequestFailedError } from './sip-error.ts';

// The SIP layer knows no media type: callers name what they send and what they accept.
let client: SipEndpoint;

before(async () => {
  client = await SipEndpoint.start({ name: 'app' });
});

after(() => client.close());

test('acceptedContentTypes: the default of handlers; OPTIONS and 415 list it; without it: */*', async () => {
  const typed = await SipEndpoint.start({ name: 'typed', acceptedContentTypes: ['text/plain'] });
  const any = await SipEndpoint.start({ name: 'any' });
  typed.onInvite((inv) => inv.reject(486));
  any.onInvite((inv) => inv.reject(486));
  try {
    const typedOptions = await client.options(`sip:x@127.0.0.1:${typed.address.port}`);
    assert.equal(typedOptions.header('accept'), 'text/plain');
    const anyOptions = await client.options(`sip:x@127.0.0.1:${any.address.port}`);
    assert.equal(anyOptions.header('accept'), '*/*'); // RFC 3261 §20.1: every media type
    await assert.rejects(
      () =>
        client.invite(`sip:x@127.0.0.1:${typed.address.port}`, {
          from: 'sip:app@lab',
          body: '<x/>',
          contentType: 'application/csta+xml',
        }),
      (e: unknown) =>
        e instanceof SipRequestFailedError &&
        e.response.status === 415 &&
        e.response.header('accept') === 'text/plain',
    );
  } finally {
    await typed.close();
    await any.close();
  }
});

test('a request body without its content type is refused before sending (RFC 3261 §20.15)', async () => {
  const untyped = { from: 'sip:app@lab', body: '<x/>' } as unknown as InviteOptions;
  const sent = client.stats.messagesSent;
  await assert.rejects(() => client.invite('sip:201@127.0.0.1:9', untyped), TypeError);
  assert.equal(client.stats.messagesSent, sent);
});

test('a response body without its content type: the handler failed, the INVITE gets 500', async () => {
  const ep = await SipEndpoint.start({ name: 'untyped' });
  ep.onInvite((inv) => inv.accept({ body: '<x/>' } as unknown as SipResponseOptions));
  const peer = await RawSipPeer.udpTo(ep.address);
  try {
    peer.send(rawRequest('INVITE', `sip:x@127.0.0.1:${ep.address.port}`));
    await peer.until((p) => /^SIP\/2\.0 500 /.test(p.text));
    assert.doesNotMatch(peer.text, /Content-Type/i);
    assert.equal(ep.dialogs.size, 0);
  } finally {
    peer.close();
    await ep.close();
  }
});
