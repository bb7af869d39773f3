// The containers runtime (DESIGN.md section 4): one container per node and one per phone
// population, on a Docker network of the lab's own where each node's name is its alias, started
// with testcontainers 11 from the locally built lab image (lab-image.ts). The host reaches nodes
// only through ports published on 127.0.0.1. Faults are Docker's: kill (SIGKILL), stop (SIGTERM,
// then SIGKILL after 5 s), pause/unpause (cgroup freezer), restart (same published ports),
// disconnect/reconnect (the lab network), delay/loss (impairment.ts).
// A CUCM cluster is ONE container (`ctilab serve cucm --admin`; its servers share one call model,
// cucm-lab.ts) with an alias per server and gateway; a fault on a server is a command POSTed to
// the container's admin endpoint (cluster-container.ts), as the process runtime writes it to the
// console. Its `devicesOf` phones run in a container of their own, as CME phone groups do. The
// ACD nodes are ONE container too (`ctilab serve acd --admin`, acd-container.ts), a fault on one is
// a command on its duplexed CTI Server POSTed to the admin endpoint (acd-lab-unit.ts).

import {
  type RunnableAcd,
  type RunnableCluster,
  runnableTopologyOf,
} from '../../topology/runnable-topology.ts';
import './no-ryuk.ts';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import type { AcdLabEndpoints } from '../../acd-cti/acd-lab.ts';
import type { CucmEndpoints } from '../../cucm/cucm-cluster.ts';
import { clusterPhones } from '../../topology/cucm-topology.ts';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import type { CmeNode, CmePhonePopulation } from '../../topology/topology-schema.ts';
import { type AcdHandle, acdGroupStatus, acdNodeEndpoints, acdNodeStatus } from '../acd-lab-unit.ts';
import { type ClusterHandle, clusterGroupStatus, clusterNodeStatus } from '../cucm-lab.ts';
import type { FaultOutcome, LabFault } from '../lab-fault.ts';
import type { LabRuntime, LabStartOptions, LabStatus, NodeEndpoints, RunningLab } from '../lab-runtime.ts';
import { groupStatus, latestRegistrations, noSuchNode } from '../lab-status.ts';
import { LineLog } from '../line-log.ts';
import type { NodePorts } from '../node-ports.ts';
import { phoneSpecs } from '../phone-population.ts';
import { unitFault } from '../unit-fault.ts';
import {
  type AcdContainerSpec,
  acdAdminHandle,
  acdContainerSpec,
  acdGroupDevices,
  acdPhonesContainerSpec,
} from './acd-container.ts';
import { ensureLabImage } from './build-lab-image.ts';
import { adminHandle } from './cluster-container.ts';
import { ContainerLog } from './container-log.ts';
import {
  type ClusterContainerSpec,
  clusterContainerSpec,
  clusterPhonesContainerSpec,
  nodeContainerSpec,
  type PhonesContainerSpec,
  phonesContainerSpec,
} from './container-specs.ts';
import { dockerUnavailable } from './docker-engine.ts';
import {
  applyImpairment,
  type Impairment,
  ImpairmentUnavailable,
  impairmentUnavailable,
  NO_IMPAIRMENT,
} from './impairment.ts';
import { LAB_LABEL, NODE_LABEL, ROLE_LABEL } from './lab-labels.ts';
import { bridgeInterface, NetworkCapture } from './network-capture.ts';

/** A node's ready line includes compiling the TypeScript sources (about 1-3 s). */
const READY_MS = 60_000;
const STOP_GRACE_S = 5;

/** A GenericContainer whose published ports listen on 127.0.0.1 only, on this lab network only. */
class LabContainer extends GenericContainer {
  onLabNetwork(network: string, ...aliases: string[]): this {
    this.withNetworkMode(network);
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: aliases } } };
    return this;
  }

  publishOnLoopback(
    ports: ReadonlyArray<{ container: number; host: number; protocol: 'tcp' | 'udp' }>,
  ): this {
    this.withExposedPorts(...ports);
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}))
      for (const binding of bindings as Array<{ HostIp?: string }>) binding.HostIp = '127.0.0.1';
    return this;
  }
}

