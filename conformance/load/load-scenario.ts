// Reads a load scenario (scenario-schema.ts): YAML with every node's place kept, so each error
// names the file, the path inside it and the line, before anything starts. After the schema: the
// topology it names must load and hold the cluster, device pool, gateways and fault nodes it
// names; faults fall inside the duration; the call rate is possible with the phones given.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type LoadedTopology, loadTopology } from '../../simulators/topology/load-topology.ts';
import { TopologyError } from '../../simulators/topology/topology-error.ts';
import { SCENARIO_SCHEMA, type Scenario } from './scenario-schema.ts';

type Path = ReadonlyArray<PropertyKey>;

/** A scenario that cannot run: the file, the path inside it and the line. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}${path === '' ? '' : ` (${path})`}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly topology: LoadedTopology;
  /** The cluster the phones join. */
  readonly cluster: string;
  readonly devicePool: string;
  /** The line of each fault in the file (faults[i]), for errors found after loading (--duration). */
  readonly faultLines: ReadonlyArray<number | undefined>;
}

/**
 * A `--duration` that ends the run before a fault of the scenario: the error naming that fault
 * (file, line, path), as the file's own check names a fault past `duration`; undefined if none.
 */
export function faultPastDuration(loaded: LoadedScenario, durationS: number): ScenarioError | undefined {
  const i = loaded.scenario.faults.findIndex((f) => f.at >= durationS);
  if (i < 0) return undefined;
  const f = loaded.scenario.faults[i]!;
  return new ScenarioError(
    loaded.file,
    `faults[${i}].at`,
    loaded.faultLines[i],
    `${f.fault} ${f.node} at ${f.at} s is not before the end of the run (--duration ${durationS} s): give a longer --duration or drop the fault`,
  );
}

export async function loadScenario(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(
      file,
      '',
      undefined,
      `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  return parseScenario(file, text);
}

export async function parseScenario(file: string, text: string): Promise<LoadedScenario> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.pos[0] === undefined ? undefined : lines.linePos(yamlError.pos[0]).line;
    throw new ScenarioError(file, '', line, `not YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const fail = (path: Path, problem: string): never => {
    throw new ScenarioError(file, pathText(path), lineOf(path), problem);
  };
  const parsed = SCENARIO_SCHEMA.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(issue.path, describeIssue(issue));
  }
  const scenario = parsed.data;
  let topology: LoadedTopology;
  try {
    topology = await loadTopology(resolve(dirname(resolve(file)), scenario.topology));
  } catch (err) {
    if (err instanceof TopologyError) return fail(['topology'], `the topology is not usable: ${err.message}`);
    throw err;
  }
  const nodes = topology.topology.nodes;
  const clusters = topology.topology.clusters;
  const clusterName = scenario.phones.cluster ?? (clusters.length === 1 ? clusters[0]!.name : undefined);
  if (clusterName === undefined)
    fail(
      clusters.length === 0 ? ['topology'] : ['phones'],
      clusters.length === 0
        ? 'the topology has no CUCM cluster (this build runs load on a CUCM cluster)'
        : `phones.cluster: name one of ${clusters.map((c) => c.name).join(', ')}`,
    );
  const cluster = clusters.find((c) => c.name === clusterName);
  if (cluster === undefined) return fail(['phones', 'cluster'], `no cluster named '${clusterName}'`);
  const pools = Object.keys(cluster.devicePools);
  const devicePool = scenario.phones.devicePool ?? pools[0];
  if (devicePool === undefined || !pools.includes(devicePool))
    return fail(['phones', 'devicePool'], `no device pool '${devicePool}' in cluster ${cluster.name}`);
  if (cluster.secure === true && scenario.cti.tr87.length > 0)
    fail(['topology'], `cluster ${cluster.name} is secure: this build's load clients connect over TCP only`);
  // Each call holds a pair of phones for its hold time (and the ringing before it).
  const { rate, holdTime, answerDelay } = scenario.calls;
  const pairs = Math.floor(scenario.phones.count / 2);
  const busy = rate * (holdTime + answerDelay);
  if (busy > pairs)
    fail(
      ['calls', 'rate'],
      `impossible: ${rate} calls/s held ${holdTime + answerDelay} s keeps ${roundTo(busy)} phone pairs busy, but ${scenario.phones.count} phones make ${pairs} pairs`,
    );
  if (scenario.monitored > 0 && scenario.cti.tr87.length === 0)
    fail(['monitored'], 'devices are monitored by TR/87 clients: give at least one under cti.tr87');
  const names = new Set<string>();
  scenario.cti.tr87.forEach((client, i) => {
    if (names.has(client.name)) fail(['cti', 'tr87', i, 'name'], `the name '${client.name}' is used twice`);
    names.add(client.name);
    const gateway = nodes.find((n) => n.name === client.gateway);
    if (gateway === undefined) fail(['cti', 'tr87', i, 'gateway'], `no node named '${client.gateway}'`);
    else if (gateway.kind !== 'cti-gateway' || gateway.cluster !== cluster.name)
      fail(['cti', 'tr87', i, 'gateway'], `'${client.gateway}' is no cti-gateway of cluster ${cluster.name}`);
  });
  scenario.faults.forEach((fault, i) => {
    if (fault.at >= scenario.duration)
      fail(
        ['faults', i, 'at'],
        `at ${fault.at} s is not before the end of the run (duration ${scenario.duration} s)`,
      );
    const node = nodes.find((n) => n.name === fault.node);
    if (node === undefined) fail(['faults', i, 'node'], `no node named '${fault.node}'`);
    else if (node.kind !== 'cucm' || node.cluster !== cluster.name)
      fail(['faults', i, 'node'], `'${fault.node}' is no CUCM server of cluster ${cluster.name}`);
  });
  const faultLines = scenario.faults.map((_, i) => lineOf(['faults', i, 'at']));
  return { file, scenario, topology, cluster: cluster.name, devicePool, faultLines };
}

function roundTo(x: number): number {
  return Math.round(x * 100) / 100;
}

function pathText(path: Path): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return issue.message;
}
