import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { endpointKey, ladderOf } from '../simulators/ladder/ladder.ts';
import { ladderHtml } from '../simulators/ladder/ladder-svg.ts';
import type { LabWorld } from './world.ts';

/** The ladder files of a scenario, beside its pcap: `<scenario>.ladder.json` and `.ladder.html`. */
export function ladderPaths(pcap: string): { json: string; html: string } {
  const stem = pcap.replace(/\.pcap$/, '');
  return { json: `${stem}.ladder.json`, html: `${stem}.ladder.html` };
}

/**
 * Issue 14 item 3: the scenario's SCCP, SIP and CTI Server messages as a ladder, from its
 * observations (simulators/ladder/). A runtime lab's nodes are named by the lab's node names.
 */
export function writeScenarioLadder(
  world: LabWorld,
  pcap: string,
  title: string,
): { json: string; html: string } {
  const names = new Map<string, string>();
  for (const [node, n] of Object.entries(world.runtimeLab?.nodes ?? {}))
    for (const e of Object.values(n.endpoints)) if (e !== undefined) names.set(endpointKey(e), node);
  const ladder = ladderOf(world.observed, { names });
  const paths = ladderPaths(pcap);
  writeFileSync(paths.json, `${JSON.stringify(ladder, null, 1)}\n`);
  writeFileSync(paths.html, ladderHtml(ladder, { title, jsonHref: basename(paths.json) }));
  return paths;
}