interface ContainerNode {
  readonly spec: CmeNode;
  readonly started: StartedTestContainer;
  readonly container: Dockerode.Container;
  readonly log: ContainerLog;
  readonly ports: NodePorts;
  readonly endpoints: NodeEndpoints;
  paused: boolean;
  connected: boolean;
  impairment: Impairment;
}

/** A CUCM cluster's one container, its nodes' published endpoints and its phone groups. */
interface ContainerCluster {
  readonly spec: ClusterContainerSpec;
  readonly started: StartedTestContainer;
  readonly log: ContainerLog;
  readonly handle: ClusterHandle & { alive: boolean };
  readonly nodes: Record<string, NodeEndpoints>;
  readonly groups: ContainerPhones[];
}

/** The ACD lab's one container and its phone groups (group -> its ACD node). */
interface ContainerAcd {
  readonly spec: AcdContainerSpec;
  readonly started: StartedTestContainer;
  readonly log: ContainerLog;
  readonly handle: AcdHandle & { alive: boolean; setEndpoints(inside: AcdLabEndpoints): void };
  readonly groups: Array<ContainerPhones & { readonly node: string }>;
}

interface ContainerPhones {
  readonly name: string;
  readonly started: StartedTestContainer;
  readonly log: ContainerLog;
  readonly devices: readonly string[];
}

export class ContainersRuntime implements LabRuntime {
  readonly kind = 'containers' as const;

  async start(loaded: LoadedTopology, options: LabStartOptions = {}): Promise<RunningLab> {
    // A topology the runtimes cannot run is refused before any image, network or container exists.
    const topology = runnableTopologyOf(loaded);
    const clusterSpecs = topology.clusters.map((c) => [c, clusterContainerSpec(loaded, c)] as const);
    const acd = topology.acd;
    const acdSpec = acd === undefined ? undefined : acdContainerSpec(loaded, acd);
    const why = await dockerUnavailable();
    if (why !== undefined)
      throw new Error(
        `${why} (DOCKER_HOST or /var/run/docker.sock): start one (.ci/with-docker-engine runs a command with one) or use --runtime process`,
      );
    const client = await getContainerRuntimeClient();
    const docker = client.container.dockerode;
    const image = await ensureLabImage();
    const lab = loaded.topology.name;
    const networkName = `ctilab-${lab}-${Math.random().toString(36).slice(2, 8)}`;
    const network = await docker.createNetwork({
      Name: networkName,
      Driver: 'bridge',
      Labels: { [LAB_LABEL]: lab },
    });
    const running = new ContainersLab(lab, docker, network, networkName, image.name);
    try {
      if (options.captureDir !== undefined)
        running.capture = await NetworkCapture.start(
          join(options.captureDir, `${lab}-network.pcap`),
          bridgeInterface(network.id),
        );
      for (const spec of topology.nodes)
        running.nodeMap.set(spec.name, await running.startNode(loaded, spec));
      for (const group of topology.phones) running.phoneGroups.push(await running.startPhones(loaded, group));
      for (const [cluster, spec] of clusterSpecs) await running.startCluster(cluster, spec);
      if (acd !== undefined && acdSpec !== undefined) await running.startAcd(acd, acdSpec);
      return running;
    } catch (err) {
      await running.stop();
      throw err;
    }
  }
}

class ContainersLab implements RunningLab {
  readonly runtime = 'containers' as const;
  readonly nodeMap = new Map<string, ContainerNode>();
  readonly phoneGroups: ContainerPhones[] = [];
  readonly clusters: ContainerCluster[] = [];

  constructor(
    readonly name: string,
    private readonly docker: Dockerode,
    private readonly network: Dockerode.Network,
    readonly networkName: string,
    private readonly image: string,
  ) {}

  acd: ContainerAcd | undefined;

  get nodes(): Record<string, NodeEndpoints> {
    return Object.assign(
      Object.fromEntries([...this.nodeMap].map(([name, node]) => [name, node.endpoints])),
      ...this.clusters.map((c) => c.nodes),
      this.acd === undefined ? {} : acdNodeEndpoints(this.acd.handle.endpoints()),
    );
  }

