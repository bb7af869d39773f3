/**
 * `validate-client --profile cucm-rcc`: a CTI application of a CUCM cluster (Cisco Unified CM
 * System Configuration Guide, "Configure CTI Applications" > "CTI Redundancy on CTIManager"),
 * given its two CTI gateway addresses, primary (`cti-gateway-1`) and backup (`cti-gateway-2`), and
 * the digest credentials of an application user allowed to control every device. The cluster of
 * labs/cucm-two-gateways.yaml (gateways cucm-imp and cucm-imp2) with its SCCP phones (1001..1003).
 * The plan fails the gateway the client is on (its connections reset, no BYE) and restores it,
 * twice: the client must go to the backup, then back to the primary when the backup fails.
 */
import { fileURLToPath } from 'node:url';
import { CucmCluster } from '../../simulators/cucm/cucm-cluster.ts';
import { SccpPhone } from '../../simulators/phone/phone.ts';
import { clusterPhones, cucmClustersOf } from '../../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../../simulators/topology/load-topology.ts';
import type { ClientProfile, DriveContext, ProfileRun, ProfileStartOptions } from './client-profile.ts';
import { gradeTr87 } from './tr87-client-graders.ts';
import { act, pause, phoneCall, until } from './tr87-plan.ts';

const PRIMARY = 'cucm-imp';
const BACKUP = 'cucm-imp2';
const APP = { id: 'rccapp', password: 'rccapp-pw' };

export const CUCM_RCC_RULES = [
  'CME-CTI-SESSION-001',
  'CME-CTI-SESSION-003',
  'CME-CTI-SESSION-005',
  'CME-CTI-SESSION-008',
  'CME-CTI-SESSION-012',
  'CME-CTI-SESSION-013',
  'CME-CTI-SESSION-015',
  'CME-CTI-SESSION-016',
  'CUCM-RED-006',
  'CUCM-RED-010',
  'CUCM-RED-011',
] as const;

