// The one way a CSTA load feeds the event ledger (event-ledger.ts), shared by `ctilab load`
// (run-load.ts) and bench/csta-call-events.ts: every call-model event of a monitored device is
// entered as the CSTA event the CTI layer must send for it (the CTI services' own mapping,
// `cstaEventFor`), keyed by device, event type and callID; every CSTA event a TR/87 client
// receives on a monitor is matched there by the same key.
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import { cstaEventFor } from '../../simulators/cme/cti/cti-events.ts';
import type { CstaEvent } from '../../simulators/csta/csta-types.ts';
import type { EventLedger } from './event-ledger.ts';

/** Device ids as they are: the ledger keys on type and callID, never on a formatted device. */
const asIs = (d: string) => d;

/**
 * Enters the CSTA events `event` stands for on each monitored device of it (once per device
 * however often it is listed), emitted at `t`. Returns how many were entered.
 */
export function ledgerEmissions(
  ledger: Pick<EventLedger, 'emitted'>,
  event: CallEvent,
  isMonitored: (dn: string) => boolean,
  t: number,
): number {
  let n = 0;
  const devices = event.monitoredDevices;
  for (let i = 0; i < devices.length; i++) {
    const dn = devices[i]!;
    if (devices.indexOf(dn) !== i || !isMonitored(dn)) continue;
    const csta = cstaEventFor(event, dn, '0', asIs);
    if (csta === undefined) continue;
    ledger.emitted(dn, csta.type, callIdOf(csta) ?? '', t);
    n++;
  }
  return n;
}

/**
 * A client received `event` on the monitor of `dn` at `t`: matched in the ledger. Returns ms
 * since its emission, or undefined when it matches none (yet: a late ledger matches it later).
 */
export function ledgerReceipt(
  ledger: Pick<EventLedger, 'received'>,
  dn: string,
  event: CstaEvent,
  t: number,
): number | undefined {
  return ledger.received(dn, event.type, callIdOf(event) ?? '', t);
}

/** The callID of a CSTA event: the first `callID` found in it (its connection), breadth first. */
export function callIdOf(event: unknown): string | undefined {
  const seen: unknown[] = [event];
  for (let i = 0; i < seen.length && i < 200; i++) {
    const v = seen[i];
    if (v === null || typeof v !== 'object') continue;
    const id = (v as { callID?: unknown }).callID;
    if (typeof id === 'string') return id;
    for (const k in v) seen.push((v as Record<string, unknown>)[k]);
  }
  return undefined;
}
