// What the simulated CUCM cluster is built from: the cluster entry and the server / CTI gateway
// nodes of a lab topology (simulators/topology/cucm-schema.ts parses and checks them; nodes read no
// topology, so the runtime hands these plain values over). Field meanings and defaults: Cisco
// Unified CM System Configuration Guide, "Configure CTI Applications" (CUCM CTI guide).
import type { CtiGroup } from './cti-permissions.ts';

export interface CucmLineSpec {
  readonly dn: string;
  readonly partition?: string | undefined;
  /** The line's calling search space (searched before the device's). */
  readonly css?: string | undefined;
}

/** Call forward of a route point or CTI port ("CTI Route Points Overview"). */
export interface CucmForwardSpec {
  readonly busy?: string | undefined;
  readonly noAnswer?: string | undefined;
  readonly onFailure?: string | undefined;
}

/**
 * Device Security Mode of a phone's security profile (Cisco Unified CM Security Guide, "Phone
 * Security Profile Settings": Non Secure, Authenticated, Encrypted). Only an encrypted phone uses
 * SRTP media; a call between two of them is an SRTP call (srtp-keys.ts).
 */
export type DeviceSecurityMode = 'non-secure' | 'authenticated' | 'encrypted';

/**
 * Static media termination of a CTI device ("CTI Route Points Overview"): the address (IPv4 or
 * IPv6 literal) and UDP port calls stream to.
 */
export interface CucmMediaSpec {
  readonly address: string;
  readonly port: number;
}

export interface CucmPhoneSpec {
  readonly name: string;
  readonly model: string;
  readonly devicePool: string;
  readonly lines: readonly CucmLineSpec[];
  /** The device's calling search space. */
  readonly css?: string | undefined;
  /** Its security profile's Device Security Mode; default non-secure. */
  readonly security?: DeviceSecurityMode | undefined;
}

export interface CucmRoutePointSpec {
  readonly name: string;
  readonly devicePool: string;
  readonly lines: readonly CucmLineSpec[];
  /** The device's calling search space. */
  readonly css?: string | undefined;
  /** "Configure Simultaneous Active Calls" (default 5000). */
  readonly maxCalls: number;
  readonly forward?: CucmForwardSpec | undefined;
  readonly media?: CucmMediaSpec | undefined;
}

export interface CucmCtiPortSpec {
  readonly name: string;
  readonly devicePool: string;
  readonly lines: readonly CucmLineSpec[];
  /** The device's calling search space. */
  readonly css?: string | undefined;
  readonly forward?: CucmForwardSpec | undefined;
  readonly media?: CucmMediaSpec | undefined;
}

export interface CucmUserSpec {
  readonly id: string;
  readonly password: string;
  readonly kind: 'end' | 'application';
  readonly groups: readonly CtiGroup[];
  readonly controlledDevices: readonly string[];
}

/** "Configure CTIManager Service Parameters" and "Application Heartbeat": clusterwide. */
export interface CucmServiceParameters {
  readonly maxDevicesPerProvider: number;
  readonly maxDevicesPerNode: number;
  readonly newCallAcceptTimerS: number;
  readonly heartbeatMinS: number;
  readonly heartbeatMaxS: number;
  /** "Call Park Reversion Timer" (Cisco CallManager service); default 60. */
  readonly callParkReversionTimerS?: number | undefined;
}

export interface CucmClusterSpec {
  readonly name: string;
  readonly secure: boolean;
  readonly cmGroups: Readonly<Record<string, readonly string[]>>;
  readonly devicePools: Readonly<Record<string, { readonly cmGroup: string }>>;
  readonly partitions: readonly string[];
  readonly callingSearchSpaces: Readonly<Record<string, readonly string[]>>;
  readonly phones: readonly CucmPhoneSpec[];
  readonly routePoints: readonly CucmRoutePointSpec[];
  readonly ctiPorts: readonly CucmCtiPortSpec[];
  readonly users: readonly CucmUserSpec[];
  /** Call Park numbers (Feature Configuration Guide, "Call Park"), taken in this order. */
  readonly callPark?: readonly string[] | undefined;
  readonly serviceParameters: CucmServiceParameters;
}

/** A Unified CM server: which services it runs ("Activate the CTIManager Service"). */
export interface CucmServerSpec {
  readonly name: string;
  readonly role: 'publisher' | 'subscriber';
  readonly services: readonly ('callmanager' | 'ctimanager')[];
  readonly ports?: { readonly sccp?: number | undefined } | undefined;
}

/** The CTI gateway of an IM and Presence node: TR/87 to the CTIManagers of its list, in order. */
export interface CtiGatewaySpec {
  readonly name: string;
  readonly ctiManagers: readonly string[];
  readonly ports?: { readonly sip?: number | undefined; readonly sipTls?: number | undefined } | undefined;
}

export const DEFAULT_SERVICE_PARAMETERS: CucmServiceParameters = {
  maxDevicesPerProvider: 2000,
  maxDevicesPerNode: 800,
  newCallAcceptTimerS: 4,
  heartbeatMinS: 5,
  heartbeatMaxS: 3600,
};
