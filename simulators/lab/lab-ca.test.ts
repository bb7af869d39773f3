import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { LabCertificateAuthority } from './lab-ca.ts';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

test('the CA is self-signed, a CA (RFC 5280 §4.2.1.9) with an ECDSA P-256 key, valid from an hour back for 30 days', async () => {
  const ca = await LabCertificateAuthority.create({ now: NOW });
  const cert = new X509Certificate(ca.caPem);
  assert.equal(cert.ca, true);
  assert.equal(cert.subject, 'CN=CTI Lab CA\nO=CTI Lab');
  assert.equal(cert.issuer, cert.subject);
  assert.ok(cert.verify(cert.publicKey));
  assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
  assert.deepEqual(cert.publicKey.asymmetricKeyDetails, { namedCurve: 'prime256v1' });
  assert.equal(new Date(cert.validFrom).getTime(), NOW - 3_600_000);
  assert.equal(new Date(cert.validTo).getTime(), NOW + 30 * 86_400_000);
});

test('a server certificate: signed by the CA, not a CA, SANs as IP and DNS names, its key matches, serverAuth', async () => {
  const ca = await LabCertificateAuthority.create({ now: NOW, name: 'Cluster, Lab' });
  const server = await ca.issue({ names: ['127.0.0.1', 'localhost', 'cucm-pub', '127.0.0.1'] });
  const cert = new X509Certificate(server.cert);
  const caCert = new X509Certificate(server.ca);
  assert.equal(server.ca, ca.caPem);
  assert.equal(caCert.subject, 'CN=Cluster\\, Lab\nO=CTI Lab');
  assert.equal(cert.issuer, caCert.subject);
  assert.ok(cert.verify(caCert.publicKey));
  assert.ok(cert.checkIssued(caCert));
  assert.equal(cert.ca, false);
  assert.equal(cert.subject, 'CN=127.0.0.1\nO=CTI Lab');
  // Duplicates dropped; each name in the form a client matches it (RFC 6125 §6.4).
  assert.deepEqual(server.names, ['127.0.0.1', 'localhost', 'cucm-pub']);
  assert.equal(cert.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost, DNS:cucm-pub');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkHost('cucm-pub'), 'cucm-pub');
  assert.equal(cert.checkHost('cucm-sub1'), undefined);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  // The private key is the certificate's (PKCS #8 PEM, in memory only).
  assert.match(server.key, /^-----BEGIN PRIVATE KEY-----\n/);
  const pub = createPublicKey(createPrivateKey(server.key)).export({ type: 'spki', format: 'der' });
  assert.deepEqual(pub, cert.publicKey.export({ type: 'spki', format: 'der' }));
  assert.notEqual(cert.serialNumber, caCert.serialNumber);
});

test('IPv6 names are iPAddress entries; the PEM has no line over 64 characters and no newline at its end', async () => {
  const ca = await LabCertificateAuthority.create({ now: NOW });
  const server = await ca.issue({ names: ['::1', 'cti.lab.example'], commonName: 'gateway' });
  const cert = new X509Certificate(server.cert);
  assert.equal(cert.subjectAltName, 'IP Address:0:0:0:0:0:0:0:1, DNS:cti.lab.example');
  assert.equal(cert.checkIP('::1'), '::1');
  assert.equal(cert.subject, 'CN=gateway\nO=CTI Lab');
  for (const text of [server.cert, server.key, ca.caPem]) {
    assert.ok(text.split('\n').every((line) => line.length <= 64));
    assert.match(text, /-----END (CERTIFICATE|PRIVATE KEY)-----$/);
  }
  // Each certificate's serial is its own.
  assert.notEqual(new X509Certificate(server.cert).serialNumber, new X509Certificate(ca.caPem).serialNumber);
});

test('a certificate needs a name', async () => {
  const ca = await LabCertificateAuthority.create({ now: NOW });
  await assert.rejects(() => ca.issue({ names: [] }), /at least one name/);
});
