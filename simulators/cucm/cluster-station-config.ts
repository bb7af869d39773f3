// The cluster as the station side (simulators/station/) serves it: every phone an ephone with one
// button per line, every directory number (phone lines, route point and CTI port lines) a DN of
// the one call model the cluster's CallManager nodes share.
import {
  type DnConfig,
  defaultStationConfig,
  type EphoneConfig,
  type StationConfig,
} from '../station/station-config.ts';
import type { ClusterDirectory } from './cluster-directory.ts';

/**
 * Calls a CUCM phone line holds at once: CUCM's default Maximum Number of Calls per line on most
 * phone models is 4 with Busy Trigger 2 (Cisco Unified CM Administration, Directory Number
 * Configuration); the station side's dual-line DN (two channels) is the nearest it models.
 */
const PHONE_LINE_DUAL = true;

export function clusterStationConfig(directory: ClusterDirectory): StationConfig {
  const cluster = directory.cluster;
  const dns = new Map<number, DnConfig>();
  const tagOf = new Map<string, number>();
  for (const number of directory.dns) {
    const tag = dns.size + 1;
    tagOf.set(number, tag);
    const devices = directory.devicesOf(number);
    const cti = devices.find((d) => d.kind !== 'phone');
    dns.set(tag, {
      tag,
      number,
      name: undefined,
      dualLine: cti === undefined ? PHONE_LINE_DUAL : false,
      ...(cti?.maxCalls === undefined ? {} : { maxCalls: cti.maxCalls }),
      // "CTI Route Points Overview": a route point makes and receives multiple active calls.
      ...(cti?.kind === 'route-point' ? { manyActive: true } : {}),
      ctiWatch: true,
      ctiNotify: false,
      forwardAll: undefined,
      forwardBusy: cti?.forward.busy,
      // CUCM CTI guide "Configure New Call Accept Timer": a call the application does not accept,
      // answer or redirect within the timer goes to Call Forward No Answer.
      forwardNoAnswer:
        cti?.forward.noAnswer === undefined
          ? undefined
          : { number: cti.forward.noAnswer, timeoutSeconds: cluster.serviceParameters.newCallAcceptTimerS },
    });
  }
  const ephones = new Map<number, EphoneConfig>();
  for (const phone of cluster.phones) {
    const tag = ephones.size + 1;
    const mac = phone.name.slice(3).toUpperCase();
    ephones.set(tag, {
      tag,
      mac,
      deviceName: `SEP${mac}`,
      model: phone.model,
      buttons: phone.lines.map((l, i) => ({ index: i + 1, kind: 'normal', dnTags: [tagOf.get(l.dn)!] })),
      logoutProfile: undefined,
    });
  }
  return defaultStationConfig(cluster.name, dns, ephones);
}
