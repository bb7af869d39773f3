// SRTP key material of encrypted calls (rule CUCM-ACG-012; Cisco Unified CM System Configuration
// Guide, "Access Control Group Configuration Options": Standard CTI Allow Reception of SRTP Key
// Material lets an application receive the media keys of encrypted calls).
//
// A call is an SRTP call when its two parties are encrypted phones (Device Security Mode
// Encrypted, cluster-spec.ts). When such a call connects, the cluster makes its key material:
// the SRTP default suite AES_CM_128_HMAC_SHA1_80 (RFC 3711 §8.2: AES in counter mode, 128-bit
// master key, 112-bit master salt, HMAC-SHA1 tag of 80 bits; RFC 4568 §6.2.1 names it), a random
// 16-byte master key and 14-byte master salt. The CTI gateway puts it in the EstablishedEvent
// of that call as lab private data, written as RFC 4568 §6.1 writes key material in a crypto
// attribute ("inline:" base64 of master key || master salt):
//
//   <srtp xmlns="urn:ctilab:cucm" suite="AES_CM_128_HMAC_SHA1_80" key="<base64 of 30 bytes>"/>
//
// and only for a session whose user passes `receivesSrtpKeys(user, device)` (the group, and the
// monitored device among its Controlled Devices unless Allow Control of All Devices); every other
// session gets the same event without it. The phones' own SCCP media messages are unchanged.
import { randomBytes } from 'node:crypto';
import type { CallEvent } from '../calls/call-events.ts';
import type { XmlElement } from '../csta/xml-node.ts';
import { type CtiUser, receivesSrtpKeys } from './cti-permissions.ts';
import { labElement } from './lab-private-data.ts';

/** RFC 4568 §6.2.1 / RFC 3711 §8.2: the default SRTP crypto suite. */
export const SRTP_SUITE = 'AES_CM_128_HMAC_SHA1_80';
/** RFC 4568 §6.2.1: AES_CM_128_HMAC_SHA1_80 has a 128-bit master key and a 112-bit master salt. */
export const MASTER_KEY_BYTES = 16;
export const MASTER_SALT_BYTES = 14;

/** The private data element's local name. */
export const SRTP_ELEMENT = 'srtp';

export interface SrtpKeyMaterial {
  readonly suite: typeof SRTP_SUITE;
  readonly masterKey: Buffer;
  readonly masterSalt: Buffer;
  /** RFC 4568 §6.1 key-info: base64 of master key || master salt (40 characters). */
  readonly keySalt: string;
}

export type RandomBytes = (n: number) => Buffer;

/** New key material for one call (crypto.randomBytes unless a test gives another source). */
export function makeSrtpKeyMaterial(random: RandomBytes = randomBytes): SrtpKeyMaterial {
  const masterKey = random(MASTER_KEY_BYTES);
  const masterSalt = random(MASTER_SALT_BYTES);
  if (masterKey.length !== MASTER_KEY_BYTES || masterSalt.length !== MASTER_SALT_BYTES)
    throw new Error('the random source gave the wrong number of bytes');
  return {
    suite: SRTP_SUITE,
    masterKey,
    masterSalt,
    keySalt: Buffer.concat([masterKey, masterSalt]).toString('base64'),
  };
}

/** RFC 4568 §9.1: the SDP crypto attribute carrying this material, e.g. `a=crypto:1 AES_CM_... inline:...`. */
export function cryptoAttribute(tag: number, material: SrtpKeyMaterial): string {
  return `a=crypto:${tag} ${material.suite} inline:${material.keySalt}`;
}

/** The lab private data element carrying the material. */
export function srtpElement(material: SrtpKeyMaterial): XmlElement {
  return labElement(SRTP_ELEMENT, { suite: material.suite, key: material.keySalt });
}

/**
 * The cluster's key material per SRTP call. `onEvent` sees every call-model event: an
 * EstablishedEvent that leaves the call with exactly two connected parties, both encrypted,
 * makes the call's key material (once per pair of parties: a transfer to another encrypted
 * phone re-keys, one to a non-secure party drops it); the end of the call drops it.
 */
export class SrtpCallKeys {
  /** callID -> the two parties keyed and their material. */
  private readonly keys = new Map<string, { readonly pair: string; readonly material: SrtpKeyMaterial }>();

  constructor(
    /** Is every device carrying this directory number an encrypted phone? */
    private readonly encrypted: (dn: string) => boolean,
    private readonly random: RandomBytes = randomBytes,
  ) {}

  onEvent(event: CallEvent): void {
    if (event.type === 'CallClearedEvent') this.keys.delete(event.clearedCall.callID);
    else if (event.type === 'EstablishedEvent') this.keyFor(event);
  }

  /**
   * The key material an event carries: an EstablishedEvent of an SRTP call (made here if the
   * cluster's own listener has not yet seen the event); undefined for every other event and call.
   */
  keyFor(event: CallEvent): SrtpKeyMaterial | undefined {
    if (event.type !== 'EstablishedEvent') return undefined;
    const callID = event.establishedConnection.callID;
    const parties = Object.entries(event.localConnectionInfo).filter(([, state]) => state !== 'null');
    const secure =
      parties.length === 2 && parties.every(([dn, state]) => state === 'connected' && this.encrypted(dn));
    if (!secure) {
      this.keys.delete(callID);
      return undefined;
    }
    const pair = parties
      .map(([dn]) => dn)
      .sort()
      .join(' ');
    const known = this.keys.get(callID);
    if (known?.pair === pair) return known.material;
    const material = makeSrtpKeyMaterial(this.random);
    this.keys.set(callID, { pair, material });
    return material;
  }

  /** The material of a call now, if it is an SRTP call. */
  of(callID: string): SrtpKeyMaterial | undefined {
    return this.keys.get(callID)?.material;
  }

  /** How many calls hold key material (each dropped when its call ends). */
  get size(): number {
    return this.keys.size;
  }
}

/**
 * CUCM-ACG-012: the `srtp` element for a session monitoring `devices` (the devices of the
 * monitored line), when the event carries key material and the session's user may receive it on
 * one of those devices; undefined otherwise.
 */
export function srtpElementFor(
  user: CtiUser,
  devices: readonly { readonly name: string }[],
  material: SrtpKeyMaterial | undefined,
): XmlElement | undefined {
  if (material === undefined) return undefined;
  return devices.some((d) => receivesSrtpKeys(user, d.name)) ? srtpElement(material) : undefined;
}
