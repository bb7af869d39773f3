/**
 * PICS (Protocol Implementation Conformance Statement, as ETSI conformance suites have it): what
 * the implementation under test claims to support. A test purpose applies only when the PICS
 * claims what it needs (applicability.ts): the profiles of its rules and its `@pics-<item>` tags.
 */
import * as z from 'zod';

/** The profiles of the rule catalogue (conformance/rules/*-rules.ts). */
export const PROFILES = ['sccp-cme', 'cme-cti', 'cucm-cti', 'acd-cti'] as const;
export const CSTA_EDITIONS = ['ed3', 'ed4', 'ed5', 'ed6'] as const;
export const TRANSPORTS = ['tcp', 'tls', 'udp'] as const;
/** Optional capabilities a scenario may need (`@pics-<feature>`). */
export const PICS_FEATURES = [
  /** `cti csta mode enhanced`: the CME's events and services beyond basic mode. */
  'enhanced-mode',
  'session-manager',
  'digest-auth',
  'srtp',
  'moc-client',
  'route-points',
  'media-termination',
  'redundancy',
  'peripheral-failover',
  /** CME 8.8 and later: dial-via-office from the CSTA application (CME-CTI-ARCH-003). */
  'dial-via-office',
] as const;

export const IUT_SCHEMA = z.strictObject({
  vendor: z.string().min(1),
  product: z.string().min(1),
  version: z.string().min(1),
});

export type IutId = z.infer<typeof IUT_SCHEMA>;

export const PICS_SCHEMA = z.strictObject({
  iut: IUT_SCHEMA,
  profiles: z.array(z.enum(PROFILES)).min(1),
  csta: z.strictObject({ editions: z.array(z.enum(CSTA_EDITIONS)).min(1) }).optional(),
  transports: z.array(z.enum(TRANSPORTS)).min(1),
  features: z.array(z.enum(PICS_FEATURES)).default([]),
});

export type Pics = z.infer<typeof PICS_SCHEMA>;

/**
 * The PICS items a `@pics-<item>` tag or a rule's profile can name: each profile, each
 * transport, `csta-<edition>` and each feature.
 */
export function picsItems(pics: Pics): Set<string> {
  return new Set<string>([
    ...pics.profiles,
    ...pics.transports,
    ...(pics.csta?.editions ?? []).map((e) => `csta-${e}`),
    ...pics.features,
  ]);
}

/** Every item a PICS could claim: a `@pics-<item>` tag naming anything else is a mistake. */
export const KNOWN_PICS_ITEMS: ReadonlySet<string> = new Set<string>([
  ...PROFILES,
  ...TRANSPORTS,
  ...CSTA_EDITIONS.map((e) => `csta-${e}`),
  ...PICS_FEATURES,
]);
