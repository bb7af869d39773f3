// The ACD part of a lab on one call model: a peripheral per ACD node, the ICM router across them
// (pre-routes, translation routes), and each peripheral bound to the shared CallModel. This is
// what a serving layer (the CTI Server sides, the phones' station) is built on: it owns the
// agents' states and the calls' data, so they outlive any CTI session or CTI Server side.
import type { CallModel } from '../calls/call-model.ts';
import type { Clock } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { AcdCallBinding } from './acd-call-binding.ts';
import { AcdPeripheral } from './acd-peripheral.ts';
import type { PeripheralSpec, TranslationRouteSpec } from './acd-spec.ts';
import { IcmRouter } from './icm-router.ts';

/** What the system needs of an ACD node (acd-spec.ts AcdSpec has these and more). */
export interface AcdSystemNode {
  readonly peripheral: PeripheralSpec;
  readonly translationRoutes: readonly TranslationRouteSpec[];
}

export interface AcdSystemOptions {
  readonly clock: Clock;
  readonly model: CallModel;
  /** Each peripheral publishes its events here (AcdPeripheralOptions.observations). */
  readonly observations?: ObservationStream;
}

/** Call ids of the n-th peripheral start at n * CALL_ID_BLOCK + 1, so they never collide. */
export const CALL_ID_BLOCK = 1_000_000;

export class AcdSystem {
  readonly peripherals: ReadonlyMap<number, AcdPeripheral>;
  readonly router: IcmRouter;
  readonly bindings: ReadonlyMap<number, AcdCallBinding>;

  constructor(nodes: readonly AcdSystemNode[], options: AcdSystemOptions) {
    const peripherals = nodes.map(
      (n, i) =>
        new AcdPeripheral(n.peripheral, {
          clock: options.clock,
          firstCallId: i * CALL_ID_BLOCK + 1,
          ...(options.observations ? { observations: options.observations } : {}),
        }),
    );
    this.peripherals = new Map(peripherals.map((p) => [p.id, p]));
    this.router = new IcmRouter(
      peripherals,
      nodes.flatMap((n) => n.translationRoutes),
      { now: () => options.clock.now() },
    );
    this.bindings = new Map(
      nodes.map((n, i) => {
        const p = peripherals[i] as AcdPeripheral;
        const binding = new AcdCallBinding(options.model, p, {
          arrive: (arrival) => this.router.arrive(p.id, arrival),
          translationRoutes: n.translationRoutes,
          translate: (callId, route) => this.router.translate(p.id, callId, route),
        });
        return [p.id, binding];
      }),
    );
  }

  peripheral(id: number): AcdPeripheral {
    const p = this.peripherals.get(id);
    if (p === undefined) throw new Error(`no peripheral ${id}`);
    return p;
  }

  close(): void {
    for (const b of this.bindings.values()) b.close();
  }
}
