import { SoftKeyEvent, SoftKeySet } from '../sccp/enums.ts';

/**
 * The soft-key template and soft-key sets the simulated CME hands a phone at registration.
 *
 * reference/sccp-protocol.md §6 (CUCM 4.1 -> 7912 frames 40 and 43): the template lists the keys
 * with labels sent as `0x80 <label#>`, and each set names template positions with
 * infoIndex = 300 + soft-key event. CME adds the DND key (SoftKeyEvent 63) to the idle and
 * ring-in sets (seeds/004 "Logical Phone Features": Get/Set Do Not Disturb).
 */
export const SoftKey = {
  Redial: SoftKeyEvent.Redial,
  NewCall: SoftKeyEvent.NewCall,
  Hold: SoftKeyEvent.Hold,
  Transfer: SoftKeyEvent.Transfer,
  CfwdAll: SoftKeyEvent.CfwdAll,
  BackSpace: SoftKeyEvent.BackSpace,
  EndCall: SoftKeyEvent.EndCall,
  Resume: SoftKeyEvent.Resume,
  Answer: SoftKeyEvent.Answer,
  Confrn: SoftKeyEvent.Confrn,
  Park: SoftKeyEvent.Park,
  Join: SoftKeyEvent.Join,
  MeetMe: SoftKeyEvent.MeetMe,
  PickUp: SoftKeyEvent.PickUp,
  GrpPickup: SoftKeyEvent.GrpPickup,
  DND: SoftKeyEvent.DND,
  Barge: SoftKeyEvent.Barge,
  DirTrfr: SoftKeyEvent.DirTrfr,
  Select: SoftKeyEvent.Select,
  ConfList: SoftKeyEvent.ConfList,
  VideoMode: SoftKeyEvent.VideoMode,
} as const;

export type SoftKeyName = keyof typeof SoftKey;

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

/** SoftKeySet indices (reference/sccp-protocol.md §7), from the codec's enum table. */
export const SoftKeySetIndex = SoftKeySet;

export type SoftKeySetName = keyof typeof SoftKeySetIndex;

/** Keys of each set. Sets 0, 3 and 4 follow the CUCM 4.1 capture (frame 43); the rest follow chan-sccp. */
export const softKeySets: Record<SoftKeySetName, readonly SoftKeyName[]> = {
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

/** `0x80 <label#>`: a localized label reference (reference/sccp-protocol.md §8). */
export function labelRef(label: number): string {
  return '\x80' + String.fromCharCode(label);
}

/** Soft-key template entries: label as a label reference, event = soft-key event. */
export function softKeyTemplate(): Array<{ softKeyLabel: string; softKeyEvent: number }> {
  return softKeyTemplateOrder.map((name) => ({
    softKeyLabel: labelRef(SoftKey[name]),
    softKeyEvent: SoftKey[name],
  }));
}

/** Soft-key set definitions in set-index order: template positions (1-based) and infoIndex = 300 + event. */
export function softKeySetDefinitions(): Array<{
  softKeyTemplateIndex: number[];
  softKeyInfoIndex: number[];
}> {
  const order = Object.entries(SoftKeySetIndex).sort((a, b) => a[1] - b[1]);
  return order.map(([name]) => {
    const keys = softKeySets[name as SoftKeySetName];
    return {
      softKeyTemplateIndex: keys.map((k) => softKeyTemplateOrder.indexOf(k) + 1),
      softKeyInfoIndex: keys.map((k) => 300 + SoftKey[k]),
    };
  });
}

/** Display label numbers used in prompts (chan-sccp sccp_labels.h, reference §8 and SoftKeyEvent enum). */
export const Label = {
  YourCurrentOptions: 19,
  From: 23,
  Connected: 24,
  Busy: 25,
  LineInUse: 26,
  CallWaiting: 27,
  CallTransfer: 28,
  InUseRemote: 31,
  EnterNumber: 32,
  ForwardedTo: 37,
  Conference: 52,
  UnknownNumber: 56,
  TempFail: 35,
  DND: 63,
  KeyIsNotActive: 45,
  CanNotCompleteTransfer: 82,
} as const;
