import type { ButtonConfig, DnConfig, EphoneConfig, StationConfig } from '../../station/station-config.ts';
import { parseIosConfig } from './ios-config.ts';
import type { IosConfig } from './ios-config-types.ts';

export interface LoadedCmeConfig {
  config: StationConfig;
  ios: IosConfig;
  /** IOS commands kept but not modelled, for the operator. */
  unmodelled: Array<{ line: number; text: string }>;
}

/**
 * IOS running-config text -> the node's view. Throws IosConfigError (naming the line) for a real
 * configuration error; commands the lab does not model are listed, never fatal.
 */
export function loadCmeConfig(text: string): LoadedCmeConfig {
  const ios = parseIosConfig(text);
  return {
    config: toStationConfig(ios),
    ios,
    unmodelled: ios.unmodelled.map((u) => ({ line: u.line, text: u.text })),
  };
}

export function toStationConfig(ios: IosConfig): StationConfig {
  const dns = new Map<number, DnConfig>();
  const byNumber = new Map<string, number>();
  for (const d of ios.ephoneDns.values()) {
    if (d.number === undefined) continue;
    const cf = d.callForward;
    dns.set(d.tag, {
      tag: d.tag,
      number: d.number,
      name: d.name,
      dualLine: d.dualLine || d.octoLine,
      ctiWatch: d.ctiWatch,
      ctiNotify: d.ctiNotify,
      forwardAll: cf.all,
      forwardBusy: cf.busy,
      forwardNoAnswer: cf.noAnswer
        ? { number: cf.noAnswer.number, timeoutSeconds: cf.noAnswer.timeout ?? 20 }
        : undefined,
    });
    byNumber.set(d.number, d.tag);
  }
  const ephones = new Map<number, EphoneConfig>();
  for (const e of ios.ephones.values()) {
    if (e.macAddress === undefined) continue;
    let buttons: ButtonConfig[] = e.buttons.map((b) => ({
      index: b.index,
      kind: b.kind,
      dnTags: [...b.dnTags],
    }));
    if (buttons.length === 0 && e.logoutProfile !== undefined) {
      // An Extension Mobility phone shows its logout profile's numbers until a user logs in
      // (CME CSTA guide example: ephone 3 with `logout-profile 1`, number 203).
      const profile = ios.voiceLogoutProfiles.get(e.logoutProfile);
      buttons = [];
      for (const n of profile?.numbers ?? []) {
        const tag = byNumber.get(n.number);
        if (tag !== undefined) buttons.push({ index: buttons.length + 1, kind: 'normal', dnTags: [tag] });
      }
    }
    ephones.set(e.tag, {
      tag: e.tag,
      mac: e.macAddress,
      deviceName: e.deviceName ?? `SEP${e.macAddress}`,
      model: e.type,
      buttons,
      logoutProfile: e.logoutProfile,
    });
  }
  const ts = ios.telephonyService;
  return {
    settings: {
      hostname: ios.hostname ?? 'cme',
      // Without max-ephones every configured ephone may register.
      maxEphones: ts?.maxEphones ?? Math.max(1, ephones.size),
      maxDn: ts?.maxDn ?? Math.max(1, dns.size),
      keepaliveSeconds: ts?.keepalive ?? 30,
      maxConferences: ts?.maxConferences ?? 8,
      transferSystem: ts?.transferSystem ?? 'full-consult',
      sourceAddress: ts?.ipSourceAddress?.address,
      sourcePort: ts?.ipSourceAddress?.port ?? 2000,
      secondaryAddress: ts?.ipSourceAddress?.secondary ?? ts?.secondaryCallManagers[0],
    },
    dns,
    ephones,
    unmodelled: ios.unmodelled.map((u) => ({ line: u.line, text: u.text })),
  };
}