async function startCucmRcc(opts: ProfileStartOptions): Promise<ProfileRun> {
  const path = fileURLToPath(new URL('../../labs/cucm-two-gateways.yaml', import.meta.url));
  const [t] = cucmClustersOf(await loadTopology(path));
  if (!t) throw new Error('labs/cucm-two-gateways.yaml has no CUCM cluster');
  // The application user of the run (CUCM-CFG-004: digest credentials), allowed every device.
  const cluster = {
    ...t.cluster,
    users: [
      ...t.cluster.users,
      {
        id: APP.id,
        password: APP.password,
        kind: 'application' as const,
        groups: ['Standard CTI Enabled', 'Standard CTI Allow Control of All Devices'],
      },
    ],
  } as typeof t.cluster;
  const cucm = new CucmCluster({
    cluster,
    servers: t.servers,
    gateways: t.gateways,
    host: opts.host,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, [PRIMARY]: opts.port, [BACKUP]: 0 },
    clock: opts.clock,
    observations: opts.observations,
    log: opts.log,
    grantedSessionExpires: opts.settings.sessionExpiresSeconds,
  });
  const endpoints = await cucm.start();
  const phones = new Map<string, SccpPhone>();
  for (const p of clusterPhones(cluster)) {
    const servers = p.cmGroup.flatMap((n) => {
      const sccp = endpoints.nodes[n]?.sccp;
      return sccp ? [sccp] : [];
    });
    const phone = new SccpPhone({ mac: p.mac, model: p.model, servers, clock: opts.clock });
    await phone.start();
    const dn = cluster.phones.find((x) => x.name === p.name)?.lines[0]?.dn;
    if (dn) phones.set(dn, phone);
  }
  const signal = new AbortController().signal;
  await until(
    { clock: opts.clock, signal },
    () => [...phones.values()].every((p) => p.state.registered),
    5000,
  );
  const gw = (name: string) => {
    const sip = endpoints.gateways[name]?.sip;
    if (!sip) throw new Error(`gateway ${name} serves no SIP`);
    return { host: sip.host, port: sip.port };
  };
  const primary = gw(PRIMARY);
  const backup = gw(BACKUP);
  // Which gateway serves the client's session now: the gateways' session observations.
  const open = new Map<string, Set<unknown>>([
    [PRIMARY, new Set()],
    [BACKUP, new Set()],
  ]);
  const unsubscribe = opts.observations.subscribe((o) => {
    if (o.kind !== 'state' || o.topic !== 'cti-session') return;
    const ids = open.get(o.source);
    if (!ids) return;
    if (o.detail.event === 'open') ids.add(o.detail.id);
    else if (o.detail.event === 'close') ids.delete(o.detail.id);
  });
  const on = () => [...open.entries()].find(([, ids]) => ids.size > 0)?.[0];
  const addr = (e: { host: string; port: number }) => `${e.host}:${e.port}`;

  async function failover(ctx: DriveContext) {
    const name = on();
    if (!name) return ctx.log('the client has no session to fail over');
    const other = name === PRIMARY ? BACKUP : PRIMARY;
    ctx.record({
      kind: 'fault',
      action: 'fail-ctimanager',
      detail: {
        gateway: name,
        role: name === PRIMARY ? 'primary' : 'backup',
        server: addr(name === PRIMARY ? primary : backup),
        other: addr(other === PRIMARY ? primary : backup),
      },
    });
    await cucm.stopGateway(name);
    open.get(name)?.clear();
    await until(ctx, () => on() === other, 8000);
    await pause(ctx, 800);
    ctx.record({ kind: 'fault', action: 'restore-ctimanager', detail: { gateway: name } });
    await cucm.startGateway(name);
    await pause(ctx, 300);
  }

  return {
    connect: {
      endpoints: {
        'cti-gateway-1': { ...primary, transport: 'tcp' },
        'cti-gateway-2': { ...backup, transport: 'tcp' },
      },
      settings: {
        user: `sip:${APP.id}@${cluster.name}`,
        username: APP.id,
        password: APP.password,
        line: 'tel:1001',
        monitor: ['tel:1001'],
        namespace: 'http://www.ecma-international.org/standards/ecma-323/csta/ed3',
        sessionExpiresSeconds: opts.settings.sessionExpiresSeconds,
        phones: ['1001', '1002', '1003'],
      },
    },
    serverEndpoints: { sip: [primary, backup], cti: [] },
    async drive(ctx) {
      ctx.record({
        kind: 'timer',
        action: 'gateways',
        detail: { primary: addr(primary), backup: addr(backup) },
      });
      if (!(await until(ctx, () => on() !== undefined, ctx.settings.connectTimeoutSeconds * 1000)))
        return ctx.log('the client opened no CTI session');
      const openedAt = ctx.clock.now();
      await pause(ctx, 800);
      const a = phones.get('1001');
      const b = phones.get('1002');
      if (!a || !b) throw new Error('the lab has no phones on 1001 and 1002');
      await act(ctx, 'hold', { device: '1001' }, { refusal: true });
      await pause(ctx, 200);
      await phoneCall(ctx, b, a, '1001', ['1001']);
      await act(ctx, 'make-call', { from: '1001', to: '1002' });
      await pause(ctx, 400);
      b.offHook();
      await pause(ctx, 300);
      await act(ctx, 'clear', { device: '1001' });
      await pause(ctx, 300);
      for (const p of [a, b]) p.onHook();
      // A refresh is due before the first failure.
      await pause(
        ctx,
        Math.max(0, openedAt + ctx.settings.sessionExpiresSeconds * 1000 + 500 - ctx.clock.now()),
      );
      await failover(ctx); // primary fails: to the backup (CUCM-RED-006)
      await phoneCall(ctx, b, a, '1001', ['1001']);
      await failover(ctx); // backup fails: back to the primary (CUCM-RED-011)
      await phoneCall(ctx, b, a, '1001', ['1001']);
      await pause(ctx, 300);
    },
    async stop() {
      unsubscribe();
      for (const p of phones.values()) await p.stop().catch(() => {});
      await cucm.stop();
    },
  };
}

export const cucmRccProfile: ClientProfile = {
  name: 'cucm-rcc',
  protocol: 'tr87',
  summary:
    'a CUCM CTI application (TR/87, digest credentials) with a primary and a backup CTI gateway (labs/cucm-two-gateways.yaml)',
  rules: CUCM_RCC_RULES,
  actions: ['make-call', 'answer', 'hold', 'retrieve', 'clear'],
  start: startCucmRcc,
  grade: (transcript, stimuli, settings) => gradeTr87(cucmRccProfile.rules, transcript, stimuli, settings),
};
