// The events half of the ACD's CTI Server port: call-model and ACD events as GED-188 call and
// agent events (Cisco "CTI Server Message Reference Guide", chapter 5 "Call Events", "Agent
// Events"). SKELETON: filled in by the events work of issue 11.
import type { PeripheralEvent, RequestContext } from '../cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../cti-server/wire.ts';
import type { AcdCtiContext } from './acd-cti-context.ts';

export class AcdCtiEvents {
  private readonly stops: (() => void)[] = [];

  constructor(
    readonly context: AcdCtiContext,
    readonly emit: (event: PeripheralEvent) => void,
  ) {}

  /** Messages for a session right after its OPEN_CONF (BEGIN_CALL_EVENT per call in progress). */
  eventsOnOpen(_context: RequestContext): readonly CtiMessage[] {
    return [];
  }

  close(): void {
    for (const s of this.stops.splice(0)) s();
  }
}
