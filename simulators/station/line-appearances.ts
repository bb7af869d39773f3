import type { ButtonConfig, ButtonKind, EphoneConfig, StationConfig } from './station-config.ts';

/** One line button of one phone as the phone sees it: its SCCP line instance and its DNs. */
export interface LineAppearance {
  ephoneTag: number;
  deviceName: string;
  /** SCCP lineInstance: line buttons numbered from 1 in button order (reference §3). */
  lineInstance: number;
  button: number;
  kind: ButtonKind;
  /** DN numbers on the button, leftmost (permanently shown, highest priority) first. */
  dns: string[];
}

/**
 * Line appearances of every ephone, and the reverse index DN -> appearances. A DN on more than
 * one phone is a shared line; a button with several DNs is an overlay (reference §7: the overlay
 * presents the first ringing DN for incoming calls and the first idle DN for outgoing ones).
 */
export class LineAppearances {
  private readonly byDevice = new Map<string, LineAppearance[]>();
  private readonly byDn = new Map<string, LineAppearance[]>();

  constructor(config: StationConfig) {
    this.rebuild(config);
  }

  /**
   * Recompute every appearance from the config, in place (everything holding this object sees the
   * change). Used when an ephone's buttons change at run time: Extension Mobility login / logout
   * (CME CSTA guide `emadmin login` / `emadmin logout`, simulators/cme/cti/cti-extension-mobility.ts).
   */
  rebuild(config: StationConfig): void {
    this.byDevice.clear();
    this.byDn.clear();
    for (const e of config.ephones.values()) {
      const lines = linesOf(e, config);
      this.byDevice.set(e.deviceName, lines);
      for (const l of lines) {
        for (const dn of l.dns) {
          const list = this.byDn.get(dn) ?? [];
          list.push(l);
          this.byDn.set(dn, list);
        }
      }
    }
  }

  linesOf(deviceName: string): LineAppearance[] {
    return this.byDevice.get(deviceName) ?? [];
  }

  line(deviceName: string, lineInstance: number): LineAppearance | undefined {
    return this.linesOf(deviceName).find((l) => l.lineInstance === lineInstance);
  }

  appearancesOf(dn: string): LineAppearance[] {
    return this.byDn.get(dn) ?? [];
  }

  /** A DN that appears on two or more phones. */
  isShared(dn: string): boolean {
    return new Set(this.appearancesOf(dn).map((a) => a.deviceName)).size > 1;
  }

  /** A DN that sits on an overlay button (`o` or `c`). */
  isOverlay(dn: string): boolean {
    return this.appearancesOf(dn).some((a) => a.kind === 'overlay' || a.kind === 'overlay-call-waiting');
  }
}

function linesOf(e: EphoneConfig, config: StationConfig): LineAppearance[] {
  const lineButtons = [...e.buttons]
    .filter((b: ButtonConfig) => b.kind !== 'monitor' && b.kind !== 'watch' && b.dnTags.length > 0)
    .sort((a, b) => a.index - b.index);
  return lineButtons.map((b, i) => ({
    ephoneTag: e.tag,
    deviceName: e.deviceName,
    lineInstance: i + 1,
    button: b.index,
    kind: b.kind,
    dns: b.dnTags.map((t) => config.dns.get(t)?.number).filter((n): n is string => n !== undefined),
  }));
}
