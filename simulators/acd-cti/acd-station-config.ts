// The SCCP side of an ACD lab: the agents' and customers' phones of its ACD nodes as the station
// layer's configuration (station/station-config.ts), one line each, dual-line so an agent can
// consult while a call is on hold (Cisco "CTI Planning", "Third-Party Call Control": consultative
// transfer and conference need a second call on the agent's teleset).
import type { AcdPhoneSpec } from '../acd/acd-spec.ts';
import {
  type DnConfig,
  defaultStationConfig,
  type EphoneConfig,
  type StationConfig,
} from '../station/station-config.ts';

export function acdStationConfig(name: string, phones: readonly AcdPhoneSpec[]): StationConfig {
  const dns = new Map<number, DnConfig>();
  const ephones = new Map<number, EphoneConfig>();
  for (const phone of phones) {
    const tag = dns.size + 1;
    dns.set(tag, {
      tag,
      number: phone.dn,
      name: undefined,
      dualLine: true,
      ctiWatch: true,
      ctiNotify: false,
      forwardAll: undefined,
      forwardBusy: undefined,
      forwardNoAnswer: undefined,
    });
    const mac = phone.name.slice(3).toUpperCase();
    ephones.set(tag, {
      tag,
      mac,
      deviceName: `SEP${mac}`,
      model: phone.model,
      buttons: [{ index: 1, kind: 'normal', dnTags: [tag] }],
      logoutProfile: undefined,
    });
  }
  return defaultStationConfig(name, dns, ephones);
}
