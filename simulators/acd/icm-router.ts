// The central controller's part of the lab ACD: pre-route indications and translation routes
// across peripherals. "CTI Planning" (UCCE CTI planning guide): the CTI Server forwards "pre-route indications
// [that] identify the caller and provide CTI applications with other call attributes while the
// call is still in the public or private network (that is, before the call is connected to an
// agent or IVR resource)"; "If the transfer or conference involves an agent on another ACD, the
// call data is provided to the remote CTI client if a translation route is used". So a call
// arriving on a peripheral carries the data of a pending pre-route or translation route for its
// dialed number, and nothing else: without a translation route, call data does not cross
// peripherals.
import { ok, type Result, refused } from '../lab/result.ts';
import { CONTROL_FAILURE, type ControlFailureCode } from './acd-codes.ts';
import type { AcdCall, AcdPeripheral, CallArrival } from './acd-peripheral.ts';
import type { TranslationRouteSpec } from './acd-spec.ts';
import {
  applyCallDataUpdate,
  type CallData,
  type CallDataUpdate,
  type CallStatusCode,
  emptyCallData,
} from './call-data.ts';

export interface PreRouteIndication {
  readonly type: 'preRoute';
  readonly time: number;
  readonly id: number;
  readonly peripheralId: number;
  readonly dialedNumber: string;
  readonly data: CallData;
}

export interface TranslationRouteIndication {
  readonly type: 'translationRoute';
  readonly time: number;
  readonly fromPeripheralId: number;
  readonly fromCallId: number;
  readonly route: TranslationRouteSpec;
  readonly data: CallData;
}

export type RouterEvent = PreRouteIndication | TranslationRouteIndication;

interface Pending {
  readonly data: CallData;
  readonly callType: 'PREROUTE_ACD_IN' | 'TRANSFER_IN';
}

export interface IcmRouterOptions {
  readonly now: () => number;
}

export class IcmRouter {
  private readonly peripherals = new Map<number, AcdPeripheral>();
  /** Pending data per `${peripheralId} ${dialedNumber}`, oldest first. */
  private readonly pending = new Map<string, Pending[]>();
  private readonly listeners = new Set<(e: RouterEvent) => void>();
  private nextPreRoute = 1;

  constructor(
    peripherals: readonly AcdPeripheral[],
    private readonly routes: readonly TranslationRouteSpec[],
    private readonly options: IcmRouterOptions,
  ) {
    for (const p of peripherals) this.peripherals.set(p.id, p);
  }

  on(listener: (e: RouterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  peripheral(id: number): AcdPeripheral | undefined {
    return this.peripherals.get(id);
  }

  /**
   * A route request from the network for a call not yet arrived: the pre-route indication goes to
   * the CTI clients with the caller's data; the call that then arrives for that dialed number on
   * that peripheral carries it (call type PREROUTE_ACD_IN).
   */
  preRoute(
    peripheralId: number,
    dialedNumber: string,
    caller: {
      readonly ani?: string;
      readonly callerEnteredDigits?: string;
      readonly update?: CallDataUpdate;
    },
  ): Result<PreRouteIndication, ControlFailureCode | CallStatusCode> {
    const p = this.peripherals.get(peripheralId);
    if (p === undefined || !p.spec.dialedNumbers.some((d) => d.number === dialedNumber))
      return refused(
        CONTROL_FAILURE.INVALID_DESTINATION,
        `no dialed number ${dialedNumber} on peripheral ${peripheralId}`,
      );
    const base = emptyCallData({
      ani: caller.ani ?? '',
      dnis: dialedNumber,
      dialedNumber,
      callerEnteredDigits: caller.callerEnteredDigits ?? '',
    });
    const data = applyCallDataUpdate(base, caller.update ?? {});
    if (!data.ok) return data;
    this.push(peripheralId, dialedNumber, { data: data.value, callType: 'PREROUTE_ACD_IN' });
    const indication: PreRouteIndication = {
      type: 'preRoute',
      time: this.options.now(),
      id: this.nextPreRoute++,
      peripheralId,
      dialedNumber,
      data: data.value,
    };
    for (const l of [...this.listeners]) l(indication);
    return ok(indication);
  }

  /**
   * A call arrives at a peripheral: with the data of the oldest pending pre-route or translation
   * route for its dialed number, else with fresh data (ANI, DNIS, dialed number only).
   */
  arrive(peripheralId: number, arrival: CallArrival): Result<AcdCall, ControlFailureCode> {
    const p = this.peripherals.get(peripheralId);
    if (p === undefined) return refused(CONTROL_FAILURE.INVALID_DESTINATION, `no peripheral ${peripheralId}`);
    const key = `${peripheralId} ${arrival.dialedNumber}`;
    const queue = this.pending.get(key);
    const carried = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.pending.delete(key);
    if (carried === undefined) return p.callArrived(arrival);
    const data: CallData = { ...carried.data, ani: arrival.ani ?? carried.data.ani };
    return p.callArrived({ ...arrival, data, callType: carried.callType });
  }

  /**
   * Sends a call of a peripheral to a translation route: its data waits for the call on the
   * route's peripheral and DNIS; the call leaves the source peripheral (disposition
   * translationRouted). INVALID_DESTINATION when no route has that number.
   */
  translate(
    fromPeripheralId: number,
    callId: number,
    routeNumber: string,
  ): Result<TranslationRouteIndication, ControlFailureCode> {
    const from = this.peripherals.get(fromPeripheralId);
    const call = from?.call(callId);
    if (from === undefined || call === undefined || call.state === 'ended')
      return refused(CONTROL_FAILURE.INVALID_CALL_ID, `no call ${callId} on peripheral ${fromPeripheralId}`);
    const route = this.routes.find((r) => r.number === routeNumber);
    if (route === undefined || !this.peripherals.has(route.peripheralId))
      return refused(CONTROL_FAILURE.INVALID_DESTINATION, `no translation route ${routeNumber}`);
    this.push(route.peripheralId, route.dnis, { data: call.data, callType: 'TRANSFER_IN' });
    const indication: TranslationRouteIndication = {
      type: 'translationRoute',
      time: this.options.now(),
      fromPeripheralId,
      fromCallId: callId,
      route,
      data: call.data,
    };
    for (const l of [...this.listeners]) l(indication);
    from.callEnded(callId, 'translationRouted');
    return ok(indication);
  }

  private push(peripheralId: number, dialedNumber: string, item: Pending): void {
    const key = `${peripheralId} ${dialedNumber}`;
    this.pending.set(key, [...(this.pending.get(key) ?? []), item]);
  }
}
