// The checks of a topology's CUCM clusters that a schema cannot state: every server and gateway
// belongs to a cluster of the file; one publisher per cluster; CM groups list servers of their
// cluster that run CallManager; a gateway's CTIManagers run CTIManager; device pools, partitions
// and controlled devices name what exists; device names and user ids are unique; the heartbeat
// bounds are ordered (CUCM CTI guide "Application Heartbeat": minimum 5 s, maximum 3600 s by default);
// a Call Park number is no line's directory number and is listed once.
import type { Fail } from './topology-error.ts';
import type { Topology } from './topology-schema.ts';

export function checkClusters(topology: Topology, fail: Fail): void {
  const clusters = new Map(topology.clusters.map((c, i) => [c.name, { cluster: c, index: i }]));
  const servers = new Map<string, { cluster: string; services: readonly string[] }>();
  topology.nodes.forEach((node, i) => {
    if (node.kind !== 'cucm' && node.kind !== 'cti-gateway') return;
    if (!clusters.has(node.cluster))
      fail(['nodes', i, 'cluster'], `no cluster named '${node.cluster}' in clusters`);
    if (node.kind === 'cucm') servers.set(node.name, { cluster: node.cluster, services: node.services });
  });
  topology.nodes.forEach((node, i) => {
    if (node.kind !== 'cti-gateway') return;
    node.ctiManagers.forEach((name, j) => {
      const server = servers.get(name);
      if (server === undefined || server.cluster !== node.cluster)
        fail(['nodes', i, 'ctiManagers', j], `no cucm node '${name}' in cluster '${node.cluster}'`);
      if (!server.services.includes('ctimanager'))
        fail(['nodes', i, 'ctiManagers', j], `'${name}' does not run ctimanager`);
    });
  });
  for (const { cluster, index } of clusters.values()) {
    const at = (...path: PropertyKey[]) => ['clusters', index, ...path];
    const publishers = topology.nodes.filter(
      (n) => n.kind === 'cucm' && n.cluster === cluster.name && n.role === 'publisher',
    );
    if (publishers.length !== 1)
      fail(at('name'), `cluster '${cluster.name}' has ${publishers.length} publishers (one is needed)`);
    for (const [group, members] of Object.entries(cluster.cmGroups)) {
      members.forEach((name, j) => {
        const server = servers.get(name);
        if (server === undefined || server.cluster !== cluster.name)
          fail(at('cmGroups', group, j), `no cucm node '${name}' in cluster '${cluster.name}'`);
        if (!server.services.includes('callmanager'))
          fail(at('cmGroups', group, j), `'${name}' does not run callmanager`);
      });
      if (new Set(members).size !== members.length)
        fail(at('cmGroups', group), 'a node appears twice in the CM group');
    }
    for (const [pool, { cmGroup }] of Object.entries(cluster.devicePools))
      if (!(cmGroup in cluster.cmGroups))
        fail(at('devicePools', pool, 'cmGroup'), `no CM group '${cmGroup}'`);
    const partitions = new Set(cluster.partitions);
    for (const [css, list] of Object.entries(cluster.callingSearchSpaces))
      list.forEach((p, j) => {
        if (!partitions.has(p)) fail(at('callingSearchSpaces', css, j), `no partition '${p}'`);
      });
    const devices = new Map<string, string>();
    const kinds = [
      ['phones', cluster.phones],
      ['routePoints', cluster.routePoints],
      ['ctiPorts', cluster.ctiPorts],
    ] as const;
    for (const [kind, list] of kinds)
      list.forEach((device, i) => {
        const first = devices.get(device.name);
        if (first !== undefined)
          fail(at(kind, i, 'name'), `the device name '${device.name}' is already used by ${first}`);
        devices.set(device.name, `${kind}[${i}]`);
        if (!(device.devicePool in cluster.devicePools))
          fail(at(kind, i, 'devicePool'), `${device.name}: no device pool '${device.devicePool}'`);
        if (device.css !== undefined && !(device.css in cluster.callingSearchSpaces))
          fail(at(kind, i, 'css'), `${device.name}: no calling search space '${device.css}'`);
        device.lines.forEach((line, j) => {
          if (line.partition !== undefined && !partitions.has(line.partition))
            fail(at(kind, i, 'lines', j, 'partition'), `no partition '${line.partition}'`);
          if (line.css !== undefined && !(line.css in cluster.callingSearchSpaces))
            fail(at(kind, i, 'lines', j, 'css'), `${device.name}: no calling search space '${line.css}'`);
        });
      });
    const users = new Set<string>();
    cluster.users.forEach((user, i) => {
      if (users.has(user.id)) fail(at('users', i, 'id'), `the user id '${user.id}' is already used`);
      users.add(user.id);
      user.controlledDevices.forEach((device, j) => {
        if (!devices.has(device))
          fail(at('users', i, 'controlledDevices', j), `no device '${device}' in the cluster`);
      });
      if (user.groups.includes('Standard CTI Secure Connection') && !cluster.secure)
        fail(
          at('users', i, 'groups'),
          'Standard CTI Secure Connection needs a cluster with security enabled (secure: true)',
        );
    });
    // A Call Park number must not be a line: dialling it retrieves parked calls (CUCM-ACG-009).
    const lineDns = new Set(kinds.flatMap(([, list]) => list.flatMap((d) => d.lines.map((l) => l.dn))));
    cluster.callPark.forEach((dn, j) => {
      if (lineDns.has(dn))
        fail(at('callPark', j), `the Call Park number ${dn} is also a line's directory number`);
      if (cluster.callPark.indexOf(dn) !== j)
        fail(at('callPark', j), `the Call Park number ${dn} is listed twice`);
    });
    const parameters = cluster.serviceParameters;
    if (parameters.heartbeatMinS > parameters.heartbeatMaxS)
      fail(at('serviceParameters', 'heartbeatMinS'), 'the heartbeat minimum is above the maximum');
  }
}
