/**
 * The dashboard's alarm list: what a tester watching a lab must not miss, read from the nodes'
 * observation streams (state observations) and stamped with the observation's time (the lab's
 * Clock). Newest first, at most `limit` rows; it starts when the dashboard starts.
 *
 * - `alarm` (CUCM CTIManager): Maximum Devices Per Provider / Per Node exceeded (Cisco Unified CM
 *   "Configure CTIManager Service Parameters"; the cluster raises it, cucm/cti-manager.ts);
 * - `node` (CUCM): a CallManager or CTIManager service stopped or started (a failover, CUCM CTI
 *   guide "CTI Redundancy");
 * - `cti-gateway` (CUCM): a CTI gateway failed or is back;
 * - `cti-server-side` (ACD): a CTI Server side died and the other took over, or came back
 *   ("CTI Server Fault Tolerance");
 * - `registration` with state `unregistered`: a phone left its call manager.
 */
import type { ObservationStream, StateObservation } from '../lab/observation.ts';

export type AlarmKind = 'device-limit' | 'service' | 'cti-gateway' | 'cti-server-side' | 'unregistered';

export interface AlarmRow {
  /** Clock time (ms) of the observation. */
  readonly time: number;
  /** Who published it (node, cluster, CTI Server side). */
  readonly source: string;
  readonly kind: AlarmKind;
  /** 'raised' for a fault or a crossed limit, 'cleared' when the service is back. */
  readonly severity: 'raised' | 'cleared';
  readonly text: string;
}

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The alarm an observation is, if any. */
export function alarmOf(o: StateObservation): AlarmRow | undefined {
  const d = o.detail;
  const row = (kind: AlarmKind, severity: AlarmRow['severity'], text: string): AlarmRow => ({
    time: o.time,
    source: o.source,
    kind,
    severity,
    text,
  });
  switch (o.topic) {
    case 'alarm':
      return row(
        'device-limit',
        'raised',
        `${str(d['parameter'])} ${str(d['limit'])} exceeded on ${str(d['node'])}${d['provider'] === undefined ? '' : ` by ${str(d['provider'])}`} (${str(d['count'])} devices)`,
      );
    case 'node': {
      const down = d['state'] === 'down';
      const service = d['service'] === 'ctimanager' ? 'CTIManager' : 'CallManager';
      return row(
        'service',
        down ? 'raised' : 'cleared',
        `${service} on ${str(d['node'])} ${down ? 'stopped' : 'started'}`,
      );
    }
    case 'cti-gateway': {
      const down = d['state'] === 'down';
      return row(
        'cti-gateway',
        down ? 'raised' : 'cleared',
        `CTI gateway ${str(d['gateway'])} ${down ? 'failed' : 'back'}`,
      );
    }
    case 'cti-server-side': {
      const down = d['state'] === 'down';
      return row(
        'cti-server-side',
        down ? 'raised' : 'cleared',
        down
          ? `CTI Server side ${str(d['side'])} failed; side ${str(d['active'])} is active`
          : `CTI Server side ${str(d['side'])} back (standby); side ${str(d['active'])} is active`,
      );
    }
    case 'registration':
      if (d['state'] !== 'unregistered') return undefined;
      return row('unregistered', 'raised', `${str(d['device'])} unregistered: ${str(d['reason'])}`);
    default:
      return undefined;
  }
}

/** The alarms of some observation streams, newest first, at most `limit`. */
export class AlarmLog {
  private readonly rows: AlarmRow[] = [];
  private readonly unsubscribe: Array<() => void>;

  constructor(
    streams: readonly ObservationStream[],
    readonly limit = 100,
  ) {
    this.unsubscribe = [...new Set(streams)].map((s) =>
      s.subscribe((o) => {
        if (o.kind !== 'state') return;
        const row = alarmOf(o);
        if (row === undefined) return;
        this.rows.unshift(row);
        if (this.rows.length > this.limit) this.rows.length = this.limit;
      }),
    );
  }

  /** Newest first. */
  list(): readonly AlarmRow[] {
    return this.rows;
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }
}
