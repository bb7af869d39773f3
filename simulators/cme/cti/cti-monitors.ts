import type { CtiSession } from './cti-session.ts';

/**
 * The CME's device monitors (CME CSTA guide "CTI Session": "The CSTA client application must start a
 * CSTA monitor before it can observe changes to calls and features by CSTA events"). Each has a
 * monitorCrossRefID unique in this CME ("1", "2", ... never reused), its session and its DN.
 */
export class CtiMonitors {
  private next = 1;
  /** DN -> monitorCrossRefID -> session. */
  private readonly byDn = new Map<string, Map<string, CtiSession>>();

  start(session: CtiSession, dn: string): string {
    const id = String(this.next++);
    session.monitors.set(id, dn);
    const watchers = this.byDn.get(dn) ?? new Map<string, CtiSession>();
    watchers.set(id, session);
    this.byDn.set(dn, watchers);
    return id;
  }

  /** Stops one of the session's monitors; false when the session has no monitor with that id. */
  stop(session: CtiSession, id: string): boolean {
    const dn = session.monitors.get(id);
    if (dn === undefined) return false;
    session.monitors.delete(id);
    const watchers = this.byDn.get(dn);
    watchers?.delete(id);
    if (watchers?.size === 0) this.byDn.delete(dn);
    return true;
  }

  stopAll(session: CtiSession): void {
    for (const id of [...session.monitors.keys()]) this.stop(session, id);
  }

  /** The monitors watching a DN, in start order. */
  watchersOf(dn: string): { id: string; session: CtiSession }[] {
    return [...(this.byDn.get(dn) ?? [])].map(([id, session]) => ({ id, session }));
  }

  get size(): number {
    let n = 0;
    for (const w of this.byDn.values()) n += w.size;
    return n;
  }
}
