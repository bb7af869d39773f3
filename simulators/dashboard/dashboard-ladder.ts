/**
 * The live ladder of a dashboard's lab (issue 14 item 3, "for a live lab, on demand"): one
 * LadderBuilder (simulators/ladder/) fed by every node's observation stream, each stream once.
 * It keeps the last LIVE_LIMIT arrows; the panel draws the last PANEL_ARROWS of them.
 */
import type { ObservationStream } from '../lab/observation.ts';
import { type Ladder, LadderBuilder, lastArrows } from '../ladder/ladder.ts';
import { ladderHtml, ladderSvg, messageId } from '../ladder/ladder-svg.ts';
import type { SccpPhone } from '../phone/phone.ts';

export const LIVE_LIMIT = 5000;
export const PANEL_ARROWS = 60;

export class LiveLadder {
  private readonly builder: LadderBuilder;
  private readonly unsubscribe: Array<() => void> = [];

  /** `phones`: the lab's phones, which name their lifelines (their RegisterReq may predate the dashboard). */
  constructor(streams: Iterable<ObservationStream>, phones: readonly SccpPhone[], onArrow: () => void) {
    this.builder = new LadderBuilder({
      limit: LIVE_LIMIT,
      names: (endpoint) => {
        for (const p of phones) {
          const a = p.localAddress;
          if (a !== undefined && `${a.host}:${a.port}` === endpoint) return p.deviceName;
        }
        return undefined;
      },
    });
    for (const stream of new Set(streams))
      this.unsubscribe.push(
        stream.subscribe((o) => {
          if (this.builder.observe(o) > 0) onArrow();
        }),
      );
  }

  /** Arrows seen since the dashboard started. */
  get total(): number {
    return this.builder.total;
  }

  ladder(): Ladder {
    return this.builder.ladder();
  }

  /** The panel: the last arrows as SVG, each opening its decoded message on the ladder page. */
  panel(): { total: number; shown: number; svg: string } {
    const recent = lastArrows(this.builder.ladder(), PANEL_ARROWS);
    return {
      total: this.builder.total,
      shown: recent.arrows.length,
      svg: ladderSvg(recent, { href: (a) => `/ladder#${messageId(a)}`, target: 'ladder' }),
    };
  }

  page(lab: string): string {
    return ladderHtml(this.builder.ladder(), { title: `${lab} (live)`, jsonHref: '/api/ladder' });
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