  /**
   * The ACD lab's one container: each side published on its own port number where the topology
   * names one (acd-container.ts), SCCP and the admin endpoint on free ports; then one phones
   * container per `devicesOf` group of an ACD node.
   */
  async startAcd(topology: RunnableAcd, spec: AcdContainerSpec): Promise<void> {
    const published: Array<{ container: number; host: number; protocol: 'tcp' | 'udp' }> = [];
    const publish = async (port: number, fixed?: number) => {
      published.push({ container: port, host: fixed ?? (await freePort()), protocol: 'tcp' });
    };
    await publish(spec.sccp);
    await publish(spec.admin);
    for (const [node, sides] of Object.entries(spec.sides)) {
      await publish(sides.A, spec.fixedHostPorts[node]?.A);
      await publish(sides.B, spec.fixedHostPorts[node]?.B);
    }
    const hostPort = (port: number) => published.find((p) => p.container === port)?.host ?? port;
    const started = await new LabContainer(this.image)
      .withName(`${this.networkName}-${spec.name}`)
      .withLabels(this.labels(spec.name, 'node'))
      .onLabNetwork(this.networkName, ...spec.aliases)
      .publishOnLoopback(published)
      .withCopyFilesToContainer(spec.files)
      .withCommand(spec.command)
      .withWaitStrategy(Wait.forLogMessage(/"endpoints"/))
      .withStartupTimeout(READY_MS)
      .start();
    const container = this.docker.getContainer(started.getId());
    const log = new ContainerLog(this.docker, container, new LineLog(spec.name));
    const groups: ContainerAcd['groups'] = [];
    // Registered before the wait (with the endpoints of its ready line once read): a container that
    // fails to get ready is still removed by stop().
    const handle = acdAdminHandle(
      topology,
      { host: '127.0.0.1', port: hostPort(spec.admin) },
      { sccp: { host: '', port: spec.sccp }, nodes: {} },
      hostPort,
      started.getId(),
    );
    this.acd = { spec, started, log, handle, groups };
    await log.follow();
    const ready = await log.log.waitForLine(
      (v) => typeof v.endpoints === 'object',
      READY_MS,
      'ready line',
      0,
    );
    handle.setEndpoints(ready.value.endpoints as AcdLabEndpoints);
    for (const group of topology.phoneGroups) {
      const phones = await this.startPhoneContainer(
        group.name,
        acdPhonesContainerSpec(spec, group.name, group.node),
        spec.files,
        acdGroupDevices(topology, group.node),
      );
      groups.push({ ...phones, node: group.node });
    }
  }

  private labels(node: string, role: 'node' | 'phones'): Record<string, string> {
    return { [LAB_LABEL]: this.name, [NODE_LABEL]: node, [ROLE_LABEL]: role };
  }

  async startNode(loaded: LoadedTopology, spec: CmeNode): Promise<ContainerNode> {
    const { ports, configFile: configPath, inside, command } = nodeContainerSpec(loaded, spec);
    const published: Array<{ container: number; host: number; protocol: 'tcp' | 'udp' }> = [
      { container: ports.sccp, host: await freePort(), protocol: 'tcp' },
    ];
    if (ports.sip !== undefined) {
      const host = await freePort();
      published.push(
        { container: ports.sip, host, protocol: 'tcp' },
        { container: ports.sip, host, protocol: 'udp' },
      );
    }
    if (ports.tftp !== undefined) {
      published.push({ container: ports.tftp, host: await freePort(), protocol: 'udp' });
    }
    const started = await new LabContainer(this.image)
      .withName(`${this.networkName}-${spec.name}`)
      .withLabels(this.labels(spec.name, 'node'))
      .onLabNetwork(this.networkName, spec.name)
      .publishOnLoopback(published)
      .withCopyFilesToContainer([{ source: configPath, target: inside }])
      .withCommand(command)
      .withWaitStrategy(Wait.forLogMessage(/"endpoints"/))
      .withStartupTimeout(READY_MS)
      .start();
    const container = this.docker.getContainer(started.getId());
    const log = new ContainerLog(this.docker, container, new LineLog(spec.name));
    await log.follow();
    await log.log.waitForLine((v) => typeof v.endpoints === 'object', READY_MS, 'ready line', 0);
    const hostPort = (port: number) => published.find((p) => p.container === port)!.host;
    const endpoints: NodeEndpoints = {
      kind: spec.kind,
      endpoints: {
        sccp: { host: '127.0.0.1', port: hostPort(ports.sccp) },
        ...(ports.sip === undefined ? {} : { sip: { host: '127.0.0.1', port: hostPort(ports.sip) } }),
        ...(ports.tftp === undefined ? {} : { tftp: { host: '127.0.0.1', port: hostPort(ports.tftp) } }),
      },
    };
    return {
      spec,
      started,
      container,
      log,
      ports,
      endpoints,
      paused: false,
      connected: true,
      impairment: NO_IMPAIRMENT,
    };
  }

