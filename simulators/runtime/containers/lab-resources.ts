// Every container and network of a lab carries the label `org.ctilab.lab=<lab>`, so `ctilab lab
// down` removes what a killed `ctilab lab up` left behind (DESIGN.md section 5), and nothing else.
import './no-ryuk.ts';
import { getContainerRuntimeClient } from 'testcontainers';
import { LAB_LABEL } from './lab-labels.ts';

export { LAB_LABEL, NODE_LABEL, ROLE_LABEL } from './lab-labels.ts';

export interface RemovedResources {
  readonly containers: string[];
  readonly networks: string[];
}

/** Removes (force) every container, then every network, labelled with this lab. */
export async function removeLabResources(lab: string): Promise<RemovedResources> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${LAB_LABEL}=${lab}`] });
  const containers = await docker.listContainers({ all: true, filters });
  for (const info of containers) await docker.getContainer(info.Id).remove({ force: true, v: true });
  const networks = await docker.listNetworks({ filters });
  for (const info of networks) await docker.getNetwork(info.Id).remove();
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    networks: networks.map((n) => n.Name),
  };
}
