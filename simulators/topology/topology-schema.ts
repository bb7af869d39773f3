// The lab topology file (YAML), issue 9 / DESIGN.md section 4: nodes by kind and phone
// populations pointed at ordered node lists. zod both validates and types it. `nodes` is a
// discriminated union on `kind`: adding a node kind is adding one case to NODE_SCHEMA (cme;
// cucm and cti-gateway, cucm-schema.ts; acd, acd-schema.ts).
import * as z from 'zod';
import { ACD_NODE } from './acd-schema.ts';
import { CLUSTER_SCHEMA, CTI_GATEWAY_NODE, CUCM_NODE, NAME, PORT } from './cucm-schema.ts';

/** A Cisco CME router: its IOS running-config, resolved relative to the topology file. */
export const CME_NODE = z.strictObject({
  kind: z.literal('cme'),
  name: NAME,
  config: z.string().min(1),
  /** Ports on the node's address; 0 or absent = ephemeral (embedded) or the IOS defaults. */
  ports: z
    .strictObject({
      sccp: PORT.optional(),
      sip: PORT.optional(),
      tftp: PORT.optional(),
    })
    .optional(),
});

export const NODE_SCHEMA = z.discriminatedUnion('kind', [CME_NODE, CUCM_NODE, CTI_GATEWAY_NODE, ACD_NODE]);

/** Kinds this build knows (a topology naming another kind is refused with this list). */
export const NODE_KINDS = ['cme', 'cucm', 'cti-gateway', 'acd'] as const;

/**
 * Kinds the runtimes run: cme, cucm and cti-gateway on embedded and process; containers run cme
 * only; an acd node is described and checked but not run yet (runnable-topology.ts refuses it).
 */
export const RUNNABLE_KINDS: readonly string[] = ['cme', 'cucm', 'cti-gateway'];

/** The phones of a CME config's ephones (all, or the listed tags), with their MACs and models. */
const FROM_EPHONES = z.strictObject({
  ephonesOf: NAME,
  tags: z.array(z.number().int().min(1)).min(1).optional(),
});

/** N generated phones: MACs counting up from macBase, one model. */
const GENERATED = z.strictObject({
  count: z.number().int().min(1).max(100_000),
  macBase: z.string().regex(/^[0-9A-Fa-f]{12}$/, 'macBase is 12 hex digits'),
  model: z.string().min(1).default('7961'),
});

/** The SCCP phones of a CUCM cluster (`clusters[].phones`); their device pool's CM group is their list. */
const FROM_CLUSTER = z.strictObject({ devicesOf: NAME });

export const PHONES_SCHEMA = z.strictObject({
  name: NAME,
  /** Where the phones come from. */
  phones: z.union([FROM_EPHONES, GENERATED, FROM_CLUSTER]),
  /**
   * The call-manager list, in order (primary first): node names. Required for CME phones; absent
   * for a cluster's phones, whose device pool's CM group decides (load-topology.ts checks).
   */
  register: z.array(NAME).min(1).optional(),
});

export const TOPOLOGY_SCHEMA = z.strictObject({
  name: NAME,
  description: z.string().optional(),
  nodes: z.array(NODE_SCHEMA).min(1),
  /** What each CUCM cluster of the lab holds (its servers and gateways are nodes). */
  clusters: z.array(CLUSTER_SCHEMA).default([]),
  phones: z.array(PHONES_SCHEMA).default([]),
});

export type Topology = z.infer<typeof TOPOLOGY_SCHEMA>;
export type TopologyNode = z.infer<typeof NODE_SCHEMA>;
export type PhonePopulation = z.infer<typeof PHONES_SCHEMA>;
export type CmeNode = z.infer<typeof CME_NODE>;

/** The phones of a CME population: from a config's ephones or generated, with their node list. */
export type CmePhoneSource = z.infer<typeof FROM_EPHONES> | z.infer<typeof GENERATED>;

export interface CmePhonePopulation {
  readonly name: string;
  readonly phones: CmePhoneSource;
  readonly register: readonly string[];
}

/** The CME part of a topology (cme nodes and their phones): runnable-topology.ts. */
export interface CmeTopology {
  readonly name: string;
  readonly nodes: readonly CmeNode[];
  readonly phones: readonly CmePhonePopulation[];
}
