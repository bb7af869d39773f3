import type net from 'node:net';
import tls from 'node:tls';
import type { Endpoint } from '../lab/observation.ts';
import { SipTcpTransport, type SipTcpTransportOptions } from './sip-tcp-transport.ts';

/** The certificate a TLS listener presents, and the CAs an outgoing connection trusts (PEM). */
export interface SipTlsOptions {
  /** Port of the TLS listener; 0 (default) picks a free one. Cisco CTI gateways use 5061. */
  readonly port?: number;
  /** Private key of the server certificate (PEM); with `cert`, the endpoint listens for TLS. */
  readonly key?: string;
  /** Server certificate (PEM), optionally followed by its chain. */
  readonly cert?: string;
  /** CAs an outgoing TLS connection verifies the server against; default Node's bundled roots. */
  readonly ca?: string | readonly string[];
}

export interface SipTlsTransportOptions extends SipTcpTransportOptions {
  readonly tls: SipTlsOptions;
  /** A TLS handshake failed (a client with another CA, or bytes that are not TLS): the socket is gone. */
  onHandshakeError(remote: Endpoint, reason: string): void;
}

/**
 * SIP over TLS (RFC 3261 §26.2, §18: TLS over TCP, Via transport `TLS`, default port 5061
 * §19.1.2): the TCP transport's listener and connections (same framing by Content-Length §18.3,
 * reuse by remote address §18.2.2, supervision) on sockets that are TLS sessions. Accepted
 * sockets reach SIP only after the handshake; a handshake that fails closes the socket and is
 * reported (`onHandshakeError`), and the listener keeps serving. Outgoing connections verify
 * the server's certificate chain against `tls.ca` and its name against the host connected to
 * (RFC 5922 §7.2 / RFC 6125: an IP address must be in the certificate's iPAddress SANs).
 *
 * The handshake itself is bounded by Node's `handshakeTimeout` (set to the connection limit for
 * a first message, `limits.firstMessageMs`), a wall-clock timer: the injected Clock supervises
 * the connection from the end of the handshake on.
 */
export class SipTlsTransport extends SipTcpTransport {
  protected override readonly transport = 'tls';

  constructor(private readonly tlsOpts: SipTlsTransportOptions) {
    super(tlsOpts);
  }

  protected override createServer(adopt: (socket: net.Socket) => void): net.Server {
    const { key, cert } = this.tlsOpts.tls;
    if (key === undefined || cert === undefined) throw new Error('a TLS listener needs key and cert');
    const server = tls.createServer(
      { key, cert, handshakeTimeout: this.tlsOpts.limits.firstMessageMs },
      (socket) => adopt(socket),
    );
    // A reset socket no longer knows its peer: remember each peer when its TCP connection arrives.
    const peers = new WeakMap<net.Socket, Endpoint>();
    server.on('connection', (raw: net.Socket) =>
      peers.set(raw, { host: raw.remoteAddress ?? '', port: raw.remotePort ?? 0 }),
    );
    server.on('tlsClientError', (err, socket) => {
      // Node's TLSSocket keeps the TCP socket it wraps as `_parent` (not in its typings).
      const raw = (socket as unknown as { _parent?: net.Socket })._parent;
      const remote = (raw && peers.get(raw)) ?? {
        host: socket.remoteAddress ?? '',
        port: socket.remotePort ?? 0,
      };
      this.tlsOpts.onHandshakeError(remote, handshakeReason(err));
      socket.destroy();
    });
    return server;
  }

  protected override openSocket(remote: Endpoint): Promise<net.Socket> {
    const ca = this.tlsOpts.tls.ca;
    const socket = tls.connect({
      host: remote.host,
      port: remote.port,
      ...(ca === undefined ? {} : { ca: typeof ca === 'string' ? ca : [...ca] }),
      // SNI carries host names only (RFC 6066 §3); the identity check still reads `host`.
      ...(isIp(remote.host) ? {} : { servername: remote.host }),
      rejectUnauthorized: true,
    });
    return new Promise<net.Socket>((resolve, reject) => {
      socket.once('secureConnect', () => {
        socket.off('error', fail);
        resolve(socket);
      });
      const fail = (e: Error) => {
        socket.destroy();
        reject(new Error(`TLS: ${handshakeReason(e)}`));
      };
      socket.once('error', fail);
    });
  }
}

/** `CODE: text` of a handshake error (OpenSSL's errors carry a short `reason`). */
function handshakeReason(e: Error): string {
  const { code, reason } = e as Error & { code?: string; reason?: string };
  const text = (reason ?? e.message).trim();
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
