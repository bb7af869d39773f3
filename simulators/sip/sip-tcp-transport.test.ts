import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import { SipEndpoint } from './sip-endpoint.ts';
import { sipMessagesPerWritev } from './sip-tcp-transport.ts';

test('CTILAB_SIP_WRITEV_MAX: a positive whole number bounds the writev, anything else leaves it unbounded', () => {
  assert.equal(sipMessagesPerWritev('4'), 4);
  assert.equal(sipMessagesPerWritev(' 16 '), 16);
  for (const bad of [undefined, '', '0', '-1', '2.5', 'four', '1e3', '9999999'])
    assert.equal(sipMessagesPerWritev(bad), Number.POSITIVE_INFINITY, String(bad));
});

test('twelve requests in one segment: twelve answers (404: no user 201 here) on the connection, in order', async () => {
  const server = await SipEndpoint.start({ name: 'server' });
  try {
    const peer = await RawSipPeer.tcpTo(server.address);
    const uri = `sip:201@127.0.0.1:${server.address.port}`;
    const via = (n: number) => `SIP/2.0/TCP ${peer.local.host}:${peer.local.port};branch=z9hG4bKpipe${n}`;
    let segment = '';
    for (let n = 1; n <= 12; n++) segment += rawRequest('OPTIONS', uri, { CSeq: `${n} OPTIONS` }, '', via(n));
    peer.send(segment);
    await peer.until((p) => (p.text.match(/^SIP\/2\.0 \d{3} /gm) ?? []).length === 12);
    const cseqs = [...peer.text.matchAll(/^CSeq: (\d+) OPTIONS/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      cseqs,
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    peer.close();
  } finally {
    await server.close();
  }
});
