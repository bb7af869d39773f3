import dgram from 'node:dgram';
import type { Clock } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';

export interface SipUdpTransportOptions {
  name: string;
  clock: Clock;
  observations: ObservationStream | undefined;
  /** One datagram is one message (RFC 3261 §18.3). */
  onDatagram(bytes: Uint8Array, remote: Endpoint): void;
}

/** SIP over UDP (RFC 3261 §18): one socket, one datagram per message. */
export class SipUdpTransport {
  private socket: dgram.Socket | undefined;
  local: Endpoint | undefined;

  constructor(private readonly opts: SipUdpTransportOptions) {}

  bind(host: string, port: number): Promise<Endpoint> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        socket.on('error', () => {});
        this.socket = socket;
        this.local = { host, port: socket.address().port };
        socket.on('message', (msg, rinfo) => {
          const remote = { host: rinfo.address, port: rinfo.port };
          const bytes = new Uint8Array(msg);
          this.publish(remote, this.local as Endpoint, bytes, undefined);
          try {
            this.opts.onDatagram(bytes, remote);
          } catch {
            // DESIGN.md section 8: bad input never throws out of a socket handler.
          }
        });
        resolve(this.local);
      });
    });
  }

  send(bytes: Uint8Array, remote: Endpoint, decoded?: unknown): void {
    const socket = this.socket;
    if (!socket || !this.local) return;
    this.publish(this.local, remote, bytes, decoded);
    socket.send(bytes, remote.port, remote.host, () => {});
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => socket.close(() => resolve()));
  }

  private publish(src: Endpoint, dst: Endpoint, bytes: Uint8Array, decoded: unknown): void {
    this.opts.observations?.publish({
      kind: 'wire',
      time: this.opts.clock.now(),
      source: this.opts.name,
      protocol: 'sip',
      transport: 'udp',
      // One id per flow, the same in both directions.
      connection: `sip-udp-${[`${src.host}:${src.port}`, `${dst.host}:${dst.port}`].sort().join('-')}`,
      src,
      dst,
      bytes,
      ...(decoded === undefined ? {} : { decoded }),
    });
  }
}
