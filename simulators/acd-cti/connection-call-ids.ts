// GED-188 names a call by ConnectionCallID (UINT) and a connection by (ConnectionCallID,
// ConnectionDeviceIDType, ConnectionDeviceID) (Cisco "CTI Server Message Reference Guide",
// "Call Identification"); the shared call model names calls by string ids. One table per
// peripheral maps the two, both ways, for as long as the lab runs, so a client that reopens its
// session on the other side of a duplexed CTI Server (issue 11 item 6) sees the same ids.

/** The call ids of one peripheral's CTI Server, as the clients see them. */
export class ConnectionCallIds {
  private readonly byModel = new Map<string, number>();
  private readonly byWire = new Map<number, string>();
  private next: number;

  /** `first`: the first ConnectionCallID handed out (never 0: 0 is "no call" in many fields). */
  constructor(first = 1) {
    this.next = Math.max(1, first);
  }

  /** The ConnectionCallID of a call-model call, allocated on first use. */
  wireId(modelCallId: string): number {
    let id = this.byModel.get(modelCallId);
    if (id === undefined) {
      id = this.next++;
      this.byModel.set(modelCallId, id);
      this.byWire.set(id, modelCallId);
    }
    return id;
  }

  /** The call-model call of a ConnectionCallID a client sent, if the lab ever gave it out. */
  modelId(wireId: number): string | undefined {
    return this.byWire.get(wireId);
  }

  /** Is this call-model call known (an id was given out for it)? */
  has(modelCallId: string): boolean {
    return this.byModel.has(modelCallId);
  }
}
