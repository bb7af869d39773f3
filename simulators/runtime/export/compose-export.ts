// `ctilab lab export <topology> --format compose` (issue 9, DESIGN.md section 4 "Where users
// outgrow one machine"): the lab as a Compose file for an existing orchestrator, the same shape as
// the containers runtime makes it: one service per node (the lab image running `ctilab serve`),
// one per phone population (`ctilab phones`), a network of the lab's own where each node's name is
// its alias, node ports published on 127.0.0.1 (ephemeral host ports), every resource labelled
// `org.ctilab.lab=<lab>`. Config files are bind-mounted read-only, relative to the Compose file.
import { relative } from 'node:path';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import { nodeContainerSpecs, phonesContainerSpecs } from '../containers/container-specs.ts';
import { LAB_LABEL, NODE_LABEL, ROLE_LABEL } from '../containers/lab-labels.ts';

/** The Compose file (as an object: the caller writes it as YAML); `composeDir` anchors the mounts. */
export function composeFile(
  loaded: LoadedTopology,
  image: string,
  composeDir: string,
): Record<string, unknown> {
  const lab = loaded.topology.name;
  const labels = { [LAB_LABEL]: lab };
  const mount = (file: string, inside: string) => {
    const path = relative(composeDir, file);
    return `${path.startsWith('.') || path.startsWith('/') ? path : `./${path}`}:${inside}:ro`;
  };
  const nodes = nodeContainerSpecs(loaded);
  const services: Record<string, unknown> = {};
  for (const node of nodes) {
    const published = [`127.0.0.1::${node.ports.sccp}/tcp`];
    if (node.ports.sip !== undefined)
      published.push(`127.0.0.1::${node.ports.sip}/tcp`, `127.0.0.1::${node.ports.sip}/udp`);
    if (node.ports.tftp !== undefined) published.push(`127.0.0.1::${node.ports.tftp}/udp`);
    services[node.name] = {
      image,
      command: node.command,
      labels: { ...labels, [NODE_LABEL]: node.name, [ROLE_LABEL]: 'node' },
      volumes: [mount(node.configFile, node.inside)],
      ports: published,
      networks: { lab: { aliases: [node.name] } },
    };
  }
  for (const phones of phonesContainerSpecs(loaded, nodes)) {
    services[phones.name] = {
      image,
      command: phones.command,
      labels: { ...labels, [NODE_LABEL]: phones.name, [ROLE_LABEL]: 'phones' },
      ...(phones.configFile && phones.inside ? { volumes: [mount(phones.configFile, phones.inside)] } : {}),
      depends_on: phones.dependsOn,
      networks: ['lab'],
    };
  }
  return {
    version: '3.8',
    services,
    networks: { lab: { labels } },
  };
}
