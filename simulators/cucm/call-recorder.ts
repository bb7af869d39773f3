// The cluster's call recordings (CUCM-ACG-010): what a CTI application asked to record with
// ECMA-269 Record Message (voice unit services, clause 26), kept so that "recorded" can be observed.
// One recorder per cluster, shared by its CTI gateways. A recording belongs to one connection (a
// call at one directory number); it stops when that connection leaves the call (the call cleared,
// the device hung up or transferred away) or on a Stop request, at the time of the injectable clock.
// No media is captured: the lab records that a recording ran, for whom and when.
import type { CallModel } from '../calls/call-model.ts';
import type { ConnectionID } from '../calls/connection-state.ts';
import type { Clock } from '../lab/clock.ts';

/** Why a recording stopped. */
export type RecordingStop = 'call-ended' | 'stop-requested';

export interface Recording {
  /** The ECMA-269 message id RecordMessageResponse returns (`resultingMessage`), e.g. `rec-1`. */
  readonly id: string;
  readonly callID: string;
  /** The recorded directory number. */
  readonly dn: string;
  /** The device whose call is recorded (one the user may record). */
  readonly device: string;
  /** The CTI user who asked. */
  readonly user: string;
  /** Clock time (ms) the recording started. */
  readonly startedAt: number;
  /** Clock time (ms) it stopped; undefined while it runs. */
  readonly stoppedAt: number | undefined;
  readonly stoppedBy: RecordingStop | undefined;
}

export type RecordingListener = (recording: Recording, change: 'started' | 'stopped') => void;

type MutableRecording = { -readonly [K in keyof Recording]: Recording[K] };

export class CallRecorder {
  private readonly list: MutableRecording[] = [];
  private readonly listeners = new Set<RecordingListener>();
  private readonly unsubscribe: () => void;
  private next = 1;

  constructor(
    private readonly clock: Clock,
    private readonly model: Pick<CallModel, 'on' | 'snapshotDevice'>,
  ) {
    // After each event of the model: a running recording whose connection is gone stops.
    this.unsubscribe = model.on(() => this.sweep());
  }

  /** Starts recording the connection (its call at `connection.deviceID`) for `user`. */
  start(connection: ConnectionID, device: string, user: string): Recording {
    const r: MutableRecording = {
      id: `rec-${this.next++}`,
      callID: connection.callID,
      dn: connection.deviceID,
      device,
      user,
      startedAt: this.clock.now(),
      stoppedAt: undefined,
      stoppedBy: undefined,
    };
    this.list.push(r);
    this.tell(r, 'started');
    return { ...r };
  }

  /** Stops a running recording; false when there is none with that id running. */
  stop(id: string, by: RecordingStop): boolean {
    const r = this.list.find((x) => x.id === id && x.stoppedAt === undefined);
    if (r === undefined) return false;
    r.stoppedAt = this.clock.now();
    r.stoppedBy = by;
    this.tell(r, 'stopped');
    return true;
  }

  /** A recording by its message id (running or stopped). */
  find(id: string): Recording | undefined {
    const r = this.list.find((x) => x.id === id);
    return r && { ...r };
  }

  /** The running recording of a connection, if any. */
  runningOn(connection: ConnectionID): Recording | undefined {
    const r = this.list.find(
      (x) => x.stoppedAt === undefined && x.callID === connection.callID && x.dn === connection.deviceID,
    );
    return r && { ...r };
  }

  /** Every recording since the cluster started, oldest first (copies). */
  recordings(): Recording[] {
    return this.list.map((r) => ({ ...r }));
  }

  onChange(listener: RecordingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private sweep(): void {
    for (const r of this.list) {
      if (r.stoppedAt !== undefined) continue;
      const there = this.model.snapshotDevice(r.dn).some((i) => i.callID === r.callID);
      if (!there) this.stop(r.id, 'call-ended');
    }
  }

  private tell(r: MutableRecording, change: 'started' | 'stopped'): void {
    for (const l of [...this.listeners]) l({ ...r }, change);
  }
}