  /**
   * The cluster's one container (every SCCP, SIP and admin port published on 127.0.0.1), then one
   * phones container per `devicesOf` group of the cluster.
   */
  async startCluster(topology: RunnableCluster, spec: ClusterContainerSpec): Promise<void> {
    const published: Array<{ container: number; host: number; protocol: 'tcp' | 'udp' }> = [];
    const publish = async (port: number, udp: boolean) => {
      const host = await freePort();
      published.push({ container: port, host, protocol: 'tcp' });
      if (udp) published.push({ container: port, host, protocol: 'udp' });
      return host;
    };
    const sccp: Record<string, number> = {};
    const sip: Record<string, number> = {};
    for (const [n, p] of Object.entries(spec.sccp)) sccp[n] = await publish(p, false);
    for (const [n, p] of Object.entries(spec.sip)) sip[n] = await publish(p, true);
    for (const p of Object.values(spec.sipTls)) await publish(p, false);
    const admin = await publish(spec.admin, false);
    const started = await new LabContainer(this.image)
      .withName(`${this.networkName}-${spec.name}`)
      .withLabels(this.labels(spec.name, 'node'))
      .onLabNetwork(this.networkName, ...spec.aliases)
      .publishOnLoopback(published)
      .withCopyFilesToContainer(spec.files)
      .withCommand(spec.command)
      .withWaitStrategy(Wait.forLogMessage(/"endpoints"/))
      .withStartupTimeout(READY_MS)
      .start();
    const container = this.docker.getContainer(started.getId());
    const log = new ContainerLog(this.docker, container, new LineLog(spec.name));
    await log.follow();
    const ready = await log.log.waitForLine(
      (v) => typeof v.endpoints === 'object',
      READY_MS,
      'ready line',
      0,
    );
    const handle = adminHandle(
      topology,
      { host: '127.0.0.1', port: admin },
      ready.value.endpoints as CucmEndpoints,
      started.getId(),
    );
    const nodes: Record<string, NodeEndpoints> = {};
    for (const s of topology.servers) {
      const port = sccp[s.name];
      nodes[s.name] = {
        kind: 'cucm',
        endpoints: port === undefined ? {} : { sccp: { host: '127.0.0.1', port } },
      };
    }
    for (const g of topology.gateways)
      nodes[g.name] = { kind: 'cti-gateway', endpoints: { sip: { host: '127.0.0.1', port: sip[g.name]! } } };
    const groups: ContainerPhones[] = [];
    this.clusters.push({ spec, started, log, handle, nodes, groups });
    const devices = clusterPhones(topology.cluster).map((p) => p.name);
    for (const group of topology.phoneGroups)
      groups.push(
        await this.startPhoneContainer(group, clusterPhonesContainerSpec(spec, group), spec.files, devices),
      );
  }

  async startPhones(loaded: LoadedTopology, group: CmePhonePopulation): Promise<ContainerPhones> {
    const specs = phoneSpecs(loaded, group);
    const nodes = [...this.nodeMap.values()].map((n) => ({ name: n.spec.name, ports: n.ports }));
    const spec = phonesContainerSpec(loaded, group, nodes);
    const copies = spec.configFile && spec.inside ? [{ source: spec.configFile, target: spec.inside }] : [];
    return this.startPhoneContainer(
      group.name,
      spec,
      copies,
      specs.map((s) => `SEP${s.mac}`),
    );
  }

