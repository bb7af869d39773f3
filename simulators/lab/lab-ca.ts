/**
 * The lab's certificate authority: a self-signed CA and server certificates it signs, made in
 * memory when a lab starts (nothing is written to disk or to the repository). Certificates are
 * X.509 v3 (RFC 5280) built by `@peculiar/x509` on Node's WebCrypto; keys are ECDSA P-256
 * (RFC 5480) signed with SHA-256. TLS peers of the lab (SIP over TLS, RFC 3261 §26.2; Cisco's
 * "Standard CTI Secure Connection") trust the CA's certificate (`caPem`).
 */
// @peculiar/x509 2.x resolves its parsers through tsyringe, which needs the Reflect metadata
// polyfill loaded first (1.x imported it itself).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  type GeneralNameType,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  type X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';

const crypto = webcrypto as unknown as Crypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
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

/** A CA made by `createLabCa`; `issue` signs server certificates with its key. */
export class LabCertificateAuthority {
  private constructor(
    /** The CA's certificate (PEM): what clients trust. */
    readonly caPem: string,
    private readonly certificate: X509Certificate,
    private readonly signingKey: CryptoKey,
    private readonly notBefore: Date,
    private readonly notAfter: Date,
  ) {}

  /** A new self-signed CA (RFC 5280 §4.2.1.9 basicConstraints cA, §4.2.1.3 keyCertSign). */
  static async create(opts: LabCaOptions = {}): Promise<LabCertificateAuthority> {
    const now = opts.now ?? Date.now();
    // An hour back: a peer whose clock is a little behind still accepts the certificate.
    const notBefore = new Date(now - 3_600_000);
    const notAfter = new Date(now + (opts.validityDays ?? 30) * DAY_MS);
    const keys = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    const certificate = await X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: serial(),
        name: `CN=${escapeRdn(opts.name ?? 'CTI Lab CA')}, O=CTI Lab`,
        notBefore,
        notAfter,
        keys,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new BasicConstraintsExtension(true, 0, true),
          new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
          await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return new LabCertificateAuthority(
      certificate.toString('pem'),
      certificate,
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
    const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const sans: Array<{ type: GeneralNameType; value: string }> = names.map((n) => ({
      type: isIP(n) ? 'ip' : 'dns',
      value: n,
    }));
    const certificate = await X509CertificateGenerator.create(
      {
        serialNumber: serial(),
        subject: `CN=${escapeRdn(opts.commonName ?? first)}, O=CTI Lab`,
        issuer: this.certificate.subject,
        notBefore: this.notBefore,
        notAfter: this.notAfter,
        publicKey: keys.publicKey,
        signingKey: this.signingKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new BasicConstraintsExtension(false, undefined, true),
          new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
          new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.clientAuth]),
          new SubjectAlternativeNameExtension(sans),
          await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          await AuthorityKeyIdentifierExtension.create(this.certificate, false, crypto),
        ],
      },
      crypto,
    );
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
    return {
      key: PemConverter.encode(pkcs8, 'PRIVATE KEY'),
      cert: certificate.toString('pem'),
      ca: this.caPem,
      names,
    };
  }
}

/** A positive 128-bit serial number (RFC 5280 §4.1.2.2: unique, at most 20 octets). */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  bytes[0] |= 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** RFC 4514 §2.4: escape the characters special in a DN string. */
function escapeRdn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
