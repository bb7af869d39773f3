// The CUCM part of a lab topology (issue 10): cluster servers and CTI gateways are nodes (kind
// `cucm`, kind `cti-gateway`), since faults and `ctilab serve cucm --node` address them one by
// one; what the cluster holds (CM groups, device pools, phones, route points, CTI ports, users and
// their access control groups, service parameters, partitions) is one entry of `clusters`.
// Source: Cisco Unified CM CTI configuration (CUCM CTI guide): "Access Control Group Configuration
// Options", "Configure CTIManager Service Parameters", "CTI Route Points Overview", "Configure
// New Call Accept Timer", "Configure Simultaneous Active Calls", "Application Heartbeat".
import { isIPv4, isIPv6 } from 'node:net';
import * as z from 'zod';

/** A name other parts of the file refer to; a DNS label (also the node's alias on a lab network). */
export const NAME = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a name is lower-case letters, digits and "-", starting with a letter');

export const PORT = z.number().int().min(0).max(65535);

/** Services a Unified CM server runs (Cisco Unified Serviceability: "Cisco CallManager", "Cisco CTIManager"). */
export const CUCM_SERVICE = z.enum(['callmanager', 'ctimanager']);

/** One server of a Unified CM cluster. */
export const CUCM_NODE = z.strictObject({
  kind: z.literal('cucm'),
  name: NAME,
  cluster: NAME,
  role: z.enum(['publisher', 'subscriber']),
  services: z.array(CUCM_SERVICE).min(1),
  ports: z.strictObject({ sccp: PORT.optional() }).optional(),
});

/**
 * The CTI gateway of an IM and Presence node: answers TR/87 (CSTA over SIP) and forwards each
 * request to a CTIManager of its list, in order (Cisco JTAPI Developer Guide and CUCM CTI documents; public Cisco docs).
 */
export const CTI_GATEWAY_NODE = z.strictObject({
  kind: z.literal('cti-gateway'),
  name: NAME,
  cluster: NAME,
  ctiManagers: z.array(NAME).min(1),
  ports: z.strictObject({ sip: PORT.optional(), sipTls: PORT.optional() }).optional(),
});

/** CUCM CTI guide "Access Control Group Configuration Options", verbatim. */
export const CTI_ACCESS_CONTROL_GROUPS = [
  'Standard CTI Allow Call Monitoring',
  'Standard CTI Allow Call Park Monitoring',
  'Standard CTI Allow Call Recording',
  'Standard CTI Allow Calling Number Modification',
  'Standard CTI Allow Control of All Devices',
  'Standard CTI Allow Reception of SRTP Key Material',
  'Standard CTI Enabled',
  'Standard CTI Secure Connection',
] as const;

