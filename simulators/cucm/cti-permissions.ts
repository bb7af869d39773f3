// What a CUCM CTI user may do, by its access control groups and Controlled Devices (Cisco Unified
// CM System Configuration Guide, "Access Control Group Configuration Options" and "Associate
// Devices"; rules CUCM-ACG-001..014 in conformance/rules/cucm-cti-rules.ts). Pure decisions: the
// CTI gateway turns a refusal into the SIP status or CSTA error named here.

/** The eight groups of "Access Control Group Configuration Options", verbatim. */
export type CtiGroup =
  | 'Standard CTI Allow Call Monitoring'
  | 'Standard CTI Allow Call Park Monitoring'
  | 'Standard CTI Allow Call Recording'
  | 'Standard CTI Allow Calling Number Modification'
  | 'Standard CTI Allow Control of All Devices'
  | 'Standard CTI Allow Reception of SRTP Key Material'
  | 'Standard CTI Enabled'
  | 'Standard CTI Secure Connection';

export interface CtiUser {
  readonly id: string;
  readonly groups: readonly CtiGroup[];
  readonly controlledDevices: readonly string[];
}

export type Transport = 'udp' | 'tcp' | 'tls';

/** Refusing a session: the INVITE's final response. */
export interface SessionRefusal {
  readonly status: 403;
  readonly reason: string;
}

/** Refusing a request: ECMA-269 operation error privilegeViolationSpecifiedDevice (CUCM-ACG-004). */
export interface RequestRefusal {
  readonly error: 'privilegeViolationSpecifiedDevice';
  readonly reason: string;
}

/** The roles of the group table that act on a device (CUCM-ACG-006, 008, 010, 011). */
export type DeviceRole = 'control' | 'monitorCalls' | 'record' | 'modifyCallingNumber';

const ROLE_GROUP: Readonly<Record<Exclude<DeviceRole, 'control'>, CtiGroup>> = {
  monitorCalls: 'Standard CTI Allow Call Monitoring',
  record: 'Standard CTI Allow Call Recording',
  modifyCallingNumber: 'Standard CTI Allow Calling Number Modification',
};

function has(user: CtiUser, group: CtiGroup): boolean {
  return user.groups.includes(group);
}

/**
 * May this user open a CTI session? CUCM-ACG-001 (Standard CTI Enabled is required), CUCM-ACG-013
 * (Secure Connection: TLS only), CUCM-ACG-014 (Secure Connection: a cluster with security).
 */
export function sessionRefusal(
  user: CtiUser,
  transport: Transport,
  clusterSecure: boolean,
): SessionRefusal | undefined {
  if (!has(user, 'Standard CTI Enabled'))
    return { status: 403, reason: `${user.id} is not in Standard CTI Enabled` };
  if (has(user, 'Standard CTI Secure Connection')) {
    if (!clusterSecure)
      return {
        status: 403,
        reason: `${user.id} is in Standard CTI Secure Connection and the cluster has no security enabled`,
      };
    if (transport !== 'tls')
      return {
        status: 403,
        reason: `${user.id} is in Standard CTI Secure Connection: TLS only, not ${transport.toUpperCase()}`,
      };
  }
  return undefined;
}

/**
 * May this user use `role` on `device`? Control needs the device among its Controlled Devices or
 * Allow Control of All Devices (CUCM-ACG-004, 005); a role of the group table needs its group, on
 * a controlled device unless Allow Control of All Devices lifts that (CUCM-ACG-006, 007).
 */
export function deviceRefusal(user: CtiUser, role: DeviceRole, device: string): RequestRefusal | undefined {
  if (role !== 'control' && !has(user, ROLE_GROUP[role]))
    return { error: 'privilegeViolationSpecifiedDevice', reason: `${user.id} is not in ${ROLE_GROUP[role]}` };
  if (has(user, 'Standard CTI Allow Control of All Devices') || user.controlledDevices.includes(device))
    return undefined;
  return {
    error: 'privilegeViolationSpecifiedDevice',
    reason: `${device} is not among ${user.id}'s controlled devices`,
  };
}

/** Park notifications for every Call Park DN (CUCM-ACG-009). */
export function receivesParkNotifications(user: CtiUser): boolean {
  return has(user, 'Standard CTI Allow Call Park Monitoring');
}

/** Media key material in events of an SRTP call on `device` (CUCM-ACG-012, 006, 007). */
export function receivesSrtpKeys(user: CtiUser, device: string): boolean {
  return (
    has(user, 'Standard CTI Allow Reception of SRTP Key Material') &&
    (has(user, 'Standard CTI Allow Control of All Devices') || user.controlledDevices.includes(device))
  );
}
