import type { SccpMessage } from '../sccp/messages.ts';
import type { PhoneServer, PhoneState } from './phone-state.ts';

export interface PhoneMessageEvent {
  /** Injected-clock time the frame was received (or sent). */
  time: number;
  serverIndex: number;
  headerVersion: number;
  message: SccpMessage;
}

export interface PhoneEvents {
  /** Every decoded message received from any server connection (token probes included). */
  message: PhoneMessageEvent;
  /** Every message the phone sent. */
  sent: PhoneMessageEvent;
  /** The observable state after a change (the live object; copy it to keep it). */
  state: Readonly<PhoneState>;
  registered: PhoneServer;
  unregistered: { serverIndex: number | null; reason: string };
  /** Registered with another server: after losing one (§5 failover) or on token fallback. */
  failover: { from: number; to: number; reason: string };
  /**
   * No server of the list registered the phone; the next walk of the list starts after `delayMs`
   * of the injected clock (`round` counts the failed walks since the last registration).
   */
  retrying: { round: number; delayMs: number; reason: string };
  /** The server sent a frame the codec rejected. */
  'bad-input': { serverIndex: number; code: string; message: string; fatal: boolean };
}

export type PhoneEventName = keyof PhoneEvents;
type Listener<K extends PhoneEventName> = (event: PhoneEvents[K]) => void;

/** Typed listener registry; a listener that throws never disturbs the phone. */
export class PhoneEventHub {
  private readonly listeners = new Map<PhoneEventName, Set<(event: never) => void>>();

  on<K extends PhoneEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as (event: never) => void);
    return () => {
      set.delete(listener as (event: never) => void);
    };
  }

  /** Whether anyone listens to `name` (an event nobody takes need not be built). */
  has(name: PhoneEventName): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  emit<K extends PhoneEventName>(name: K, event: PhoneEvents[K]): void {
    const set = this.listeners.get(name);
    if (set === undefined || set.size === 0) return;
    // A listener may remove itself or add another: only the ones of this moment are called (one
    // listener, the usual case, without copying the set).
    if (set.size === 1) {
      for (const l of set) {
        call(l as Listener<K>, event);
        break;
      }
      return;
    }
    for (const l of [...set]) call(l as Listener<K>, event);
  }
}

function call<T>(listener: (event: T) => void, event: T): void {
  try {
    listener(event);
  } catch {
    // A test's listener failing must not break the phone's protocol handling.
  }
}
