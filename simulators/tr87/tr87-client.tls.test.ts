import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LabCertificateAuthority, type LabServerCertificate } from '../lab/lab-ca.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipTransportError } from '../sip/sip-error.ts';
import { InMemoryCtiBackend, type MemorySession } from '../testing/in-memory-cti-backend.ts';
import { Tr87Client } from './tr87-client.ts';
import { CLOSE_BYE_WAIT_MS, Tr87Server } from './tr87-server.ts';

// A TR/87 session over SIP over TLS (RFC 3261 §26.2): what Cisco's "Standard CTI Secure
// Connection" users need (CUCM-ACG-013). The backend sees the transport in `via.transport`.

const clock = new ManualClock();
let certificate: LabServerCertificate;
let endpoint: SipEndpoint;
let backend: InMemoryCtiBackend;
let server: Tr87Server<MemorySession>;

before(async () => {
  const ca = await LabCertificateAuthority.create();
  certificate = await ca.issue({ names: ['127.0.0.1', 'localhost'] });
  endpoint = await SipEndpoint.start({
    name: 'gateway',
    clock,
    tls: { key: certificate.key, cert: certificate.cert },
  });
  backend = new InMemoryCtiBackend(new Set(['201', '202']), undefined, new Set(), clock);
  server = new Tr87Server({ endpoint, backend, clock });
});

after(async () => {
  const closing = server.close();
  clock.advance(CLOSE_BYE_WAIT_MS);
  await closing;
  await endpoint.close();
});

function tlsPort(): number {
  return (endpoint.tlsAddress ?? assert.fail('the gateway listens for TLS')).port;
}

test('Tr87Client over TLS: the session opens, the backend is told transport tls, requests work, close BYEs', async () => {
  const client = await Tr87Client.connect({
    host: '127.0.0.1',
    port: tlsPort(),
    transport: 'tls',
    tls: { ca: certificate.ca },
    user: 'alice',
    line: '201',
    clock,
    autoRefresh: false,
  });
  try {
    assert.equal(client.dialog.transport, 'tls');
    const [session, ...others] = backend.sessions.values();
    assert.equal(others.length, 0);
    assert.equal(session?.params.via?.transport, 'tls');
    assert.match(session?.params.via?.remote ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(backend.rows()[0]?.transport, 'tls');
    assert.equal(client.endpoint.tlsConnectionCount, 1);
    const id = await client.monitorStart('201');
    assert.deepEqual(backend.rows()[0]?.monitors, [id]);
  } finally {
    await client.close();
  }
  assert.equal(backend.sessions.size, 0);
});

test('Tr87Client trusting another CA: connect fails at the handshake, no session is opened', async () => {
  const other = await LabCertificateAuthority.create({ name: 'Not The Cluster CA' });
  await assert.rejects(
    () =>
      Tr87Client.connect({
        host: '127.0.0.1',
        port: tlsPort(),
        transport: 'tls',
        tls: { ca: other.caPem },
        user: 'mallory',
        line: '202',
        clock,
      }),
    (e: unknown) =>
      e instanceof SipTransportError &&
      /^cannot connect to 127\.0\.0\.1:\d+: TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate$/.test(
        e.message,
      ),
  );
  assert.equal(backend.sessions.size, 0);
});
