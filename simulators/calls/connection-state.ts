/**
 * ECMA-269 connection identity and local connection states
 * (the ECMA-323 schema (ed3/ed6 element order): `ConnectionID` = callID + deviceID; enum `LocalConnectionState`
 * initiated, alerting, connected, hold, queued, fail, plus the implicit `null` of ECMA-269 §6.1.5
 * for a connection that no longer exists).
 *
 * The list of states is defined once, in the CSTA codec's enumerations (csta/csta-enums.ts, a
 * leaf module with no imports): the call model uses the ECMA-269 states the codec encodes, so a
 * state the model can reach is one CSTA can carry. .dependency-cruiser.cjs lets calls/ import
 * that one module and nothing else of csta/.
 */
import { LOCAL_CONNECTION_STATES, type LocalConnectionState } from '../csta/csta-enums.ts';

export { LOCAL_CONNECTION_STATES, type LocalConnectionState };

/** A connection: one device's relationship to one call (ECMA-269 §6.1.4). */
export interface ConnectionID {
  readonly callID: string;
  readonly deviceID: string;
}

/**
 * States in which a device is "using" its line actively (going off-hook, talking, hearing
 * busy/reorder). The model keeps at most one such connection per device: answering or retrieving
 * another call first holds the connected one, as a Cisco phone does.
 */
export function isActiveState(state: LocalConnectionState): boolean {
  return state === 'initiated' || state === 'connected' || state === 'fail';
}

/**
 * The transitions the model performs (ECMA-269 §6.1.5 connection state model, restricted to
 * what this model's operations can do). Used by the model as an internal assertion and by tests.
 */
const TRANSITIONS: Readonly<Record<LocalConnectionState, readonly LocalConnectionState[]>> = {
  // null -> connected/hold: a connection moved into the resulting call by transfer or conference.
  null: ['initiated', 'alerting', 'connected', 'hold'],
  initiated: ['connected', 'fail', 'null'],
  alerting: ['connected', 'null'],
  connected: ['hold', 'fail', 'null'],
  hold: ['connected', 'null'],
  queued: ['alerting', 'null'],
  fail: ['null'],
};

export function canTransition(from: LocalConnectionState, to: LocalConnectionState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function sameConnection(a: ConnectionID, b: ConnectionID): boolean {
  return a.callID === b.callID && a.deviceID === b.deviceID;
}
