/**
 * The lab's certificate authority: a self-signed CA and server certificates it signs, made in
 * memory when a lab starts (nothing is written to disk or to the repository). Certificates are
 * X.509 v3 (RFC 5280) written in DER by der.ts and signed with node:crypto; keys are ECDSA P-256
 * (RFC 5480) signed with SHA-256 (RFC 5758 §3.2 ecdsa-with-SHA256). TLS peers of the lab (SIP over
 * TLS, RFC 3261 §26.2; Cisco's "Standard CTI Secure Connection") trust the CA's certificate
 * (`caPem`). No certificate library: loading one cost a secure cluster's start about 0.15 s.
 */
import { createHash, generateKeyPair, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import {
  bitString,
  boolean,
  directoryString,
  explicit,
  implicit,
  integer,
  ipOctets,
  namedBits,
  octetString,
  oid,
  pem,
  sequence,
  set,
  time,
} from './der.ts';

const DAY_MS = 86_400_000;

/** A key and certificate a TLS server presents, with the CA certificate that vouches for it (PEM). */
export interface LabServerCertificate {
  /** PKCS #8 private key. */
  readonly key: string;
  /** The server certificate. */
  readonly cert: string;
  /** The issuing CA's certificate: what a client passes as `ca`. */
  readonly ca: string;
  /** The subjectAltName entries: DNS names and IP addresses. */
  readonly names: readonly string[];
}

export interface LabCaOptions {
  /** Common name of the CA; default `CTI Lab CA`. */
  readonly name?: string;
  /** Days the CA and its certificates are valid; default 30. */
  readonly validityDays?: number;
  /**
   * Wall-clock time the certificates start from, ms since the epoch; default `Date.now()`. Not
   * the lab's injected Clock: TLS checks validity against the system's time.
   */
  readonly now?: number;
}

export interface IssueOptions {
  /** DNS names and IP addresses the server answers as (RFC 5280 §4.2.1.6 subjectAltName). */
  readonly names: readonly string[];
  /** Subject common name; default the first name. */
  readonly commonName?: string;
}

/** RFC 5280 / RFC 5480 / RFC 5758 object identifiers. */
const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** RFC 5280 §4.2.1.3 KeyUsage bit numbers. */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

const newKeyPair = promisify(generateKeyPair);

/** A CA made by `createLabCa`; `issue` signs server certificates with its key. */
export class LabCertificateAuthority {
  private constructor(
    /** The CA's certificate (PEM): what clients trust. */
    readonly caPem: string,
    /** The CA's subject Name (DER): the issuer of what it signs. */
    private readonly subject: Buffer,
    /** The CA's subjectKeyIdentifier: the authorityKeyIdentifier of what it signs. */
    private readonly keyId: Buffer,
    private readonly signingKey: KeyObject,
    private readonly notBefore: Date,
    private readonly notAfter: Date,
  ) {}

  /** A new self-signed CA (RFC 5280 §4.2.1.9 basicConstraints cA, §4.2.1.3 keyCertSign). */
  static async create(opts: LabCaOptions = {}): Promise<LabCertificateAuthority> {
    const now = opts.now ?? Date.now();
    // An hour back: a peer whose clock is a little behind still accepts the certificate.
    const notBefore = new Date(now - 3_600_000);
    const notAfter = new Date(now + (opts.validityDays ?? 30) * DAY_MS);
    const keys = await newKeyPair('ec', { namedCurve: 'P-256' });
    const subject = nameOf(opts.name ?? 'CTI Lab CA');
    const keyId = keyIdentifier(keys.publicKey);
    const der = certificate(
      {
        issuer: subject,
        subject,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        extensions: [
          // cA TRUE, pathLenConstraint 0: it signs server certificates only.
          extension(OID.basicConstraints, true, sequence(boolean(true), integer(0))),
          extension(OID.keyUsage, true, namedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
          extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
        ],
      },
      keys.privateKey,
    );
    return new LabCertificateAuthority(
      pem(der, 'CERTIFICATE'),
      subject,
      keyId,
      keys.privateKey,
      notBefore,
      notAfter,
    );
  }

  /**
   * A server certificate for `names` signed by this CA: a fresh P-256 key, subjectAltName with
   * each name as an iPAddress or dNSName (RFC 6125 §6.4: clients match the host they connected
   * to there), extendedKeyUsage serverAuth and clientAuth (RFC 5280 §4.2.1.12).
   */
  async issue(opts: IssueOptions): Promise<LabServerCertificate> {
    const names = [...new Set(opts.names)];
    const first = names[0];
    if (first === undefined) throw new Error('a server certificate needs at least one name');
    const keys = await newKeyPair('ec', { namedCurve: 'P-256' });
    // RFC 5280 §4.2.1.6 GeneralName: dNSName [2] IA5String, iPAddress [7] OCTET STRING.
    const sans = names.map((n) =>
      isIP(n) ? implicit(7, ipOctets(n)) : implicit(2, Buffer.from(n, 'latin1')),
    );
    const der = certificate(
      {
        issuer: this.subject,
        subject: nameOf(opts.commonName ?? first),
        notBefore: this.notBefore,
        notAfter: this.notAfter,
        publicKey: keys.publicKey,
        extensions: [
          // cA FALSE is the DEFAULT, so the SEQUENCE is empty (X.690 §11.5).
          extension(OID.basicConstraints, true, sequence()),
          extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature])),
          extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
          extension(OID.subjectAltName, false, sequence(...sans)),
          extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(keys.publicKey))),
          // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }
          extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, this.keyId))),
        ],
      },
      this.signingKey,
    );
    return {
      key: pem(keys.privateKey.export({ type: 'pkcs8', format: 'der' }), 'PRIVATE KEY'),
      cert: pem(der, 'CERTIFICATE'),
      ca: this.caPem,
      names,
    };
  }
}

interface CertificateFields {
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly extensions: readonly Buffer[];
}

/** RFC 5280 §4.1: Certificate = SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
function certificate(fields: CertificateFields, signingKey: KeyObject): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const tbs = sequence(
    explicit(0, integer(2)), // version v3
    integer(serial()),
    algorithm,
    fields.issuer,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...fields.extensions)),
  );
  // ECDSA-Sig-Value (RFC 5480 §2.2.3 / RFC 5758 §3.2): DER SEQUENCE { r, s }, node's default.
  const signature = sign('sha256', tbs, signingKey);
  return sequence(tbs, algorithm, bitString(signature));
}

/** RFC 5280 §4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** The Name `CN=<commonName>, O=CTI Lab`: one attribute per RDN, CN first (RFC 5280 §4.1.2.4). */
function nameOf(commonName: string): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), directoryString(value)));
  return sequence(rdn(OID.commonName, commonName), rdn(OID.organizationName, 'CTI Lab'));
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits (the uncompressed EC point). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // P-256 SPKI: the BIT STRING is last, its 65 octets the point (0x04 || X || Y).
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

/** A positive 128-bit serial number (RFC 5280 §4.1.2.2: unique, at most 20 octets). */
function serial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
