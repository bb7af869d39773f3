import type { EphoneButton } from './ephone-button.ts';

/**
 * The model of a Cisco IOS running-config as far as a CME CTI lab needs it (CME CSTA guide "CTI CSTA
 * Protocol Suite"): telephony-service, ephone-dns, ephones, voice service voip, voice register
 * global / session-server, voice user-profile / logout-profile. Everything else is kept verbatim
 * in `unmodelled`. Line numbers are 1-based and point into the parsed text.
 */
export type ConfigMode =
  | 'global'
  | 'telephony-service'
  | 'ephone-dn'
  | 'ephone-dn-template'
  | 'ephone'
  | 'voice-service-voip'
  | 'voice-service-voip-sip'
  | 'voice-register-global'
  | 'voice-register-session-server'
  | 'voice-user-profile'
  | 'voice-logout-profile';

/** CME `transfer-system {blind | full-blind | full-consult [dss | privacy-on-hold] | local-consult}`. */
export type TransferSystem = 'blind' | 'full-blind' | 'full-consult' | 'local-consult';

export interface IpSourceAddress {
  address: string;
  /** SCCP listening port; IOS default 2000. */
  port: number;
  match: 'any-match' | 'strict-match' | undefined;
  /** `secondary <ip>`: the standby CME the phones are told about. */
  secondary: string | undefined;
  /** `rehome <seconds>` after `secondary`. */
  rehome: number | undefined;
  line: number;
}

export interface UrlSetting {
  /** `url <kind> <url> [root]`: services, directories, idle, information, authentication, proxy-server. */
  kind: string;
  url: string;
  root: boolean;
  line: number;
}

export interface TelephonyService {
  /** Line of the first `telephony-service`. */
  line: number;
  maxEphones: number | undefined;
  maxEphonesLine: number | undefined;
  maxDn: number | undefined;
  maxDnLine: number | undefined;
  ipSourceAddress: IpSourceAddress | undefined;
  /** Addresses from `ip source-address ... secondary <ip>` (the CallManager list after the primary). */
  secondaryCallManagers: string[];
  /** Seconds; IOS default 30. */
  keepalive: number;
  transferSystem: TransferSystem | undefined;
  transferSystemOption: 'dss' | 'privacy-on-hold' | undefined;
  maxConferences: number | undefined;
  /** `max-conferences <n> gain {-6 | 0 | 3}`. */
  conferenceGain: number | undefined;
  /** `em logout <hh:mm> [<hh:mm> [<hh:mm>]]`: automatic Extension Mobility logout times. */
  emLogout: string[] | undefined;
  /** `em external`: no EM login page in the Services menu (CME CSTA guide Step 10). */
  emExternal: boolean;
  /** `url services <url> [root]` (CME CSTA guide Step 11). */
  urlServices: UrlSetting | undefined;
  urls: UrlSetting[];
  /** `cnf-file location {flash: | slot0: | system: | tftp <url>}`. */
  cnfFileLocation: string | undefined;
  /** `cnf-file {perphone | perphonetype | per-type}`. */
  cnfFileGranularity: string | undefined;
  /** `create cnf-files [version-stamp ...]`. */
  createCnfFiles: { versionStamp: string | undefined } | undefined;
  /** `xml user <name> password <pw> <level>` (AXL user, CME CSTA guide "Enable CTI CSTA"). */
  xmlUser: { user: string; password: string; privilege: number | undefined } | undefined;
}

export type DnLineMode = 'single-line' | 'dual-line' | 'octo-line';

export interface CallForward {
  all: string | undefined;
  busy: string | undefined;
  noAnswer: { number: string; timeout: number | undefined } | undefined;
  maxLength: number | undefined;
}

export interface EphoneDn {
  tag: number;
  /** Line of the first `ephone-dn <tag>`. */
  line: number;
  lineMode: DnLineMode;
  dualLine: boolean;
  octoLine: boolean;
  number: string | undefined;
  numberLine: number | undefined;
  secondaryNumber: string | undefined;
  /** `number ... no-reg [both | primary]`. */
  noReg: 'both' | 'primary' | undefined;
  /** `preference <0-9>`, default 0; several DNs may share a number only with distinct preferences. */
  preference: number;
  name: string | undefined;
  label: string | undefined;
  description: string | undefined;
  callForward: CallForward;
  /**
   * `cti watch` (CME CSTA guide Step 6), effective: the DN's own setting, else its template's, else
   * off. `ctiWatchSource` says which one it came from.
   */
  ctiWatch: boolean;
  /** `cti notify` (CME CSTA guide Step 7), effective, resolved like `ctiWatch`. */
  ctiNotify: boolean;
  ctiWatchSource: SettingSource;
  ctiNotifySource: SettingSource;
  /** `ephone-dn-template <tag>` applied to this DN, and its line. */
  template: number | undefined;
  templateLine: number | undefined;
  /**
   * `mobility` (Cisco Unified CME "Single Number Reach" / Unified Mobility, CME 8.6 and later):
   * the DN's user may be reached at its `snr` remote number; the CTI layer's dial-via-office
   * (CME 8.8 "CTI CSTA Protocol Suite Enhancement") needs it (simulators/cme/cti/cti-dial-via-office.ts).
   */
  mobility: boolean;
  /** `snr <e164-number> delay <seconds> timeout <seconds> [cfwd-noan <number>]`: the user's remote number. */
  snr: SingleNumberReach | undefined;
}