const DEVICE_NAME = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'a device name is 1-50 letters, digits, "_", "." or "-"');
const DN = z.string().regex(/^[0-9*#+]{1,24}$/, 'a directory number is digits, *, # or +');

/**
 * A line appearance: its directory number, the DN's partition, and the line's calling search
 * space (Cisco Unified CM: a call from the line is routed with the line's CSS partitions first,
 * then the device's).
 */
const LINE = z.strictObject({
  dn: DN,
  partition: z.string().min(1).optional(),
  css: z.string().min(1).optional(),
});

/** The device's calling search space, searched after the line's. */
const DEVICE_CSS = z.string().min(1).optional();

/** Call forward settings of a route point or CTI port (CUCM CTI guide "CTI Route Points Overview"). */
const FORWARD = z
  .strictObject({ busy: DN.optional(), noAnswer: DN.optional(), onFailure: DN.optional() })
  .optional();

/**
 * Static media termination of a route point or CTI port (CUCM CTI guide "CTI Route Points Overview":
 * "CTI applications can terminate media on CTI ports and CTI route points using either static or
 * dynamic IP addresses and port numbers"): the IPv4 or IPv6 literal and UDP port every call of the
 * device streams to, unless the application gives its own for a call (simulators/cucm/
 * media-termination.ts).
 */
const MEDIA = z
  .strictObject({
    address: z
      .string()
      .refine(
        (a) => isIPv4(a) || (isIPv6(a) && !a.includes('%')),
        'a media address is an IPv4 or IPv6 literal (no zone id)',
      ),
    port: z.number().int().min(1).max(65535),
  })
  .optional();

const PHONE = z.strictObject({
  name: z.string().regex(/^SEP[0-9A-F]{12}$/, 'an SCCP phone is SEP and 12 upper-case hex digits'),
  model: z.string().min(1),
  devicePool: z.string().min(1),
  lines: z.array(LINE).min(1),
  css: DEVICE_CSS,
  /**
   * Device Security Mode of the phone's security profile (Cisco Unified CM Security Guide, "Phone
   * Security Profile Settings"); two encrypted phones talk SRTP (CUCM-ACG-012).
   */
  security: z.enum(['non-secure', 'authenticated', 'encrypted']).default('non-secure'),
});

const ROUTE_POINT = z.strictObject({
  name: DEVICE_NAME,
  devicePool: z.string().min(1),
  lines: z.array(LINE).min(1),
  css: DEVICE_CSS,
  /** CUCM CTI guide "Configure Simultaneous Active Calls". */
  maxCalls: z.number().int().min(1).max(10_000).default(5000),
  forward: FORWARD,
  media: MEDIA,
});

const CTI_PORT = z.strictObject({
  name: DEVICE_NAME,
  devicePool: z.string().min(1),
  lines: z.array(LINE).min(1),
  css: DEVICE_CSS,
  forward: FORWARD,
  media: MEDIA,
});

const USER = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'a user id is letters, digits, ".", "_" or "-"'),
  password: z.string().min(1),
  kind: z.enum(['end', 'application']),
  groups: z.array(z.enum(CTI_ACCESS_CONTROL_GROUPS)).default([]),
  controlledDevices: z.array(DEVICE_NAME).default([]),
});

/** CUCM CTI guide "Configure CTIManager Service Parameters" and "Application Heartbeat", with their defaults. */
const SERVICE_PARAMETERS = z
  .strictObject({
    maxDevicesPerProvider: z.number().int().min(1).default(2000),
    maxDevicesPerNode: z.number().int().min(1).default(800),
    newCallAcceptTimerS: z.number().int().min(1).default(4),
    heartbeatMinS: z.number().int().min(1).default(5),
    heartbeatMaxS: z.number().int().min(1).default(3600),
    /** Cisco CallManager service parameter "Call Park Reversion Timer" (Feature Configuration Guide, "Call Park"). */
    callParkReversionTimerS: z.number().int().min(1).default(60),
  })
  .default({
    maxDevicesPerProvider: 2000,
    maxDevicesPerNode: 800,
    newCallAcceptTimerS: 4,
    heartbeatMinS: 5,
    heartbeatMaxS: 3600,
    callParkReversionTimerS: 60,
  });

export const CLUSTER_SCHEMA = z.strictObject({
  name: NAME,
  /** Whether cluster security is enabled (needed for Standard CTI Secure Connection users). */
  secure: z.boolean().default(false),
  /** Ordered Unified CM server lists (node names), primary first. */
  cmGroups: z.record(z.string().min(1), z.array(NAME).min(1)),
  devicePools: z.record(z.string().min(1), z.strictObject({ cmGroup: z.string().min(1) })),
  partitions: z.array(z.string().min(1)).default([]),
  /** Calling search space -> its partitions, in order. */
  callingSearchSpaces: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  phones: z.array(PHONE).default([]),
  routePoints: z.array(ROUTE_POINT).default([]),
  ctiPorts: z.array(CTI_PORT).default([]),
  users: z.array(USER).default([]),
  /** Call Park numbers (Cisco Unified CM Feature Configuration Guide, "Call Park"), taken in order. */
  callPark: z.array(DN).default([]),
  serviceParameters: SERVICE_PARAMETERS,
});

export type Cluster = z.infer<typeof CLUSTER_SCHEMA>;
export type CucmNode = z.infer<typeof CUCM_NODE>;
export type CtiGatewayNode = z.infer<typeof CTI_GATEWAY_NODE>;
