// Reads a load scenario (scenario-schema.ts): YAML with every node's place kept, so each error
// names the file, the path inside it and the line, before anything starts. After the schema: the
// topology it names must load and hold the cluster, device pool, gateways and fault nodes it
// names; faults fall inside the duration; the call rate is possible with the phones given.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { type LoadedTopology, loadTopology } from '../../simulators/topology/load-topology.ts';
import { TopologyError } from '../../simulators/topology/topology-error.ts';
import { cmeCtiEnabled, cmeLoadGroups } from './cme-load-phones.ts';
import type { LoadPhone } from './load-population.ts';
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

export type LoadTargetKind = 'cucm' | 'cme' | 'acd';

export type LoadTarget =
  | { readonly kind: 'cucm'; readonly cluster: string; readonly devicePool: string }
  | {
      readonly kind: 'cme';
      readonly group: string;
      /** The CME nodes, primary first. */
      readonly register: readonly string[];
      readonly phones: readonly LoadPhone[];
    }
  | { readonly kind: 'acd'; readonly node: string };

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly topology: LoadedTopology;
  /** What the run loads: a CUCM cluster's device pool, a CME phone group, an ACD node. */
  readonly target: LoadTarget;
  /** CUCM: the cluster the phones join (undefined on a CME or ACD run). */
  readonly cluster?: string;
  readonly devicePool?: string;
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
  const acdNodes = nodes.filter((n) => n.kind === 'acd');
  const cmeGroups = cmeLoadGroups(topology);
  const kind: LoadTargetKind =
    scenario.phones.cluster !== undefined || scenario.phones.devicePool !== undefined
      ? 'cucm'
      : scenario.phones.node !== undefined
        ? 'acd'
        : scenario.phones.group !== undefined
          ? 'cme'
          : clusters.length > 0
            ? 'cucm'
            : acdNodes.length > 0
              ? 'acd'
              : cmeGroups.length > 0
                ? 'cme'
                : fail(
                    ['topology'],
                    'the topology has no CUCM cluster, no ACD node and no CME phone group (ephonesOf) to load',
                  );
  // Each call holds a pair of phones for its hold time (and the ringing before it).
  const { rate, holdTime, answerDelay } = scenario.calls;
  const checkRate = (phones: number) => {
    const pairs = Math.floor(phones / 2);
    const busy = rate * (holdTime + answerDelay);
    if (busy > pairs)
      fail(
        ['calls', 'rate'],
        `impossible: ${rate} calls/s held ${holdTime + answerDelay} s keeps ${roundTo(busy)} phone pairs busy, but ${phones} phones make ${pairs} pairs`,
      );
  };
  if (scenario.monitored > 0 && scenario.cti.tr87.length === 0)
    fail(['monitored'], 'devices are monitored by TR/87 clients: give at least one under cti.tr87');
  const names = new Set<string>();
  const uniqueName = (name: string, path: Path) => {
    if (names.has(name)) fail(path, `the name '${name}' is used twice`);
    names.add(name);
  };
  for (const [i, c] of scenario.cti.tr87.entries()) uniqueName(c.name, ['cti', 'tr87', i, 'name']);
  for (const [i, c] of (scenario.cti.ctiServer?.bridges ?? []).entries())
    uniqueName(c.name, ['cti', 'ctiServer', 'bridges', i, 'name']);
  const lateFaults = () =>
    scenario.faults.forEach((fault, i) => {
      if (fault.at >= scenario.duration)
        fail(
          ['faults', i, 'at'],
          `at ${fault.at} s is not before the end of the run (duration ${scenario.duration} s)`,
        );
    });
  const faultLines = scenario.faults.map((_, i) => lineOf(['faults', i, 'at']));
  const faultNodes = (ok: (node: (typeof nodes)[number]) => string | undefined) =>
    scenario.faults.forEach((fault, i) => {
      const node = nodes.find((n) => n.name === fault.node);
      if (node === undefined) {
        fail(['faults', i, 'node'], `no node named '${fault.node}'`);
        return;
      }
      const problem = ok(node);
      if (problem !== undefined)
        fail(['faults', i, problem.startsWith('fault ') ? 'fault' : 'node'], problem);
    });
  const base = { file, scenario, topology, faultLines };
  lateFaults();
  if (kind !== 'acd' && scenario.cti.ctiServer !== undefined)
    fail(
      ['cti', 'ctiServer'],
      'CTI Server (GED-188) clients need an ACD node (kind: acd) in the topology: this one has none loaded here',
    );

  if (kind === 'cme') {
    const groupName = scenario.phones.group ?? (cmeGroups.length === 1 ? cmeGroups[0]!.name : undefined);
    if (groupName === undefined)
      return fail(['phones'], `phones.group: name one of ${cmeGroups.map((g) => g.name).join(', ')}`);
    const group = cmeGroups.find((g) => g.name === groupName);
    if (group === undefined)
      return fail(
        ['phones', 'group'],
        `no CME phone group '${groupName}' with ephonesOf (groups: ${cmeGroups.map((g) => g.name).join(', ') || 'none'})`,
      );
    if (scenario.phones.count > group.phones.length)
      fail(
        ['phones', 'count'],
        `the CME phone group '${group.name}' has ${group.phones.length} ephones with a DN: ${scenario.phones.count} phones cannot run`,
      );
    checkRate(scenario.phones.count);
    const monitored = group.phones.slice(0, Math.round(scenario.monitored * scenario.phones.count));
    const unwatched = monitored.find((p) => !group.watched.has(p.dn));
    if (unwatched !== undefined)
      fail(
        ['monitored'],
        `DN ${unwatched.dn} (${unwatched.name}) would be monitored but has no 'cti watch' in its CME config (CME CSTA guide: monitoring needs cti watch)`,
      );
    scenario.cti.tr87.forEach((client, i) => {
      const node = nodes.find((n) => n.name === client.gateway);
      if (node === undefined) {
        fail(['cti', 'tr87', i, 'gateway'], `no node named '${client.gateway}'`);
        return;
      }
      if (node.kind !== 'cme' || !group.register.includes(node.name)) {
        fail(
          ['cti', 'tr87', i, 'gateway'],
          `'${client.gateway}' is no CME node of phone group ${group.name} (${group.register.join(', ')})`,
        );
        return;
      }
      if (!cmeCtiEnabled(topology, node.name))
        fail(
          ['cti', 'tr87', i, 'gateway'],
          `CME '${node.name}' has CTI shut down (its config needs 'no cti shutdown')`,
        );
    });
    faultNodes((n) =>
      n.kind === 'cme' && group.register.includes(n.name)
        ? undefined
        : `'${n.name}' is no CME node of phone group ${group.name} (${group.register.join(', ')})`,
    );
    return {
      ...base,
      target: { kind: 'cme', group: group.name, register: group.register, phones: group.phones },
    };
  }

  if (kind === 'acd') {
    const nodeName = scenario.phones.node ?? (acdNodes.length === 1 ? acdNodes[0]!.name : undefined);
    if (nodeName === undefined)
      return fail(['phones'], `phones.node: name one of ${acdNodes.map((n) => n.name).join(', ')}`);
    const node = nodes.find((n) => n.name === nodeName);
    if (node === undefined) return fail(['phones', 'node'], `no node named '${nodeName}'`);
    if (node.kind !== 'acd')
      return fail(['phones', 'node'], `'${nodeName}' is no acd node (it is ${node.kind})`);
    checkRate(scenario.phones.count);
    if (scenario.cti.tr87.length > 0)
      fail(
        ['cti', 'tr87'],
        'an ACD node has no TR/87 (CSTA over SIP) interface: its CTI clients go under cti.ctiServer',
      );
    const ws = scenario.cti.ctiServer?.workstations.count ?? 0;
    if (ws > scenario.phones.count)
      fail(
        ['cti', 'ctiServer', 'workstations', 'count'],
        `${ws} agent workstations but only ${scenario.phones.count} agents (one per phone)`,
      );
    if (ws > 0 && !node.clients.workstations.anyClientId)
      fail(
        ['cti', 'ctiServer', 'workstations'],
        `acd node '${node.name}' does not accept workstation clients (clients.workstations.anyClientId)`,
      );
    if ((scenario.cti.ctiServer?.bridges.length ?? 0) > 0 && node.clients.bridges.length === 0)
      fail(
        ['cti', 'ctiServer', 'bridges'],
        `acd node '${node.name}' names no CTI Bridge client (clients.bridges)`,
      );
    faultNodes((n) =>
      n.name !== node.name ? `'${n.name}' is not the acd node '${node.name}' of the run` : undefined,
    );
    scenario.faults.forEach((f, i) => {
      if (!ACD_FAULTS.has(f.fault))
        fail(
          ['faults', i, 'fault'],
          `an ACD node takes kill, stop, restart and restore (its active CTI Server side fails, or comes back), not ${f.fault}`,
        );
    });
    return { ...base, target: { kind: 'acd', node: node.name } };
  }

  const clusterName = scenario.phones.cluster ?? (clusters.length === 1 ? clusters[0]!.name : undefined);
  if (clusterName === undefined)
    fail(
      clusters.length === 0 ? ['topology'] : ['phones'],
      clusters.length === 0
        ? 'the topology has no CUCM cluster'
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
  checkRate(scenario.phones.count);
  scenario.cti.tr87.forEach((client, i) => {
    const gateway = nodes.find((n) => n.name === client.gateway);
    if (gateway === undefined) fail(['cti', 'tr87', i, 'gateway'], `no node named '${client.gateway}'`);
    else if (gateway.kind !== 'cti-gateway' || gateway.cluster !== cluster.name)
      fail(['cti', 'tr87', i, 'gateway'], `'${client.gateway}' is no cti-gateway of cluster ${cluster.name}`);
  });
  faultNodes((n) =>
    n.kind !== 'cucm' || n.cluster !== cluster.name
      ? `'${n.name}' is no CUCM server of cluster ${cluster.name}`
      : undefined,
  );
  return {
    ...base,
    cluster: cluster.name,
    devicePool,
    target: { kind: 'cucm', cluster: cluster.name, devicePool },
  };
}

const ACD_FAULTS = new Set(['kill', 'stop', 'restart', 'restore']);

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