/** The `snr` command of an ephone-dn (Cisco Unified CME "Single Number Reach"). */
export interface SingleNumberReach {
  /** The remote (mobile) number the CME calls for the user. */
  number: string;
  /** Seconds the CME lets the desk phone ring before it rings the remote number (incoming calls). */
  delaySeconds: number;
  /** Seconds the remote number rings before the CME gives up on it. */
  timeoutSeconds: number;
  /** `cfwd-noan <number>`: where an unanswered incoming call goes. */
  cfwdNoan: string | undefined;
  line: number;
}

/** Where an ephone-dn setting came from: the DN's own command, its template, or the IOS default. */
export type SettingSource = 'dn' | 'template' | 'default';

/**
 * `ephone-dn-template <1-15>`: settings an ephone-dn takes with `ephone-dn-template <tag>`
 * (CME CSTA guide Steps 6-7: `cti watch` / `cti notify` "can also be configured in ephone-dn-template
 * configuration mode"). Undefined means the template does not set it.
 */
export interface EphoneDnTemplate {
  tag: number;
  line: number;
  ctiWatch: boolean | undefined;
  ctiNotify: boolean | undefined;
}

export interface Ephone {
  tag: number;
  line: number;
  /** 12 upper-case hex digits. */
  macAddress: string | undefined;
  macLine: number | undefined;
  /** `SEP` + MAC, the SCCP device name. */
  deviceName: string | undefined;
  /** `type` as configured: `7961`, `7960`, `ATA`, `anl`, `CIPC`, `VG224`, ... */
  type: string | undefined;
  /** `type <model> addon 1 <module> [2 <module>]`. */
  addons: string[];
  /** Buttons by ascending index (a later `button` for the same index replaces the earlier). */
  buttons: EphoneButton[];
  logoutProfile: number | undefined;
  logoutProfileLine: number | undefined;
  username: { name: string; password: string | undefined } | undefined;
  description: string | undefined;
}

export interface VoiceServiceVoip {
  line: number;
  /** `allow-connections <from> to <to>` (also the `sip-to-sip` spelling of CME CSTA guide Step 4). */
  allowConnections: Array<{ from: string; to: string }>;
  /** `cti shutdown` is the IOS default; `no cti shutdown` enables CTI (CME CSTA guide Step 7). */
  ctiShutdown: boolean;
  /** `cti csta mode basic` (CME CSTA guide Step 10, required for MOC). */
  ctiCstaModeBasic: boolean;
  /** `cti message device-id suppress-conversion` (CME CSTA guide Step 11). */
  ctiMessageDeviceIdSuppressConversion: boolean;
  callmonitor: boolean;
  gcid: boolean;
  /** `no supplementary-service <rest>`, rest as written, e.g. `sip refer`. */
  supplementaryServicesDisabled: string[];
  /** `sip` / `registrar server [expires [max <s>] [min <s>]]` (CME CSTA guide Step 13). */
  sipRegistrar: { expiresMax: number | undefined; expiresMin: number | undefined; line: number } | undefined;
}

export interface VoiceRegisterGlobal {
  line: number;
  /** `mode cme` / `mode srst`. */
  mode: string | undefined;
  sourceAddress: { address: string; port: number } | undefined;
}

export interface VoiceRegisterSessionServer {
  tag: number;
  line: number;
  /** Seconds, 60..3600, default 300 (CME CSTA guide "Create a Session Manager" Step 9). */
  keepalive: number;
  registerId: string | undefined;
  ctiAware: boolean;
}

export interface ProfileNumber {
  number: string;
  /** `type normal | silent-ring | beep-ring | feature-ring | monitor-ring | overlay | cw-overlay`. */
  type: string;
  line: number;
}

export interface VoiceUserProfile {
  tag: number;
  line: number;
  user: string | undefined;
  password: string | undefined;
  numbers: ProfileNumber[];
}

export interface VoiceLogoutProfile {
  tag: number;
  line: number;
  numbers: ProfileNumber[];
}

export interface UnmodelledCommand {
  line: number;
  text: string;
  /** A `ConfigMode`, or the entry words of an unmodelled mode (`interface`, `ip dhcp pool`, ...). */
  mode: string;
  /** The command that entered the mode (`interface FastEthernet0/0`); undefined at global level. */
  context: string | undefined;
}

/**
 * Relationships derived from the buttons (see ios-config-relations.ts):
 * - `dnEphones`: DN tag -> tags of the ephones with a button carrying it (any button kind; an
 *   expansion button counts for the DNs of its overlay);
 * - `sharedDnTags`: DNs on buttons of two or more ephones (shared lines);
 * - `overlayDnTags`: DNs on an overlay (`o` or `c`) button;
 * - `ephoneLines`: ephone tag -> button index -> DN tags on that button.
 */
export interface ConfigRelations {
  dnEphones: Map<number, number[]>;
  sharedDnTags: number[];
  overlayDnTags: number[];
  ephoneLines: Map<number, Map<number, number[]>>;
}

export interface IosConfig {
  hostname: string | undefined;
  telephonyService: TelephonyService | undefined;
  ephoneDns: Map<number, EphoneDn>;
  ephoneDnTemplates: Map<number, EphoneDnTemplate>;
  ephones: Map<number, Ephone>;
  voiceServiceVoip: VoiceServiceVoip | undefined;
  voiceRegisterGlobal: VoiceRegisterGlobal | undefined;
  voiceRegisterSessionServers: Map<number, VoiceRegisterSessionServer>;
  voiceUserProfiles: Map<number, VoiceUserProfile>;
  voiceLogoutProfiles: Map<number, VoiceLogoutProfile>;
  unmodelled: UnmodelledCommand[];
  relations: ConfigRelations;
}
