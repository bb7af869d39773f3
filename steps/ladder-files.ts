import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CucmEndpoints } from '../simulators/cucm/cucm-cluster.ts';
import { cappedLadder, endpointKey, ladderJson, ladderOf } from '../simulators/ladder/ladder.ts';
import { ladderHtml } from '../simulators/ladder/ladder-svg.ts';
import type { LabWorld } from './world.ts';

/** Names steps give to endpoints of the scenario's nodes (a CUCM cluster's CallManager nodes share one publisher). */
const given = new WeakMap<LabWorld, Map<string, string>>();

export function nameLadderEndpoints(
  world: LabWorld,
  names: Iterable<readonly [{ host: string; port: number }, string]>,
): void {
  const map = given.get(world) ?? new Map<string, string>();
  for (const [endpoint, name] of names) map.set(endpointKey(endpoint), name);
  given.set(world, map);
}

/** A CUCM cluster's lifelines: each CallManager node by its server name, each CTI gateway by its name. */
export function cucmEndpointNames(e: CucmEndpoints): [{ host: string; port: number }, string][] {
  return [
    ...Object.entries(e.nodes).flatMap(([name, n]) => (n.sccp ? [[n.sccp, name] as const] : [])),
    ...Object.entries(e.gateways).flatMap(([name, g]) => [
      [g.sip, name] as const,
      ...(g.sipTls ? [[g.sipTls, name] as const] : []),
    ]),
  ].map(([endpoint, name]) => [{ host: endpoint.host, port: endpoint.port }, name]);
}

/** The ladder files of a scenario, beside its pcap: `<scenario>.ladder.json` and `.ladder.html`. */
export function ladderPaths(pcap: string): { json: string; html: string } {
  const stem = pcap.replace(/\.pcap$/, '');
  return { json: `${stem}.ladder.json`, html: `${stem}.ladder.html` };
}

/**
 * Issue 14 item 3: the scenario's SCCP, SIP and CTI Server messages as a ladder, from its
 * observations (simulators/ladder/). A runtime lab's nodes are named by the lab's node names, and
 * endpoints the steps named (nameLadderEndpoints) by those names. Both files are capped
 * (simulators/ladder/README.md "Size"): a device-limit scenario's 12 000 messages are in its pcap.
 * Attaches `ladder: <page>` (conformance/report/test-purposes.ts reads it) and returns the files
 * written (page, JSON); a ladder that cannot be written is said in an attachment and costs the
 * scenario nothing (the verdict is the steps', not the drawing's).
 */
export function writeScenarioLadder(world: LabWorld, pcap: string, title: string): string[] {
  const paths = ladderPaths(pcap);
  try {
    const names = new Map<string, string>(given.get(world));
    for (const [node, n] of Object.entries(world.runtimeLab?.nodes ?? {}))
      for (const e of Object.values(n.endpoints)) if (e !== undefined) names.set(endpointKey(e), node);
    const ladder = ladderOf(world.observed, { names });
    // Both bounded: the JSON keeps its first and last JSON_ARROWS, the page draws PAGE_ARROWS.
    writeFileSync(paths.json, ladderJson(cappedLadder(ladder)));
    writeFileSync(paths.html, ladderHtml(ladder, { title, jsonHref: basename(paths.json) }));
  } catch (err) {
    world.attach(`ladder not written: ${(err as Error).message}`, 'text/plain');
    return [];
  }
  world.attach(`ladder: ${paths.html}`, 'text/plain');
  return [paths.html, paths.json];
}
