// The lab topology file (YAML), issue 9 / DESIGN.md section 4: nodes by kind and phone
// populations pointed at ordered node lists. zod both validates and types it. `nodes` is a
// discriminated union on `kind`: adding a node kind (cucm, acd: issues 10 and 11) is adding
// one case to NODE_SCHEMA.
import { z } from 'zod';

/** A name other parts of the file (and `ctilab lab fault <node>`) refer to; a DNS label. */
const NAME = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a name is lower-case letters, digits and "-", starting with a letter');

const PORT = z.number().int().min(0).max(65535);

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

export const NODE_SCHEMA = z.discriminatedUnion('kind', [CME_NODE]);

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

export const PHONES_SCHEMA = z.strictObject({
  name: NAME,
  /** Where the phones come from. */
  phones: z.union([FROM_EPHONES, GENERATED]),
  /** The call-manager list, in order (primary first): node names. */
  register: z.array(NAME).min(1),
});

export const TOPOLOGY_SCHEMA = z.strictObject({
  name: NAME,
  description: z.string().optional(),
  nodes: z.array(NODE_SCHEMA).min(1),
  phones: z.array(PHONES_SCHEMA).default([]),
});

export type Topology = z.infer<typeof TOPOLOGY_SCHEMA>;
export type TopologyNode = z.infer<typeof NODE_SCHEMA>;
export type PhonePopulation = z.infer<typeof PHONES_SCHEMA>;
