import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { LabCertificateAuthority, type LabServerCertificate } from '../lab/lab-ca.ts';
import { type Observation, ObservationStream } from '../lab/observation.ts';
import type { SipDialog } from './sip-dialog.ts';
import { type IncomingInvite, SipEndpoint } from './sip-endpoint.ts';
import { SipTransportError } from './sip-error.ts';

// SIP over TLS (RFC 3261 §26.2, §18): TLS over TCP on its own port, Via transport `TLS`,
// Contact `sip:...;transport=tls`. Certificates come from the lab CA, made in memory.

const CSTA = 'application/csta+xml';
let certificate: LabServerCertificate;
let otherCa: string;
let server: SipEndpoint;
let client: SipEndpoint;
const observed: Observation[] = [];
const invites: IncomingInvite[] = [];
const serverDialogs: SipDialog[] = [];

before(async () => {
  const ca = await LabCertificateAuthority.create();
  certificate = await ca.issue({ names: ['127.0.0.1', 'localhost'] });
  otherCa = (await LabCertificateAuthority.create({ name: 'Someone Else CA' })).caPem;
  const observations = new ObservationStream();
  observations.subscribe((o) => observed.push(o));
  server = await SipEndpoint.start({
    name: 'gateway',
    observations,
    tls: { key: certificate.key, cert: certificate.cert },
  });
  client = await SipEndpoint.start({ name: 'app', tls: { ca: certificate.ca } });
  server.onInvite(
    (inv) => {
      invites.push(inv);
      const d = inv.accept({ body: '<SystemStatus>normal</SystemStatus>', contentType: CSTA });
      serverDialogs.push(d);
      d.onInfo((r) => r.respond(200, { body: `<Response>${r.request.body}</Response>`, contentType: CSTA }));
    },
    { user: '201', accept: [CSTA] },
  );
});

after(async () => {
  await client.close();
  await server.close();
});

function tlsTarget(user?: string): string {
  const tls = server.tlsAddress ?? assert.fail('the server listens for TLS');
  return `sip:${user ? `${user}@` : ''}${tls.host}:${tls.port};transport=tls`;
}

test('the TLS listener has a port of its own; an endpoint without a certificate has none', () => {
  const tls = server.tlsAddress ?? assert.fail('tlsAddress');
  assert.equal(tls.host, '127.0.0.1');
  assert.notEqual(tls.port, 0);
  assert.notEqual(tls.port, server.address.port);
  assert.equal(client.tlsAddress, undefined);
});

test('OPTIONS over TLS (answered as an INVITE would be, §11.2): 200, Via TLS (RFC 3261 §26.2 / §18) on one TLS connection', async () => {
  const res = await client.options(tlsTarget('201'), 'tls');
  assert.equal(res.status, 200);
  assert.match(res.header('via') ?? '', /^SIP\/2\.0\/TLS 127\.0\.0\.1:\d+;/);
  assert.equal(client.tlsConnectionCount, 1);
  assert.equal(client.tcpConnectionCount, 0);
});

test('INVITE over TLS: 200/ACK, INFO both ways, BYE; the server sees transport tls and Contact transport=tls', async () => {
  const dialog = await client.invite(tlsTarget('201'), {
    from: 'sip:app@lab',
    body: '<RequestSystemStatus/>',
    contentType: CSTA,
    accept: [CSTA],
  });
  assert.equal(dialog.transport, 'tls');
  const inv = invites.at(-1) ?? assert.fail('server INVITE');
  assert.equal(inv.transport, 'tls');
  assert.match(inv.request.header('via') ?? '', /^SIP\/2\.0\/TLS /);
  assert.match(inv.request.header('contact') ?? '', /;transport=tls>$/);
  // The answer's Contact names the server's TLS port (RFC 3261 §12.1.1 remote target).
  assert.equal(
    dialog.answer?.header('contact'),
    `<sip:201@127.0.0.1:${server.tlsAddress?.port};transport=tls>`,
  );
  const r = await dialog.sendInfo('<GetCSTAFeatures/>', { contentType: CSTA });
  assert.equal(r.status, 200);
  assert.equal(r.body, '<Response><GetCSTAFeatures/></Response>');
  const sd = serverDialogs.at(-1) ?? assert.fail('server dialog');
  const events: string[] = [];
  dialog.onInfo((req) => {
    events.push(req.request.body);
    req.respond(200);
  });
  assert.equal((await sd.sendInfo('<DeliveredEvent/>', { contentType: CSTA })).status, 200);
  assert.deepEqual(events, ['<DeliveredEvent/>']);
  assert.equal((await dialog.bye()).status, 200);
  assert.equal(sd.state, 'terminated');
  // Everything rode the one TLS connection the OPTIONS opened (RFC 3261 §18.1.1 reuse).
  assert.equal(client.tlsConnectionCount, 1);
});

