import { labelRef, SoftKeyEvent, SoftKeySet } from '../sccp/enums.ts';

/**
 * The soft-key template and soft-key sets the simulated CME hands a phone at registration.
 * Key numbers are the codec's SoftKeyEvent and SoftKeySet tables (simulators/sccp/enums.ts).
 *
 * the real CallManager 4.1 sequences of pyskinny's fixtures (CUCM 4.1 -> 7912 frames 40 and 43): the template lists the keys
 * with labels sent as `0x80 <label#>`, and each set names template positions with
 * infoIndex = 300 + soft-key event. CME adds the DND key (SoftKeyEvent 63) to the idle and
 * ring-in sets (CME CSTA guide "Logical Phone Features": Get/Set Do Not Disturb).
 */
export type SoftKeyName = keyof typeof SoftKeyEvent;

/** Template order as in the CUCM 4.1 capture (frame 40), DND appended. */
export const softKeyTemplateOrder: readonly SoftKeyName[] = [
  'Redial',
  'NewCall',
  'Hold',
  'Transfer',
  'CfwdAll',
  'BackSpace',
  'EndCall',
  'Resume',
  'Answer',
  'Confrn',
  'Park',
  'Join',
  'MeetMe',
  'PickUp',
  'GrpPickup',
  'Barge',
  'DirTrfr',
  'Select',
  'ConfList',
  'VideoMode',
  'DND',
];

type SoftKeySetKey = keyof typeof SoftKeySet;

/** Keys of each set. Sets 0, 3 and 4 follow the CUCM 4.1 capture (frame 43); the rest follow chan-sccp. */
export const softKeySets: Record<SoftKeySetKey, readonly SoftKeyName[]> = {
  OnHook: ['Redial', 'NewCall', 'CfwdAll', 'DND'],
  Connected: ['Hold', 'EndCall', 'Transfer', 'Confrn'],
  OnHold: ['Resume', 'NewCall', 'EndCall'],
  RingIn: ['Answer', 'DND'],
  OffHook: ['Redial', 'EndCall', 'CfwdAll', 'PickUp', 'GrpPickup', 'MeetMe'],
  ConnTransferable: ['Hold', 'EndCall', 'Transfer', 'Confrn'],
  DigitsFollowing: ['BackSpace', 'EndCall'],
  ConnConference: ['Hold', 'EndCall', 'Confrn'],
  RingOut: ['EndCall'],
  OffHookWithFeatures: ['Redial', 'EndCall'],
  InUseHint: ['NewCall', 'PickUp', 'Barge'],
  OnHookStealable: ['Redial', 'NewCall', 'Barge'],
};

/** Soft-key template entries: label as a label reference, event = soft-key event. */
export function softKeyTemplate(): Array<{ softKeyLabel: string; softKeyEvent: number }> {
  return softKeyTemplateOrder.map((name) => ({
    softKeyLabel: labelRef(SoftKeyEvent[name]),
    softKeyEvent: SoftKeyEvent[name],
  }));
}

/** Soft-key set definitions in set-index order: template positions (1-based) and infoIndex = 300 + event. */
export function softKeySetDefinitions(): Array<{
  softKeyTemplateIndex: number[];
  softKeyInfoIndex: number[];
}> {
  const order = Object.entries(SoftKeySet).sort((a, b) => a[1] - b[1]);
  return order.map(([name]) => {
    const keys = softKeySets[name as SoftKeySetKey];
    return {
      softKeyTemplateIndex: keys.map((k) => softKeyTemplateOrder.indexOf(k) + 1),
      softKeyInfoIndex: keys.map((k) => 300 + SoftKeyEvent[k]),
    };
  });
}
