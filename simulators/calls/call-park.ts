import type { Clock, TimerHandle } from '../lab/clock.ts';
import { systemClock } from '../lab/clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { CallEvent } from './call-events.ts';
import type { CallModel } from './call-model.ts';
import type { CallRefusal } from './call-model-error.ts';
import type { ConnectionID } from './connection-state.ts';

/**
 * Call Park as Cisco Unified CM offers it (Cisco Unified CM Feature Configuration Guide, "Call
 * Park"): a user presses Park during a call, the other party is parked on the first free Call Park
 * number and hears hold, the phone shows that number; anyone who dials it retrieves the call; a
 * call nobody retrieves within the Call Park Reversion Timer (service parameter, default 60 s)
 * rings the parker again. The park numbers are devices of the call model that no phone owns (out
 * of service: dialling an empty one fails with destOutOfOrder, reorder). The model does the moves
 * and their ECMA-269 events (CallModel.park / recall and retrieval by dialling); this class
 * picks the number and owns the reversion timers, which read the injected clock.
 */
export interface CallParkOptions {
  /** The cluster's Call Park numbers, in the order they are taken. */
  readonly numbers: readonly string[];
  /** Call Park Reversion Timer; default {@link DEFAULT_PARK_REVERSION_MS}. */
  readonly reversionMs?: number;
  readonly clock?: Clock;
}

/** Cisco CallManager service parameter "Call Park Reversion Timer": 60 s by default. */
export const DEFAULT_PARK_REVERSION_MS = 60_000;

export interface ParkedCall {
  readonly parkDn: string;
  readonly callID: string;
  /** The DN that parked the call (where it reverts to). */
  readonly parker: string;
}

/** Why a park is refused: a call-model refusal, or no park number is free. */
export type ParkRefusal = CallRefusal | { readonly code: 'noParkNumberAvailable' };

export class CallPark {
  readonly numbers: readonly string[];
  private readonly clock: Clock;
  private readonly reversionMs: number;
  private readonly slots = new Map<string, ParkedCall & { readonly timer: TimerHandle }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: CallModel,
    options: CallParkOptions,
  ) {
    this.numbers = [...options.numbers];
    this.clock = options.clock ?? systemClock;
    this.reversionMs = options.reversionMs ?? DEFAULT_PARK_REVERSION_MS;
    for (const number of this.numbers) {
      const added = model.addDevice({ number, name: `Call Park ${number}`, maxCalls: 1, inService: false });
      // The topology check refuses a park number that is also a line (check-clusters.ts).
      if (!added.ok) throw new Error(`Call Park number ${number}: ${added.reason}`);
    }
    this.unsubscribe = model.on((event) => this.onEvent(event));
  }

  isParkNumber(dn: string): boolean {
    return this.numbers.includes(dn);
  }

  /** The calls parked now, by park number order. */
  parked(): ParkedCall[] {
    return this.numbers.flatMap((n) => {
      const slot = this.slots.get(n);
      return slot === undefined ? [] : [{ parkDn: slot.parkDn, callID: slot.callID, parker: slot.parker }];
    });
  }

  /**
   * Parks the call of `connection` (the parker's, connected) on the first free park number; all
   * taken: `noParkNumberAvailable` and nothing changes (the phone shows "No Park Number Available").
   */
  park(connection: ConnectionID): Result<ParkedCall, ParkRefusal> {
    const free = this.numbers.find((n) => this.model.snapshotDevice(n).length === 0);
    if (free === undefined)
      return refused(
        { code: 'noParkNumberAvailable' },
        `all Call Park numbers (${this.numbers.join(', ')}) are taken`,
      );
    const parked = this.model.park(connection, free);
    if (!parked.ok) return parked;
    const call: ParkedCall = { parkDn: free, callID: parked.value.callID, parker: connection.deviceID };
    const timer = this.clock.setTimeout(() => this.revert(free, call.callID), this.reversionMs);
    this.slots.set(free, { ...call, timer });
    return ok(call);
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.timer.cancel();
    this.slots.clear();
    this.unsubscribe();
  }

  /** Retrieved, reverted or abandoned: the park number's connection cleared, the slot is free. */
  private onEvent(event: CallEvent): void {
    if (event.type !== 'ConnectionClearedEvent') return;
    const slot = this.slots.get(event.releasingDevice);
    if (slot === undefined || slot.callID !== event.droppedConnection.callID) return;
    slot.timer.cancel();
    this.slots.delete(event.releasingDevice);
  }

  /** The Call Park Reversion Timer ran out: the call rings the parker again (cause recall). */
  private revert(parkDn: string, callID: string): void {
    const slot = this.slots.get(parkDn);
    if (slot === undefined || slot.callID !== callID) return;
    const parked = { callID, deviceID: parkDn };
    // Refused only when the parker's DN no longer answers: the parked call is released then.
    if (!this.model.recall(parked, slot.parker).ok) this.model.clear(parked);
  }
}
