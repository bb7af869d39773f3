/**
 * PIXIT (Protocol Implementation eXtra Information for Testing): how to reach one target and what
 * it is configured with, so the features can run against it through its protocols only.
 */
import * as z from 'zod';
import { IUT_SCHEMA, TRANSPORTS } from './pics-schema.ts';

export const TARGET_KINDS = ['cme', 'cucm', 'acd'] as const;

const port = z.number().int().min(1).max(65535);
const host = z.string().min(1);
const hostPort = z.strictObject({ host, port });

/** `001E.4A34.A35F`, `001e4a34a35f` -> `001E4A34A35F` (the SCCP device name is `SEP` + this). */
const mac = z
  .string()
  .transform((m) => m.replace(/[.:-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{12}$/, 'a MAC address is 12 hex digits'));

export const PIXIT_SCHEMA = z
  .strictObject({
    iut: IUT_SCHEMA,
    /** The PICS file of this IUT, relative to the PIXIT file. */
    pics: z.string().min(1).optional(),
    target: z.enum(TARGET_KINDS),
    addresses: z.strictObject({
      /** The CTI interface: CSTA over SIP (TR/87) of a CME, or the IM&P CTI gateway of a CUCM. */
      sip: z.strictObject({ host, port, transport: z.enum(TRANSPORTS).default('tcp') }).optional(),
      /** The SCCP listener the target's phones register with. */
      sccp: hostPort.optional(),
      /** A CUCM cluster's CallManager nodes by name (`cucm-pub`): each one's SCCP listener. */
      sccpNodes: z.record(z.string().min(1), hostPort).optional(),
      /** A CTI Server (GED-188) pair: side A, and side B when duplexed. */
      ctiServer: z.strictObject({ sideA: hostPort, sideB: hostPort.optional() }).optional(),
    }),
    numbers: z
      .strictObject({
        /** The phones the features name ("phone 1"): MAC and model the target has configured. */
        phones: z
          .record(
            z.string().regex(/^\d+$/, 'a phone is named by its number'),
            z.strictObject({
              mac,
              model: z.string().default('7961'),
              /** The line the CUCM features name this phone by ("the phone on 1001"). */
              dn: z
                .string()
                .regex(/^[0-9*#+]+$/, 'a directory number')
                .optional(),
              /** Its CM group on a CUCM: the `addresses.sccpNodes` it registers with, primary first. */
              nodes: z.array(z.string().min(1)).min(1).optional(),
            }),
          )
          .default({}),
        /** A line the features name (`"201"`) -> the target's directory number. */
        lines: z.record(z.string(), z.string().regex(/^[0-9*#+]+$/, 'a directory number')).default({}),
        /** A CTI client the features name (`"app1"`) -> the user the target knows. */
        users: z.record(z.string(), z.string().min(1)).default({}),
      })
      .default({ phones: {}, lines: {}, users: {} }),
    /** Per target user: its password (digest authentication); masked in every report. */
    credentials: z.record(z.string(), z.strictObject({ password: z.string() })).default({}),
    timers: z
      .strictObject({
        /** Session-Expires the target grants a CTI session (TR/87), seconds. */
        sessionExpiresSeconds: z.number().int().positive().optional(),
        /** SCCP keepalive interval the target gives its phones, seconds. */
        keepaliveSeconds: z.number().int().positive().optional(),
        /** How long a step waits for the target's answer, milliseconds. */
        responseTimeoutMs: z.number().int().positive().default(5000),
      })
      .default({ responseTimeoutMs: 5000 }),
  })
  .superRefine((p, ctx) => {
    const need = (key: 'sip' | 'sccp' | 'ctiServer', why: string) => {
      if (p.addresses[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['addresses', key],
          message: `a ${p.target} target needs addresses.${key} (${why})`,
        });
    };
    if (p.target === 'cme' && p.addresses.sip === undefined && p.addresses.sccp === undefined)
      need('sccp', 'its SCCP listener, or addresses.sip for its CTI interface');
    if (p.target === 'cucm') {
      need('sip', 'its IM&P CTI gateway');
      const nodes = p.addresses.sccpNodes ?? {};
      for (const [name, phone] of Object.entries(p.numbers.phones)) {
        if (phone.dn === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['numbers', 'phones', name],
            message: `a cucm target names its phones by line: phone ${name} needs dn`,
          });
        if (phone.nodes === undefined && p.addresses.sccp === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['numbers', 'phones', name],
            message: `phone ${name} needs nodes (its CM group), or addresses.sccp`,
          });
        for (const [i, node] of (phone.nodes ?? []).entries())
          if (nodes[node] === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['numbers', 'phones', name, 'nodes', i],
              message: `no node ${node} in addresses.sccpNodes (${Object.keys(nodes).join(', ') || 'none'})`,
            });
      }
      // The IM&P gateway challenges every session (SIP digest, RFC 3261 section 22).
      for (const [name, user] of Object.entries(p.numbers.users))
        if (p.credentials[user] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['numbers', 'users', name],
            message: `user ${user} has no credentials (a cucm target's gateway asks for SIP digest)`,
          });
    }
    if (p.target === 'acd') need('ctiServer', 'its CTI Server side A');
  });

export type Pixit = z.infer<typeof PIXIT_SCHEMA>;

/** The PIXIT as reports show it: every password replaced by `***`. */
export function maskedPixit(p: Pixit): Pixit {
  return {
    ...p,
    credentials: Object.fromEntries(Object.keys(p.credentials).map((u) => [u, { password: '***' }])),
  };
}
