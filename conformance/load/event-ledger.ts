// Ground truth for CSTA event delivery under load: every event the call model publishes for a
// monitored device (what the CTI layer must turn into one CSTA event on that device's monitor) is
// written here as emitted; every event a TR/87 client receives is matched to the oldest unmatched
// emission of the same device, event type and callID. A device counts only while its monitor is
// open (a window from the MonitorStartResponse to the end of its session); an emission inside a
// window with no receipt is lost, a receipt beyond the emissions of its key is duplicated, one
// with no emission at all is unexpected.

interface Emission {
  readonly t: number;
  matched: boolean;
}

export interface LedgerCounts {
  /** Emissions inside an open window of their device. */
  expected: number;
  /** Expected emissions a client received. */
  delivered: number;
  lost: number;
  /** Lost on devices whose monitor was reopened after a fault, after the reopen. */
  lostRecovered: number;
  /** Devices whose monitor was reopened (recovered after a fault). */
  recoveredDevices: number;
  /** Expected emissions of recovered devices after their reopen. */
  expectedRecovered: number;
  duplicated: number;
  unexpected: number;
  /** Receipts matched to an emission outside every window (the edges of a session). */
  outsideWindow: number;
  /** The first few lost events: device, type, callID, emitted at (ms of the run). */
  firstLost: string[];
  /** The first few unexpected receipts: device, type, callID. */
  firstUnexpected: string[];
}

export class EventLedger {
  private readonly emissions = new Map<string, Emission[]>();
  private readonly windows = new Map<
    string,
    Array<{ open: number; close: number | undefined; reopen: boolean }>
  >();
  private duplicated = 0;
  private unexpected = 0;
  private readonly firstUnexpected: string[] = [];
  /** Receipts waiting for their emission (late mode), by key. */
  private readonly early = new Map<string, number[]>();

  /**
   * `lateEmissions`: the emissions come from another process and may arrive after the client's
   * receipt; a receipt with nothing to match waits for its emission (matched then, latency from the
   * emission's own time: `onLateMatch`), and counts as duplicated / unexpected only in counts().
   */
  constructor(
    private readonly options: { lateEmissions?: boolean; onLateMatch?: (latencyMs: number) => void } = {},
  ) {}

  /** The device's monitor is open from `t` (`reopen`: opened again after its session ended). */
  open(device: string, t: number, reopen = false): void {
    const list = this.windows.get(device) ?? [];
    const last = list.at(-1);
    if (last !== undefined && last.close === undefined) return;
    list.push({ open: t, close: undefined, reopen });
    this.windows.set(device, list);
  }

  /** The device's monitor stopped reporting at `t` (its session ended). */
  close(device: string, t: number): void {
    const last = this.windows.get(device)?.at(-1);
    if (last !== undefined && last.close === undefined) last.close = Math.max(last.open, t);
  }

  isOpen(device: string): boolean {
    const last = this.windows.get(device)?.at(-1);
    return last !== undefined && last.close === undefined;
  }

  emitted(device: string, type: string, callID: string, t: number): void {
    const key = `${device}|${type}|${callID}`;
    const waiting = this.early.get(key);
    if (waiting !== undefined && waiting.length > 0) {
      const receipt = waiting.shift()!;
      if (waiting.length === 0) this.early.delete(key);
      const list = this.emissions.get(key) ?? [];
      list.push({ t, matched: true });
      this.emissions.set(key, list);
      this.options.onLateMatch?.(Math.max(0, receipt - t));
      return;
    }
    const list = this.emissions.get(key);
    if (list === undefined) this.emissions.set(key, [{ t, matched: false }]);
    else list.push({ t, matched: false });
  }

  /** A client received the event; returns ms since its emission, or undefined when it matches none. */
  received(device: string, type: string, callID: string, t: number): number | undefined {
    const list = this.emissions.get(`${device}|${type}|${callID}`);
    if (this.options.lateEmissions === true && list?.some((e) => !e.matched) !== true) {
      const key = `${device}|${type}|${callID}`;
      this.early.set(key, [...(this.early.get(key) ?? []), t]);
      return undefined;
    }
    if (list === undefined) {
      this.unexpected++;
      if (this.firstUnexpected.length < 10) this.firstUnexpected.push(`${device}|${type}|${callID}`);
      return undefined;
    }
    // The oldest unmatched emission inside the device's open window; else the oldest unmatched
    // (an event emitted at the edge of a session, delivered before the client saw its open or loss).
    // An emission in the gap between two sessions (never deliverable) must not take the receipt of
    // a later one of the same key, or the later one would count as lost.
    const window = this.windows.get(device)?.at(-1);
    const inWindow = (e: Emission) =>
      window !== undefined && e.t >= window.open && (window.close === undefined || e.t <= window.close);
    const first = list.find((e) => !e.matched && inWindow(e)) ?? list.find((e) => !e.matched);
    if (first === undefined) {
      this.duplicated++;
      return undefined;
    }
    first.matched = true;
    return t - first.t;
  }

  counts(): LedgerCounts {
    const c: LedgerCounts = {
      expected: 0,
      delivered: 0,
      lost: 0,
      lostRecovered: 0,
      recoveredDevices: [...this.windows.values()].filter((w) => w.some((x) => x.reopen)).length,
      expectedRecovered: 0,
      duplicated: this.duplicated,
      unexpected: this.unexpected,
      outsideWindow: 0,
      firstLost: [],
      firstUnexpected: [...this.firstUnexpected],
    };
    // Late mode: receipts still waiting matched nothing: beyond their key's emissions, duplicated;
    // with no emission of their key at all, unexpected.
    for (const [key, waiting] of this.early) {
      if (this.emissions.has(key)) c.duplicated += waiting.length;
      else {
        c.unexpected += waiting.length;
        if (c.firstUnexpected.length < 10) c.firstUnexpected.push(key);
      }
    }
    for (const [key, list] of this.emissions) {
      const device = key.slice(0, key.indexOf('|'));
      const windows = this.windows.get(device) ?? [];
      for (const e of list) {
        const w = windows.find((x) => e.t >= x.open && (x.close === undefined || e.t <= x.close));
        if (w === undefined) {
          if (e.matched) c.outsideWindow++;
          continue;
        }
        c.expected++;
        if (w.reopen) c.expectedRecovered++;
        if (e.matched) c.delivered++;
        else {
          c.lost++;
          if (w.reopen) c.lostRecovered++;
          if (c.firstLost.length < 10) c.firstLost.push(`${key} at ${Math.round(e.t)}`);
        }
      }
    }
    return c;
  }
}
