// `ctilab lab export <topology> --format kubernetes`: the lab for an existing Kubernetes cluster
// (DESIGN.md section 4: never a home-made cluster manager). Each config file becomes a ConfigMap;
// each node a Deployment (one replica: a CME is one router) and a Service named after the node, so
// phones reach it by that name as they do on the containers runtime's lab network; each phone
// population a Deployment. A population is one MAC range: scale by adding populations with their
// own macBase, not replicas (two replicas would register the same MACs twice).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import { nodeContainerSpecs, phonesContainerSpecs } from '../containers/container-specs.ts';
import { LAB_LABEL, NODE_LABEL, ROLE_LABEL } from '../containers/lab-labels.ts';

type Manifest = Record<string, unknown>;

/** A DNS-1123 name for a config file's ConfigMap: `<lab>-cfg-<file stem>`. */
function configMapName(lab: string, file: string): string {
  const stem = basename(file)
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  return `${lab}-cfg-${stem}`.slice(0, 63).replace(/-+$/, '');
}

export function kubernetesManifests(loaded: LoadedTopology, image: string): Manifest[] {
  const lab = loaded.topology.name;
  const manifests: Manifest[] = [];
  const configMaps = new Map<string, string>();
  const configMap = (file: string): string => {
    let name = configMaps.get(file);
    if (name === undefined) {
      name = configMapName(lab, file);
      configMaps.set(file, name);
      manifests.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: { [LAB_LABEL]: lab } },
        data: { [basename(file)]: readFileSync(file, 'utf8') },
      });
    }
    return name;
  };
  const deployment = (
    name: string,
    role: 'node' | 'phones',
    command: string[],
    config: { file: string; inside: string } | undefined,
    ports: Manifest[],
  ): Manifest => {
    const labels = { [LAB_LABEL]: lab, [NODE_LABEL]: name, [ROLE_LABEL]: role };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${lab}-${name}`, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { [LAB_LABEL]: lab, [NODE_LABEL]: name } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image,
                args: command,
                ...(ports.length > 0 ? { ports } : {}),
                ...(config ? { volumeMounts: [{ name: 'config', mountPath: '/lab', readOnly: true }] } : {}),
              },
            ],
            ...(config ? { volumes: [{ name: 'config', configMap: { name: configMap(config.file) } }] } : {}),
          },
        },
      },
    };
  };
  const nodes = nodeContainerSpecs(loaded);
  for (const node of nodes) {
    const ports: Manifest[] = [{ name: 'sccp', containerPort: node.ports.sccp, protocol: 'TCP' }];
    if (node.ports.sip !== undefined)
      ports.push(
        { name: 'sip-tcp', containerPort: node.ports.sip, protocol: 'TCP' },
        { name: 'sip-udp', containerPort: node.ports.sip, protocol: 'UDP' },
      );
    if (node.ports.tftp !== undefined)
      ports.push({ name: 'tftp', containerPort: node.ports.tftp, protocol: 'UDP' });
    manifests.push(
      deployment(node.name, 'node', node.command, { file: node.configFile, inside: node.inside }, ports),
    );
    manifests.push({
      apiVersion: 'v1',
      kind: 'Service',
      // The phones' --target names the node: the Service carries that name.
      metadata: { name: node.name, labels: { [LAB_LABEL]: lab } },
      spec: {
        selector: { [LAB_LABEL]: lab, [NODE_LABEL]: node.name },
        ports: ports.map((p) => ({
          name: p.name,
          port: p.containerPort,
          targetPort: p.containerPort,
          protocol: p.protocol,
        })),
      },
    });
  }
  for (const phones of phonesContainerSpecs(loaded, nodes)) {
    const config =
      phones.configFile && phones.inside ? { file: phones.configFile, inside: phones.inside } : undefined;
    manifests.push(deployment(phones.name, 'phones', phones.command, config, []));
  }
  return manifests;
}
