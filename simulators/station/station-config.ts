/**
 * The view of a call agent's configuration the station side works from: phones (ephones) with
 * their line buttons resolved to directory numbers, plus the settings that drive registration
 * and call handling. The CME builds it from a parsed IOS config (cme/config/load-cme-config.ts)
 * so the station side never reads parser internals; a CUCM node builds it from its cluster
 * configuration.
 */
/** How a line button presents its DNs (the CME ephone `button` separators; CUCM line appearances). */
export type ButtonKind =
  | 'normal'
  | 'beep'
  | 'feature-ring'
  | 'monitor'
  | 'silent'
  | 'overlay'
  | 'overlay-call-waiting'
  | 'expansion'
  | 'watch';

export interface DnConfig {
  tag: number;
  number: string;
  name: string | undefined;
  /** `ephone-dn <tag> dual-line`: two call channels (call waiting / consultation on one button). */
  dualLine: boolean;
  /**
   * Calls the DN holds at once when it is not a phone line (a CUCM CTI route point's "Simultaneous
   * Active Calls"); default 2 for a dual-line DN, else 1.
   */
  maxCalls?: number;
  /** Several calls connected at once (a CUCM CTI route point line; call model `manyActive`). */
  manyActive?: boolean;
  /** `cti watch`: a CSTA client may monitor and control this DN (CME CSTA guide). */
  ctiWatch: boolean;
  /** `cti notify`: the DN is kept "up" for CTI even without a registered phone (CME CSTA guide). */
  ctiNotify: boolean;
  forwardAll: string | undefined;
  forwardBusy: string | undefined;
  forwardNoAnswer: { number: string; timeoutSeconds: number } | undefined;
}

export interface ButtonConfig {
  /** Button number on the phone (`button 1:...` = 1). */
  index: number;
  kind: ButtonKind;
  /** DN tags on this button, leftmost first (overlay: up to 10). */
  dnTags: number[];
}

export interface EphoneConfig {
  tag: number;
  /** 12 upper-case hex digits. */
  mac: string;
  /** `SEP` + MAC, the SCCP device name. */
  deviceName: string;
  /** `type` as configured (e.g. `7961`, `7960`, `ATA`, `anl`). */
  model: string | undefined;
  buttons: ButtonConfig[];
  logoutProfile: number | undefined;
}

export interface StationSettings {
  hostname: string;
  maxEphones: number;
  maxDn: number;
  /** telephony-service `keepalive` seconds (IOS default 30). */
  keepaliveSeconds: number;
  maxConferences: number;
  transferSystem: string;
  sourceAddress: string | undefined;
  sourcePort: number;
  secondaryAddress: string | undefined;
}

export interface StationConfig {
  settings: StationSettings;
  dns: Map<number, DnConfig>;
  ephones: Map<number, EphoneConfig>;
  /** Unmodelled IOS commands, kept for the operator (never fatal). */
  unmodelled: Array<{ line: number; text: string }>;
}

/**
 * The station configuration of a node that has no IOS configuration of its own (a CUCM cluster, an
 * ACD lab's phones): its DNs and ephones under the settings an IOS CME would default to
 * (keepalive 30 s, 8 conferences, full-consult transfer, SCCP on 2000, no source or secondary
 * address), at least one ephone and one DN allowed.
 */
export function defaultStationConfig(
  hostname: string,
  dns: Map<number, DnConfig>,
  ephones: Map<number, EphoneConfig>,
): StationConfig {
  return {
    settings: {
      hostname,
      maxEphones: Math.max(1, ephones.size),
      maxDn: Math.max(1, dns.size),
      keepaliveSeconds: 30,
      maxConferences: 8,
      transferSystem: 'full-consult',
      sourceAddress: undefined,
      sourcePort: 2000,
      secondaryAddress: undefined,
    },
    dns,
    ephones,
    unmodelled: [],
  };
}

/** Device name -> the first ephone with it, per ephones map (built on first use, checked on each). */
const ephoneIndexes = new WeakMap<Map<number, EphoneConfig>, Map<string, EphoneConfig>>();

function ephoneIndexOf(ephones: Map<number, EphoneConfig>): Map<string, EphoneConfig> {
  const index = new Map<string, EphoneConfig>();
  for (const e of ephones.values()) if (!index.has(e.deviceName)) index.set(e.deviceName, e);
  ephoneIndexes.set(ephones, index);
  return index;
}

/**
 * The ephone registering as `deviceName` (any case): the first in the ephones map's order. A map
 * lookup, not a scan of every ephone per RegisterReq (issue 13: a scan made registration O(N) per
 * phone). A hit is checked against the map (the ephone is still there under that name); a miss
 * rebuilds the index from the map and asks once more, so an ephone added or renamed since is found.
 */
export function ephoneByDeviceName(config: StationConfig, deviceName: string): EphoneConfig | undefined {
  const name = deviceName.toUpperCase();
  const ephones = config.ephones;
  let index = ephoneIndexes.get(ephones);
  if (index === undefined || index.size > ephones.size) index = ephoneIndexOf(ephones);
  const hit = index.get(name);
  if (hit !== undefined && hit.deviceName === name && ephones.get(hit.tag) === hit) return hit;
  // A miss or a changed map: the index is rebuilt and asked once more.
  return ephoneIndexOf(ephones).get(name);
}

/** Number -> the first ephone-dn with it, per dns map (built on first use, checked on each). */
const dnIndexes = new WeakMap<Map<number, DnConfig>, Map<string, DnConfig>>();

function dnIndexOf(dns: Map<number, DnConfig>): Map<string, DnConfig> {
  const index = new Map<string, DnConfig>();
  for (const d of dns.values()) if (!index.has(d.number)) index.set(d.number, d);
  dnIndexes.set(dns, index);
  return index;
}

/**
 * The first ephone-dn (in the dns map's order) with `number`: an index lookup, not a copy and
 * scan of every DN per LineStatReq (issue 13). Checked against the map like ephoneByDeviceName.
 */
export function dnByNumber(config: StationConfig, number: string): DnConfig | undefined {
  const dns = config.dns;
  let index = dnIndexes.get(dns);
  if (index === undefined || index.size > dns.size) index = dnIndexOf(dns);
  const hit = index.get(number);
  if (hit !== undefined && hit.number === number && dns.get(hit.tag) === hit) return hit;
  return dnIndexOf(dns).get(number);
}
