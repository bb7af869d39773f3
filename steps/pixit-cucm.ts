// The CUCM features on a real cluster (`--target pixit:<file>` with `target: cucm`): no cluster
// starts; phones register with the CallManager nodes the PIXIT names (`addresses.sccpNodes`, each
// phone's `nodes` = its CM group), CTI clients open TR/87 sessions at the PIXIT's IM&P gateway
// (`addresses.sip`) as the PIXIT's users with their passwords (SIP digest), all on the real clock.
// Whatever reads the cluster's internals (`scenario(world).cluster`) fails with "tag the scenario
// @lab-control".
import type { LoadedPixit } from '../conformance/pixit/load-pixit.ts';
import { notOnRealTarget, pixitLine, pixitSip, pixitUser } from './pixit-target.ts';

export interface PixitCucmPhone {
  /** The line the features name the phone by. */
  readonly dn: string;
  readonly mac: string;
  readonly model: string;
  /** Its CM group: the SCCP listeners it registers with, primary first. */
  readonly servers: ReadonlyArray<{ host: string; port: number }>;
}

/** The phones of a cucm PIXIT, each with the SCCP endpoints of its nodes. */
export function pixitCucmPhones(target: LoadedPixit): PixitCucmPhone[] {
  const { addresses, numbers } = target.pixit;
  return Object.entries(numbers.phones).map(([name, p]) => {
    if (p.dn === undefined) throw new Error(`${target.file}: numbers.phones.${name} has no dn`);
    const servers =
      p.nodes === undefined
        ? addresses.sccp === undefined
          ? []
          : [addresses.sccp]
        : p.nodes.map((n) => {
            const ep = addresses.sccpNodes?.[n];
            if (ep === undefined) throw new Error(`${target.file}: addresses.sccpNodes has no ${n}`);
            return ep;
          });
    return { dn: p.dn, mac: p.mac, model: p.model, servers };
  });
}

/** The node of the PIXIT whose SCCP listener is `server` (what a phone shows of where it is registered). */
export function pixitNodeAt(
  target: LoadedPixit,
  server: { host: string; port: number } | null,
): string | undefined {
  if (server === null) return undefined;
  return Object.entries(target.pixit.addresses.sccpNodes ?? {}).find(
    ([, ep]) => ep.port === server.port && ep.host === server.host,
  )?.[0];
}

/** How a feature's client reaches the gateway: endpoint, its user URI and digest credentials. */
export function pixitCucmSession(
  target: LoadedPixit,
  user: string,
  opts: { transport?: 'tcp' | 'udp' | 'tls'; password?: string },
): {
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  uri: string;
  credentials: { username: string; password: string };
} {
  const sip = pixitSip(target);
  const transport = opts.transport ?? sip.transport;
  if (transport === 'tls')
    throw new Error(
      `${target.file}: TR/87 over TLS to a real gateway needs its CA, which a PIXIT does not carry yet`,
    );
  // A transport the scenario names (UDP) goes to the same gateway port as the PIXIT's.
  const username = pixitUser(target, user);
  const password = opts.password ?? target.pixit.credentials[username]?.password ?? 'none';
  return {
    host: sip.host,
    port: sip.port,
    transport,
    uri: `sip:${username}@${sip.host}`,
    credentials: { username, password },
  };
}

/** The target's DN for a DN the features name. */
export function pixitCucmDn(target: LoadedPixit | undefined, dn: string): string {
  const bare = dn.replace(/^tel:/, '');
  return pixitLine(target, bare);
}

/** The lab's cluster (or its topology) in a scenario on a real target: every use needs the lab. */
export function refusing<T extends object>(target: LoadedPixit, what: string): T {
  return new Proxy({} as T, {
    get(_t, key) {
      if (key === 'then') return undefined;
      throw notOnRealTarget(target, `reading ${what}'s ${String(key)}`);
    },
  });
}
