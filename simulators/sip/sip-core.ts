import type { Clock } from '../lab/clock.ts';
import type { SipHeaderList } from './sip-format.ts';
import { newCallId } from './sip-identifiers.ts';
import { ALLOWED_METHODS, SUPPORTED_OPTIONS } from './sip-request-validation.ts';
import type { SipStats } from './sip-stats.ts';
import type { SipTimerValues } from './sip-timers.ts';
import type { SipTransportLayer, SipTransportName } from './sip-transport-layer.ts';

export interface SipCoreInit {
  name: string;
  clock: Clock;
  timers: SipTimerValues;
  stats: SipStats;
  userAgent: string;
  transport: SipTransportLayer;
  /** Media types accepted when a handler or an INVITE names none (undefined: any). */
  acceptedContentTypes: readonly string[] | undefined;
}

/**
 * What every role of one endpoint shares (SIP.js: the UserAgentCore's configuration): the
 * injected clock and timer values, the counters, the transport layer, our identity in Via and
 * Contact, and the methods and option tags we announce (RFC 3261 §20.5 Allow, §20.37 Supported).
 */
export class SipCore {
  readonly name: string;
  readonly clock: Clock;
  readonly timers: SipTimerValues;
  readonly stats: SipStats;
  readonly userAgent: string;
  readonly transport: SipTransportLayer;
  readonly acceptedContentTypes: readonly string[] | undefined;
  /** Set by the registrar while one is installed: REGISTER then joins Allow. */
  registrarInstalled = false;

  constructor(init: SipCoreInit) {
    this.name = init.name;
    this.clock = init.clock;
    this.timers = init.timers;
    this.stats = init.stats;
    this.userAgent = init.userAgent;
    this.transport = init.transport;
    this.acceptedContentTypes = init.acceptedContentTypes;
  }

  allowedMethods(): readonly string[] {
    return this.registrarInstalled ? [...ALLOWED_METHODS, 'REGISTER'] : ALLOWED_METHODS;
  }

  viaFor(transport: SipTransportName, branch: string): string {
    // RFC 3261 §8.1.1.7: branch starts with the magic cookie; RFC 3581: ask for rport.
    // §18.1.1: sent-by is where we listen for `transport` (TLS: our TLS port, `TLS` per §26.2).
    const { host, port } = this.transport.addressFor(transport);
    return `SIP/2.0/${transport.toUpperCase()} ${host}:${port};branch=${branch};rport`;
  }

  contactFor(user: string | undefined, transport: SipTransportName): string {
    const u = user ? `${user}@` : '';
    // TLS: a sip: URI with transport=tls (RFC 3261 §19.1.1; what Cisco CTI gateways use) rather
    // than sips: (§26.2.2, RFC 5630), which would ask for TLS on every hop.
    const { host, port } = this.transport.addressFor(transport);
    return `<sip:${u}${host}:${port};transport=${transport}>`;
  }

  /** A new Call-ID on our advertised host (RFC 3261 §8.1.1.4). */
  newCallId(): string {
    return newCallId(this.transport.address.host);
  }

  /** What a 2xx to INVITE carries (RFC 3261 §13.3.1.4 Contact; Allow, Supported). */
  uasHeaders(user: string | undefined, transport: SipTransportName): SipHeaderList {
    return [
      ['Contact', this.contactFor(user, transport)],
      ['Allow', this.allowedMethods().join(', ')],
      ['Supported', SUPPORTED_OPTIONS.join(', ')],
    ];
  }
}
