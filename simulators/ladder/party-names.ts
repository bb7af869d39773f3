import { type ConnectionObservation, nodeOfPublisher, type WireObservation } from '../lab/observation.ts';

const key = (e: { host: string; port: number }): string => `${e.host}:${e.port}`;

/**
 * Who is behind an endpoint, learnt from the observations alone (and, rule 0, the names the
 * harness gives, which win):
 * 1. both ends publish a message: its sender publishes first (on send, before the bytes reach the
 *    peer), so the first publisher of a direction owns its source endpoint and the second its
 *    destination (a phone and its CME);
 * 2. only one end publishes a flow (a CTI Server, a TR/87 gateway or an ACD facing clients that
 *    publish nothing): it owns the flow's server side (its `connection` observation says which),
 *    unless it is the client that named itself so (rule 3: a phone whose node runs elsewhere);
 * 3. what a message says of its sender: an SCCP RegisterReq's DeviceName, a GED-188 OPEN_REQ's
 *    ClientID, the user of a SIP INVITE's or REGISTER's From URI (a TR/87 application);
 * 4. a flow only one end publishes and whose opening was not seen (a dashboard started after the
 *    phones registered): its publisher owns the end that rules 0 and 3 do not name as someone else;
 * 5. else `host:port`.
 * A name learnt from a publisher (rules 1, 2 and 4) is its node's: a node's SIP endpoint, TR/87
 * service, CTI Server sides and TFTP server publish as `<node>-<part>` (lab/observation.ts
 * `nodeOfPublisher`), so its SCCP, SIP and GED-188 endpoints are one lifeline named by the node.
 */
export class PartyNames {
  private readonly given: (endpoint: string) => string | undefined;
  /** Direction `src>dst` of a flow -> its distinct publishers, in the order heard. */
  private readonly publishers = new Map<string, string[]>();
  /** Unordered flow -> its distinct publishers. */
  private readonly flowPublishers = new Map<string, Set<string>>();
  /** Server endpoint of each flow whose connection was observed, with the publishers of that. */
  private readonly servers = new Map<string, { server: string; client: string; by: Set<string> }>();
  private readonly hints = new Map<string, string>();

  constructor(given: ReadonlyMap<string, string> | ((endpoint: string) => string | undefined) = new Map()) {
    this.given = typeof given === 'function' ? given : (endpoint) => given.get(endpoint);
  }

  observe(o: WireObservation | ConnectionObservation): void {
    if (o.kind === 'connection') {
      const flow = flowKey(o.protocol, key(o.client), key(o.server));
      const s = this.servers.get(flow) ?? {
        server: key(o.server),
        client: key(o.client),
        by: new Set<string>(),
      };
      s.by.add(o.source);
      this.servers.set(flow, s);
      return;
    }
    const src = key(o.src);
    const dst = key(o.dst);
    const dir = `${o.protocol}|${src}>${dst}`;
    const list = this.publishers.get(dir) ?? [];
    if (!list.includes(o.source)) list.push(o.source);
    this.publishers.set(dir, list);
    const flow = flowKey(o.protocol, src, dst);
    const set = this.flowPublishers.get(flow) ?? new Set<string>();
    set.add(o.source);
    this.flowPublishers.set(flow, set);
  }

  /** What a decoded message tells of its sender's name. */
  message(o: WireObservation, name: string, fields: unknown): void {
    const f = fields as Record<string, unknown> | undefined;
    let hint: string | undefined;
    if (name === 'RegisterReq' && typeof f?.deviceName === 'string') hint = f.deviceName;
    if (name === 'OPEN_REQ' && Array.isArray(f?.floating)) {
      const id = (f.floating as { name?: unknown; value?: unknown }[]).find((x) => x.name === 'ClientID');
      if (typeof id?.value === 'string') hint = id.value;
    }
    if (/^(INVITE|REGISTER)\b/.test(name) && Array.isArray(f?.headers)) {
      const from = (f.headers as [string, string][]).find(([h]) => /^(from|f)$/i.test(h))?.[1];
      hint = from === undefined ? undefined : /(?:sips?|tel):([^@;>\s]+)/.exec(from)?.[1];
    }
    if (hint !== undefined && hint !== '' && !this.hints.has(key(o.src))) this.hints.set(key(o.src), hint);
  }

  nameOf(endpoint: string): string {
    const publisher = (name: string | undefined) => (name === undefined ? undefined : nodeOfPublisher(name));
    return (
      this.given(endpoint) ??
      publisher(this.byPublishers(endpoint)) ??
      this.hints.get(endpoint) ??
      publisher(this.bySolePublisher(endpoint)) ??
      endpoint
    );
  }

  private byPublishers(endpoint: string): string | undefined {
    for (const [dir, list] of this.publishers) {
      if (list.length < 2) continue;
      const [src, dst] = dir.slice(dir.indexOf('|') + 1).split('>');
      if (src === endpoint) return list[0];
      if (dst === endpoint) return list[1];
    }
    for (const [flow, s] of this.servers) {
      if (s.server !== endpoint) continue;
      const wire = this.flowPublishers.get(flow);
      if (wire?.size === 1) {
        const [only] = wire;
        // A device that alone publishes its own connection (a phone facing a node in another
        // process) is its client: it said so in its RegisterReq.
        if (only !== undefined && s.by.has(only) && this.hints.get(s.client) !== only) return only;
      }
    }
    return undefined;
  }

  private bySolePublisher(endpoint: string): string | undefined {
    // A flow only one end publishes, whose opening was not seen (a dashboard started after the
    // phones registered): the publisher is the end not already named as someone else.
    for (const [flow, wire] of this.flowPublishers) {
      if (wire.size !== 1 || this.servers.has(flow)) continue;
      const [a, b] = flow.slice(flow.indexOf('|') + 1).split('|');
      const other = a === endpoint ? b : b === endpoint ? a : undefined;
      if (other === undefined) continue;
      const [only] = wire;
      const otherName = this.given(other) ?? this.hints.get(other);
      if (only !== undefined && otherName !== undefined && otherName !== only) return only;
    }
    return undefined;
  }
}

function flowKey(protocol: string, a: string, b: string): string {
  return `${protocol}|${[a, b].sort().join('|')}`;
}
