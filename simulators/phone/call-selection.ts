import { allCalls, type PhoneCall, type PhoneState } from './phone-state.ts';

/** States in which the user is talking or dialling on the call (the one keys act on). */
const FOREGROUND = [
  'OffHook',
  'Proceed',
  'RingOut',
  'Connected',
  'Busy',
  'Congestion',
  'InvalidNumber',
  'CallTransfer',
];

/** The first ringing call (DCallState RingIn), optionally on one line. */
export function ringingCall(state: PhoneState, line?: number): PhoneCall | undefined {
  return allCalls(state).find((c) => c.state === 'RingIn' && (line === undefined || c.lineInstance === line));
}

/** The first held call, optionally on one line. */
export function heldCall(state: PhoneState, line?: number): PhoneCall | undefined {
  return allCalls(state).find((c) => c.state === 'Hold' && (line === undefined || c.lineInstance === line));
}

/**
 * The call in the foreground: on `line` when given, else preferring the active call plane
 * (ActivateCallPlane), else any line.
 */
export function foregroundCall(state: PhoneState, line?: number): PhoneCall | undefined {
  const candidates = allCalls(state).filter((c) => c.state !== null && FOREGROUND.includes(c.state));
  if (line !== undefined) return candidates.find((c) => c.lineInstance === line);
  return candidates.find((c) => c.lineInstance === state.activeLine) ?? candidates[0];
}