  /** One `ctilab phones` container on the lab network; resolves once its phones' registrations are known. */
  private async startPhoneContainer(
    name: string,
    spec: PhonesContainerSpec,
    copies: Array<{ source: string; target: string }>,
    devices: string[],
  ): Promise<ContainerPhones> {
    const { name: alias, command } = spec;
    const started = await new LabContainer(this.image)
      .withName(`${this.networkName}-${alias}`)
      .withLabels(this.labels(alias, 'phones'))
      .onLabNetwork(this.networkName, alias)
      .withCopyFilesToContainer(copies)
      .withCommand(command)
      .withWaitStrategy(Wait.forLogMessage(/"phones":\d/))
      .withStartupTimeout(READY_MS + devices.length * 50)
      .start();
    const log = new ContainerLog(this.docker, this.docker.getContainer(started.getId()), new LineLog(alias));
    await log.follow();
    const round = await log.log.waitForLine(
      (v) => typeof v.phones === 'number',
      READY_MS,
      'registration round',
      0,
    );
    const registered = Number(round.value.registered);
    await log.log.waitUntil(
      () => (latestRegistrations(log.log.lines).size >= registered ? true : undefined),
      5_000,
      'a registration line per registered phone',
    );
    return { name, started, log, devices };
  }

  async status(): Promise<LabStatus> {
    // Phones name their call manager by its alias on the lab network: `<node>:<port>`.
    const byAddress = new Map([...this.nodeMap].map(([name, n]) => [`${name}:${n.ports.sccp}`, name]));
    const phones = Object.fromEntries(
      this.phoneGroups.map((g) => [
        g.name,
        groupStatus(g.devices.length, latestRegistrations(g.log.log.lines).values(), byAddress),
      ]),
    );
    const nodes: LabStatus['nodes'] = {};
    for (const [name, node] of this.nodeMap) {
      const state = (await node.container.inspect()).State;
      (nodes as Record<string, unknown>)[name] = {
        ...node.endpoints,
        running: state.Running && !state.Paused && node.connected,
      };
    }
    for (const c of this.clusters) {
      const state = (await this.docker.getContainer(c.started.getId()).inspect()).State;
      c.handle.alive = state.Running && !state.Paused;
      Object.assign(nodes, clusterNodeStatus(c.handle, c.nodes));
      // The cluster's phones name a server by its alias: `<server>:<port in the container>`.
      const byAlias = new Map(Object.entries(c.spec.sccp).map(([n, p]) => [`${n}:${p}`, n]));
      for (const group of c.groups) {
        const where = latestRegistrations(group.log.log.lines);
        phones[group.name] = clusterGroupStatus(group.devices, (device) => {
          const server = where.get(device);
          return server === undefined ? undefined : byAlias.get(server);
        });
      }
    }
    if (this.acd !== undefined) {
      const state = (await this.docker.getContainer(this.acd.started.getId()).inspect()).State;
      this.acd.handle.alive = state.Running && !state.Paused;
      Object.assign(nodes, acdNodeStatus(this.acd.handle));
      for (const group of this.acd.groups) {
        const where = latestRegistrations(group.log.log.lines);
        phones[group.name] = acdGroupStatus(group.node, group.devices, (d) => where.has(d));
      }
    }
    return { lab: this.name, runtime: this.runtime, nodes, phones };
  }

