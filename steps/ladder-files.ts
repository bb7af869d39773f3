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
 * Attaches `ladder: <page>` (conformance/report/test-purposes.ts reads it) and returns the files
 * written (page, JSON); a ladder that cannot be written is said in an attachment and costs the
 * scenario nothing (the verdict is the steps', not the drawing's).
 */
export function writeScenarioLadder(world: LabWorld, pcap: string, title: string): string[] {
  const paths = ladderPaths(pcap);
  try {
    const names = new Map<string, string>();
    for (const [node, n] of Object.entries(world.runtimeLab?.nodes ?? {}))
      for (const e of Object.values(n.endpoints)) if (e !== undefined) names.set(endpointKey(e), node);
    const ladder = ladderOf(world.observed, { names });
    writeFileSync(paths.json, `${JSON.stringify(ladder, null, 1)}\n`);
    writeFileSync(paths.html, ladderHtml(ladder, { title, jsonHref: basename(paths.json) }));
  } catch (err) {
    world.attach(`ladder not written: ${(err as Error).message}`, 'text/plain');
    return [];
  }
  world.attach(`ladder: ${paths.html}`, 'text/plain');
  return [paths.html, paths.json];
}
