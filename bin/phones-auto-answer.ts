import { type Clock, systemClock, type TimerHandle } from '../simulators/lab/clock.ts';
import type { SccpPhone } from '../simulators/phone/phone.ts';
import { allCalls } from '../simulators/phone/phone-state.ts';

/**
 * `ctilab phones --answer-after <ms>`: each phone answers a call that rings in (DCallState RingIn)
 * `afterMs` of `clock` later with the Answer soft key on that call, as a person picking up would;
 * a call that stopped ringing meanwhile (cleared, picked up elsewhere) is left alone. Load runs use
 * it so that calls placed by CSTA MakeCall really connect. Returns the unsubscriber (it also
 * cancels the answers not yet due). Counts the answers it gave in `answered`.
 */
export function autoAnswer(
  phone: SccpPhone,
  afterMs: number,
  clock: Clock = systemClock,
): { readonly answered: () => number; readonly stop: () => void } {
  /** Pending answers by "line:callReference". */
  const pending = new Map<string, TimerHandle>();
  let answered = 0;
  const ringingNow = () => allCalls(phone.state).filter((c) => c.state === 'RingIn' && c.callReference !== 0);
  const off = phone.on('state', () => {
    for (const call of ringingNow()) {
      const key = `${call.lineInstance}:${call.callReference}`;
      if (pending.has(key)) continue;
      pending.set(
        key,
        clock.setTimeout(() => {
          pending.delete(key);
          const still = ringingNow().find(
            (c) => c.lineInstance === call.lineInstance && c.callReference === call.callReference,
          );
          if (still === undefined) return;
          try {
            phone.softKey('Answer', { line: still.lineInstance, callReference: still.callReference });
            answered++;
          } catch {
            // Not registered any more: nothing to answer with.
          }
        }, afterMs),
      );
    }
  });
  return {
    answered: () => answered,
    stop: () => {
      off();
      for (const t of pending.values()) t.cancel();
      pending.clear();
    },
  };
}
