import type { PhoneCall, PhoneState } from '../simulators/phone/phone-state.ts';
import { allCalls } from '../simulators/phone/phone-state.ts';

/** Predicates over a phone's observable state, in the words the features use. */
export const calls = (s: Readonly<PhoneState>): PhoneCall[] => allCalls(s as PhoneState);

export const hasCallIn = (s: Readonly<PhoneState>, state: string): boolean =>
  calls(s).some((c) => c.state === state);

export const ringing = (s: Readonly<PhoneState>): boolean => hasCallIn(s, 'RingIn') && s.ringer !== 'RingOff';

export const hears = (s: Readonly<PhoneState>, tone: string): boolean => s.tone?.tone === tone;

export const idle = (s: Readonly<PhoneState>): boolean =>
  calls(s).every((c) => c.state === 'OnHook' || c.state === 'Idle') && s.speaker === 'off';

/** Receive ports of a phone's open media channels. */
export const receivePorts = (s: Readonly<PhoneState>): number[] =>
  Object.values(s.media.receive).map((r) => r.localPort);

/** True when `a` transmits RTP to a port `b` receives on. */
export const sendsTo = (a: Readonly<PhoneState>, b: Readonly<PhoneState>): boolean => {
  const ports = new Set(receivePorts(b));
  return Object.values(a.media.transmit).some((t) => ports.has(t.remotePort));
};

export const toneNames: Record<string, string> = {
  'dial tone': 'InsideDialTone',
  ringback: 'AlertingTone',
  'busy tone': 'LineBusyTone',
  'reorder tone': 'ReorderTone',
  'call waiting tone': 'CallWaitingTone',
};
