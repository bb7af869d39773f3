// Reads a lab topology file: YAML (the `yaml` package keeps every node's place, so an error names
// its line), checked by TOPOLOGY_SCHEMA (zod), then the checks a schema cannot state: unique
// names and ports, node lists that name existing nodes, config files that exist.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { checkAcds } from './check-acd.ts';
import { checkClusters } from './check-clusters.ts';
import { type Fail, type Path, TopologyError } from './topology-error.ts';
import { NODE_KINDS, TOPOLOGY_SCHEMA, type Topology } from './topology-schema.ts';

export interface LoadedTopology {
  readonly file: string;
  readonly topology: Topology;
  /** A node's config file, resolved relative to the topology file. */
  readonly configPath: (nodeName: string) => string;
}

export async function loadTopology(file: string): Promise<LoadedTopology> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new TopologyError(
      file,
      '',
      undefined,
      `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  return parseTopology(file, text);
}

/** Parses and checks topology text; `file` names it in errors and anchors relative paths. */
export function parseTopology(file: string, text: string): LoadedTopology {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.pos[0] === undefined ? undefined : lines.linePos(yamlError.pos[0]).line;
    throw new TopologyError(file, '', line, `not YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const parsed = TOPOLOGY_SCHEMA.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TopologyError(file, pathText(issue.path), lineOf(issue.path), describeIssue(issue));
  }
  const topology = parsed.data;
  const base = dirname(resolve(file));
  const fail = (path: Path, problem: string): never => {
    throw new TopologyError(file, pathText(path), lineOf(path), problem);
  };
  checkNames(topology, fail);
  checkPorts(topology, fail);
  topology.nodes.forEach((node, i) => {
    if (node.kind === 'cme' && !existsSync(resolve(base, node.config)))
      fail(['nodes', i, 'config'], `no such file: ${node.config}`);
  });
  checkPhones(topology, fail);
  checkClusters(topology, fail);
  checkAcds(topology, fail);
  return {
    file,
    topology,
    configPath: (nodeName) => {
      const node = topology.nodes.find((n) => n.name === nodeName);
      if (node === undefined) throw new Error(`no node ${nodeName} in ${file}`);
      if (node.kind !== 'cme') throw new Error(`node ${nodeName} (${node.kind}) has no config file`);
      return resolve(base, node.config);
    },
  };
}

function checkNames(topology: Topology, fail: Fail): void {
  const seen = new Map<string, string>();
  const claim = (name: string, path: Path) => {
    const first = seen.get(name);
    if (first !== undefined) fail(path, `the name '${name}' is already used by ${first}`);
    seen.set(name, pathText(path));
  };
  topology.nodes.forEach((node, i) => {
    claim(node.name, ['nodes', i, 'name']);
  });
  topology.phones.forEach((group, i) => {
    claim(group.name, ['phones', i, 'name']);
  });
}

function checkPorts(topology: Topology, fail: Fail): void {
  const seen = new Map<number, string>();
  topology.nodes.forEach((node, i) => {
    const ports: [string, number | undefined][] = Object.entries(node.ports ?? {});
    if (node.kind === 'acd')
      ports.push(['sides.a.port', node.sides.a.port], ['sides.b.port', node.sides.b.port]);
    for (const [kind, port] of ports) {
      if (port === undefined || port === 0) continue;
      const first = seen.get(port);
      if (first !== undefined)
        fail(
          ['nodes', i, ...(kind.startsWith('sides.') ? kind.split('.') : ['ports', kind])],
          `port ${port} is already used by ${first}`,
        );
      seen.set(port, `${node.name} ${kind}`);
    }
  });
}

function checkPhones(topology: Topology, fail: Fail): void {
  const names = new Set(topology.nodes.map((n) => n.name));
  topology.phones.forEach((group, i) => {
    if ('devicesOf' in group.phones) {
      const of = group.phones.devicesOf;
      const acd = topology.nodes.some((n) => n.kind === 'acd' && n.name === of);
      if (!acd && !topology.clusters.some((c) => c.name === of))
        fail(['phones', i, 'phones', 'devicesOf'], `no cluster or acd node named '${of}'`);
      // A cluster's phones follow their device pool's CM group (CUCM CTI guide "Unified CM node failure").
      if (group.register !== undefined)
        fail(
          ['phones', i, 'register'],
          "a cluster's phones register by their device pool's CM group, not a list here",
        );
      return;
    }
    const register = group.register;
    if (register === undefined) {
      fail(['phones', i], 'register: the call-manager list (node names) is required');
      return;
    }
    register.forEach((target, j) => {
      if (!names.has(target)) fail(['phones', i, 'register', j], `no node named '${target}'`);
    });
    if (new Set(register).size !== register.length)
      fail(['phones', i, 'register'], 'a node appears twice in the call-manager list');
    if ('ephonesOf' in group.phones && !names.has(group.phones.ephonesOf))
      fail(['phones', i, 'phones', 'ephonesOf'], `no node named '${group.phones.ephonesOf}'`);
  });
}

function pathText(path: Path): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `unknown kind (this build has: ${NODE_KINDS.join(', ')})`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return issue.message;
}
