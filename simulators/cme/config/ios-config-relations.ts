import { isOverlayKind } from './ephone-button.ts';
import type { ConfigDraft } from './ios-config-global.ts';
import type { ConfigRelations, Ephone, IosConfig } from './ios-config-types.ts';

/** DN tags a button carries; an expansion button carries the DNs of the overlay it extends. */
function buttonDns(ephone: Ephone, index: number): number[] {
  const button = ephone.buttons.find((b) => b.index === index);
  if (button === undefined) return [];
  if (button.kind !== 'expansion') return button.dnTags;
  return ephone.buttons.find((b) => b.index === button.overflowOf)?.dnTags ?? [];
}

/**
 * Derives shared lines, overlay DNs and the DN <-> ephone maps from the buttons. A DN on buttons
 * of two or more ephones is shared, whatever the button kind (a monitor button shows the shared
 * line's state); a DN on an `o` or `c` button is an overlay DN (CME CSTA guide "Restriction": overlay
 * DNs and shared lines are not supported for a CSTA / MOC client).
 */
export function deriveRelations(draft: ConfigDraft): ConfigRelations {
  const dnEphones = new Map<number, number[]>();
  const overlay = new Set<number>();
  const ephoneLines = new Map<number, Map<number, number[]>>();
  const ephones = [...draft.ephones.values()].sort((a, b) => a.tag - b.tag);
  for (const e of ephones) {
    const lines = new Map<number, number[]>();
    for (const b of e.buttons) {
      const dns = buttonDns(e, b.index);
      lines.set(b.index, dns);
      if (isOverlayKind(b.kind)) for (const t of b.dnTags) overlay.add(t);
      for (const t of dns) {
        const list = dnEphones.get(t) ?? [];
        if (!list.includes(e.tag)) list.push(e.tag);
        dnEphones.set(t, list);
      }
    }
    ephoneLines.set(e.tag, lines);
  }
  const sharedDnTags = [...dnEphones].filter(([, tags]) => tags.length > 1).map(([dn]) => dn);
  return {
    dnEphones,
    sharedDnTags: sharedDnTags.sort((a, b) => a - b),
    overlayDnTags: [...overlay].sort((a, b) => a - b),
    ephoneLines,
  };
}

/** The ephone-dn with this number (primary or secondary); undefined when none. */
export function dnByNumber(config: IosConfig, number: string) {
  for (const dn of config.ephoneDns.values())
    if (dn.number === number || dn.secondaryNumber === number) return dn;
  return undefined;
}

/** The ephone registering as this SCCP device name (`SEP` + MAC, case-insensitive). */
export function ephoneByDeviceName(config: IosConfig, deviceName: string) {
  const wanted = deviceName.toUpperCase();
  for (const e of config.ephones.values()) if (e.deviceName === wanted) return e;
  return undefined;
}
