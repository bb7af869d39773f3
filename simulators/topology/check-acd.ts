// The checks of a topology's ACD nodes that a schema cannot state: unique agent IDs, extensions,
// skill group names / numbers / ids, dialed numbers, peripheral ids and phones; every agent's
// extension is a DN of a phone of the node; skill group members are agents of the peripheral;
// dialed numbers name a skill group and call type that exist; translation routes reach a dialed
// number of an existing peripheral; sides A and B listen on different endpoints.
import type { AcdNode } from './acd-schema.ts';
import type { Fail, Path } from './topology-error.ts';
import type { Topology } from './topology-schema.ts';

export function checkAcds(topology: Topology, fail: Fail): void {
  const acds = topology.nodes
    .map((node, index) => ({ node, index }))
    .filter((x): x is { node: AcdNode; index: number } => x.node.kind === 'acd');
  const peripherals = new Map<number, AcdNode>();
  for (const { node, index } of acds) {
    const at = (...path: Path) => ['nodes', index, ...path];
    if (peripherals.has(node.peripheral.id))
      fail(
        at('peripheral', 'id'),
        `peripheral ${node.peripheral.id} is already node '${peripherals.get(node.peripheral.id)?.name}'`,
      );
    peripherals.set(node.peripheral.id, node);
    checkNode(node, at, fail);
  }
  for (const { node, index } of acds) {
    node.translationRoutes.forEach((route, j) => {
      const target = peripherals.get(route.peripheralId);
      if (target === undefined)
        fail(
          ['nodes', index, 'translationRoutes', j, 'peripheralId'],
          `no acd node has peripheral ${route.peripheralId}`,
        );
      else if (!target.peripheral.dialedNumbers.some((d) => d.number === route.dnis))
        fail(
          ['nodes', index, 'translationRoutes', j, 'dnis'],
          `peripheral ${route.peripheralId} has no dialed number ${route.dnis}`,
        );
      if (node.peripheral.dialedNumbers.some((d) => d.number === route.number))
        fail(
          ['nodes', index, 'translationRoutes', j, 'number'],
          `${route.number} is already a dialed number of this peripheral`,
        );
    });
  }
}

function unique<T>(
  items: readonly T[],
  key: (t: T) => string | number,
  at: (i: number) => Path,
  what: string,
  fail: Fail,
): void {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) fail(at(i), `${what} ${k} appears twice`);
    seen.add(k);
  });
}

function checkNode(node: AcdNode, at: (...path: Path) => Path, fail: Fail): void {
  const p = node.peripheral;
  unique(
    node.phones,
    (x) => x.name,
    (i) => at('phones', i, 'name'),
    'phone',
    fail,
  );
  unique(
    node.phones,
    (x) => x.dn,
    (i) => at('phones', i, 'dn'),
    'directory number',
    fail,
  );
  unique(
    p.agents,
    (x) => x.id,
    (i) => at('peripheral', 'agents', i, 'id'),
    'agent',
    fail,
  );
  unique(
    p.agents,
    (x) => x.extension,
    (i) => at('peripheral', 'agents', i, 'extension'),
    'agent extension',
    fail,
  );
  unique(
    p.skillGroups,
    (x) => x.name,
    (i) => at('peripheral', 'skillGroups', i, 'name'),
    'skill group',
    fail,
  );
  unique(
    p.skillGroups,
    (x) => x.number,
    (i) => at('peripheral', 'skillGroups', i, 'number'),
    'skill group number',
    fail,
  );
  unique(
    p.skillGroups,
    (x) => x.id,
    (i) => at('peripheral', 'skillGroups', i, 'id'),
    'skill group id',
    fail,
  );
  unique(
    p.dialedNumbers,
    (x) => x.number,
    (i) => at('peripheral', 'dialedNumbers', i, 'number'),
    'dialed number',
    fail,
  );
  unique(
    p.callTypes,
    (x) => x.name,
    (i) => at('peripheral', 'callTypes', i, 'name'),
    'call type',
    fail,
  );
  const dns = new Set(node.phones.map((x) => x.dn));
  p.agents.forEach((agent, i) => {
    if (!dns.has(agent.extension))
      fail(at('peripheral', 'agents', i, 'extension'), `no phone of this node has DN ${agent.extension}`);
  });
  const agents = new Set(p.agents.map((a) => a.id));
  p.skillGroups.forEach((group, i) => {
    group.members.forEach((member, j) => {
      if (!agents.has(member)) fail(at('peripheral', 'skillGroups', i, 'members', j), `no agent ${member}`);
    });
  });
  p.dialedNumbers.forEach((dn, i) => {
    if (!p.skillGroups.some((g) => g.name === dn.skillGroup))
      fail(at('peripheral', 'dialedNumbers', i, 'skillGroup'), `no skill group named '${dn.skillGroup}'`);
    if (dn.callType !== undefined && !p.callTypes.some((c) => c.name === dn.callType))
      fail(at('peripheral', 'dialedNumbers', i, 'callType'), `no call type named '${dn.callType}'`);
    if (dns.has(dn.number))
      fail(at('peripheral', 'dialedNumbers', i, 'number'), `${dn.number} is also a phone's DN`);
  });
  const { a, b } = node.sides;
  if (a.host === b.host && a.port === b.port && a.port !== 0)
    fail(at('sides', 'b', 'port'), `sides A and B both listen on ${a.host}:${a.port}`);
}