test('a client trusting another CA is refused at the handshake (SipTransportError); the server keeps serving', async () => {
  const stranger = await SipEndpoint.start({ name: 'stranger', tls: { ca: otherCa } });
  try {
    await assert.rejects(
      () => stranger.options(tlsTarget('201'), 'tls'),
      (e: unknown) =>
        e instanceof SipTransportError &&
        /^cannot connect to 127\.0\.0\.1:\d+: TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate$/.test(
          e.message,
        ),
    );
    assert.equal(stranger.tlsConnectionCount, 0);
  } finally {
    await stranger.close();
  }
  const fresh = await SipEndpoint.start({ name: 'fresh', tls: { ca: certificate.ca } });
  try {
    assert.equal((await fresh.options(tlsTarget('201'), 'tls')).status, 200);
  } finally {
    await fresh.close();
  }
});

test('a client that checks names refuses a certificate without the host it connected to (RFC 6125 §6.4)', async () => {
  const ca = await LabCertificateAuthority.create();
  const wrongName = await ca.issue({ names: ['cucm-sub1.lab'] });
  const other = await SipEndpoint.start({ name: 'named', tls: { key: wrongName.key, cert: wrongName.cert } });
  const asker = await SipEndpoint.start({ name: 'asker', tls: { ca: wrongName.ca } });
  try {
    const tls = other.tlsAddress ?? assert.fail('tlsAddress');
    await assert.rejects(
      () => asker.options(`sip:${tls.host}:${tls.port};transport=tls`, 'tls'),
      (e: unknown) => e instanceof SipTransportError && /ERR_TLS_CERT_ALTNAME_INVALID/.test(e.message),
    );
  } finally {
    await asker.close();
    await other.close();
  }
});

test('plain SIP (not TLS) sent to the TLS port is closed without an answer; the server keeps serving', async () => {
  const tls = server.tlsAddress ?? assert.fail('tlsAddress');
  const socket = net.connect(tls.port, tls.host);
  const received: Buffer[] = [];
  socket.on('data', (b: Buffer) => received.push(b));
  let localPort: number | undefined;
  socket.on('connect', () => {
    localPort = socket.localPort;
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.write(
    'OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKplain\r\n' +
      'From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: plain\r\nCSeq: 1 OPTIONS\r\n' +
      'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
  );
  await closed;
  // No SIP came back: at most a TLS alert record (content type 21), never `SIP/2.0`.
  assert.ok(!Buffer.concat(received).toString('latin1').includes('SIP/2.0'));
  await waitFor(() =>
    badInputs().includes(`tls handshake: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number`),
  );
  const report = observed.find(
    (o) =>
      o.kind === 'state' &&
      o.topic === 'bad-input' &&
      String((o.detail as { reason: string }).reason).includes('WRONG_VERSION'),
  );
  assert.deepEqual(report?.kind === 'state' ? report.detail : undefined, {
    protocol: 'sip',
    transport: 'tls',
    remote: { host: '127.0.0.1', port: localPort },
    reason: `tls handshake: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number`,
  });
  assert.equal((await client.options(tlsTarget('201'), 'tls')).status, 200);
});

function badInputs(): string[] {
  return observed.flatMap((o) =>
    o.kind === 'state' && o.topic === 'bad-input' ? [String((o.detail as { reason: string }).reason)] : [],
  );
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end)
      throw new Error(`condition not met in ${ms} ms; bad input: ${badInputs().join(' | ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
