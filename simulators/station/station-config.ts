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

export function ephoneByDeviceName(config: StationConfig, deviceName: string): EphoneConfig | undefined {
  for (const e of config.ephones.values()) if (e.deviceName === deviceName.toUpperCase()) return e;
  return undefined;
}