  async fault(nodeName: string, fault: LabFault): Promise<FaultOutcome> {
    const onUnit = unitFault(this, nodeName, fault);
    if (onUnit !== undefined) return onUnit;
    const node = this.nodeMap.get(nodeName);
    if (node === undefined) return noSuchNode(nodeName, fault);
    const applied = (detail: string): FaultOutcome => ({ applied: true, node: nodeName, fault, detail });
    const refused = (reason: string): FaultOutcome => ({ applied: false, node: nodeName, fault, reason });
    const id = node.started.getId().slice(0, 12);
    switch (fault.kind) {
      case 'kill':
        await node.container.kill({ signal: 'SIGKILL' });
        return applied(`SIGKILL to container ${id}`);
      case 'stop':
        await node.container.stop({ t: STOP_GRACE_S }).catch(ignoreNotModified);
        return applied(`docker stop ${id} (SIGTERM, SIGKILL after ${STOP_GRACE_S} s)`);
      case 'pause':
        if (node.paused) return refused('the node is already paused');
        await node.container.pause();
        node.paused = true;
        return applied(`docker pause ${id} (every process of the node frozen)`);
      case 'unpause':
        if (!node.paused) return refused('the node is not paused');
        await node.container.unpause();
        node.paused = false;
        return applied(`docker unpause ${id}`);
      case 'restore':
      case 'restart': {
        // restore: a stopped or killed container is started again (docker restart starts it).
        if (fault.kind === 'restore' && (await node.container.inspect()).State.Running)
          return applied(`${id} is running: nothing to do`);
        if (node.paused) await node.container.unpause();
        node.paused = false;
        const from = node.log.log.lines.length;
        await node.container.restart({ t: STOP_GRACE_S });
        await node.log.follow();
        await node.log.log.waitForLine(
          (v) => typeof v.endpoints === 'object',
          READY_MS,
          'ready line after restart',
          from,
        );
        node.impairment = NO_IMPAIRMENT;
        return applied(`docker restart ${id}: ready again on the same published ports`);
      }
      case 'disconnect':
        if (!node.connected) return refused('the node is already disconnected');
        await this.network.disconnect({ Container: node.started.getId(), Force: true });
        node.connected = false;
        return applied(`${id} disconnected from ${this.networkName} (phones and the host lose it)`);
      case 'reconnect':
        if (node.connected) return refused('the node is connected');
        await this.network.connect({
          Container: node.started.getId(),
          EndpointConfig: { Aliases: [nodeName] },
        });
        node.connected = true;
        return applied(`${id} connected to ${this.networkName} again as '${nodeName}'`);
      case 'delay':
      case 'loss': {
        const why = impairmentUnavailable();
        if (why !== undefined) return refused(why);
        const pid = (await node.container.inspect()).State.Pid;
        if (!pid) return refused('the node is not running');
        const next: Impairment =
          fault.kind === 'delay'
            ? { ...node.impairment, delayMs: fault.ms }
            : { ...node.impairment, lossPercent: fault.percent };
        try {
          const detail = applyImpairment(pid, next);
          node.impairment = next;
          return applied(detail);
        } catch (err) {
          if (err instanceof ImpairmentUnavailable) return refused(err.message);
          throw err;
        }
      }
    }
  }

  /** dumpcap on the lab network's bridge, when the lab was started with a captureDir. */
  capture: NetworkCapture | undefined;

  captures(): readonly string[] {
    return this.capture ? [this.capture.file] : [];
  }

  processes(): readonly number[] {
    return [];
  }

  logs(): Record<string, readonly string[]> {
    return Object.fromEntries([
      ...[...this.nodeMap].map(([name, n]) => [name, n.log.log.stderr] as const),
      ...this.phoneGroups.map((g) => [`phones ${g.name}`, g.log.log.stderr] as const),
      ...this.clusters.flatMap((c) => [
        [c.spec.name, c.log.log.stderr] as const,
        ...c.groups.map((g) => [`phones ${g.name}`, g.log.log.stderr] as const),
      ]),
      ...(this.acd === undefined
        ? []
        : [
            [this.acd.spec.name, this.acd.log.log.stderr] as const,
            ...this.acd.groups.map((g) => [`phones ${g.name}`, g.log.log.stderr] as const),
          ]),
    ]);
  }

  /** Phones first (they unregister), then nodes, then the network; every container removed. */
  async stop(): Promise<void> {
    const remove = async (started: StartedTestContainer, log: ContainerLog) => {
      const container = this.docker.getContainer(started.getId());
      await container.unpause().catch(() => undefined);
      await container.stop({ t: STOP_GRACE_S }).catch(() => undefined);
      log.close();
      await container.remove({ force: true, v: true }).catch(() => undefined);
    };
    for (const group of [
      ...this.phoneGroups,
      ...this.clusters.flatMap((c) => c.groups),
      ...(this.acd?.groups ?? []),
    ])
      await remove(group.started, group.log);
    for (const c of this.clusters) c.handle.alive = false;
    if (this.acd !== undefined) this.acd.handle.alive = false;
    await Promise.all([
      ...[...this.nodeMap.values()].map((node) => remove(node.started, node.log)),
      ...this.clusters.map((c) => remove(c.started, c.log)),
      ...(this.acd === undefined ? [] : [remove(this.acd.started, this.acd.log)]),
    ]);
    // The bridge goes with the network: finish the capture first.
    await this.capture?.stop();
    await this.network.remove().catch(() => undefined);
  }
}

/** A stopped container answers 304 to stop: nothing to do. */
function ignoreNotModified(err: { statusCode?: number }): void {
  if (err.statusCode !== 304) throw err;
}

/** A free TCP port on 127.0.0.1, fixed for the node's life so a restart keeps its endpoints. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
