/**
 * CSTA device identifiers as real clients write them (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c) "Device identifiers
 * seen in the wild"): `tel:73124;phone-context=dialstring` (OCS), `tel:+15551234567`,
 * `sip:201@host`, bare `201`. The codec keeps DeviceIDs as strings; this file turns them into the
 * number the dial plan needs, and writes numbers back the way the CME is configured to.
 */

export type DeviceIdForm = 'tel' | 'sip' | 'bare';

export interface ParsedDeviceId {
  readonly form: DeviceIdForm;
  /** The dialable number: digits, `*`, `#`, with a leading `+` for a global (E.164) number. */
  readonly number: string;
  /** RFC 3966 `phone-context` of a local tel: number (OCS sends `dialstring`). */
  readonly phoneContext?: string;
  /** The host of a sip:/sips: URI. */
  readonly host?: string;
}

// RFC 3966 §5.1.1 visual separators, dropped from the number.
const VISUAL_SEPARATORS = /[-.()\s]/g;
const DIALABLE = /^\+?[0-9*#]+$/;

/** Parses a device identifier; undefined when it carries no dialable number (e.g. `sip:alice@host`). */
export function parseDeviceId(deviceId: string): ParsedDeviceId | undefined {
  const trimmed = deviceId.trim();
  const scheme = /^[a-zA-Z]+(?=:)/.exec(trimmed)?.[0].toLowerCase();
  if (scheme === 'tel') {
    const [numberPart, ...params] = trimmed.slice(4).split(';') as [string, ...string[]];
    const number = numberPart.replace(VISUAL_SEPARATORS, '');
    if (!DIALABLE.test(number)) return undefined;
    const phoneContext = paramValue(params, 'phone-context');
    return phoneContext === undefined ? { form: 'tel', number } : { form: 'tel', number, phoneContext };
  }
  if (scheme === 'sip' || scheme === 'sips') {
    const rest = trimmed.slice(scheme.length + 1);
    const at = rest.indexOf('@');
    if (at === -1) return undefined; // no user part (`sip:host`), so no number
    // RFC 3261 §19.1.6: a telephone-subscriber user part may carry its own ;params.
    const number = rest.slice(0, at).split(';')[0]!.replace(VISUAL_SEPARATORS, '');
    const host = rest.slice(at + 1).split(/[;:?>]/)[0]!;
    if (!DIALABLE.test(number) || host === '') return undefined;
    return { form: 'sip', number, host };
  }
  // Any other scheme (`mailto:`) leaves letters and a colon, which are not dialable.
  const number = trimmed.replace(VISUAL_SEPARATORS, '');
  return DIALABLE.test(number) ? { form: 'bare', number } : undefined;
}

/** The dialable number of a device identifier, or undefined. */
export function dialableNumber(deviceId: string): string | undefined {
  return parseDeviceId(deviceId)?.number;
}

function paramValue(params: readonly string[], name: string): string | undefined {
  for (const param of params) {
    const [key, value] = param.split('=') as [string, string?];
    if (key.trim().toLowerCase() === name) return value?.trim();
  }
  return undefined;
}

export interface DeviceIdFormatOptions {
  /** IOS `cti message device-id suppress-conversion` is configured (CME CSTA guide Step 11). */
  readonly suppressConversion: boolean;
  /**
   * E.164 promotion of an extension (e.g. from `dialplan-pattern`), returning the full number
   * without `+`, or undefined when no pattern matches.
   */
  readonly promoteToE164?: (extension: string) => string | undefined;
}

/**
 * Writes a number the CME reports in CTI messages.
 *
 * CME CSTA guide Step 11: `cti message device-id suppress-conversion` "Suppresses conversion or
 * promotion of extension numbers of associated endpoints in CTI messages" and is "not required for
 * a MOC client" — so by default the CME converts, and the default must suit OCS. Chosen behaviour:
 * - suppressed: the number as it is (`201`);
 * - not suppressed: a tel: URI. With an E.164 promotion for the number, the global form
 *   (`tel:+14085550201`); otherwise the local form OCS itself uses,
 *   `tel:201;phone-context=dialstring` (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c) step 1).
 * Uncertain: the seed does not show Cisco's exact output; whether Cisco uses `dialplan-pattern` for
 * the promotion, and whether it adds `phone-context=dialstring` to unpromoted extensions, are
 * assumptions to check against a real CME trace.
 */
export function formatDeviceId(number: string, options: DeviceIdFormatOptions): string {
  if (options.suppressConversion) return number;
  if (number.startsWith('+')) return `tel:${number}`;
  const promoted = options.promoteToE164?.(number);
  if (promoted !== undefined) return `tel:+${promoted.replace(/^\+/, '')}`;
  return `tel:${number};phone-context=dialstring`;
}
