import type { CallModel } from '../../calls/call-model.ts';
import type { Clock } from '../../lab/clock.ts';
import type { ObservationStream } from '../../lab/observation.ts';

/**
 * What the CME's CTI service needs of the CME around it, and nothing more: `CmeCti` is built on a
 * `CtiHost`, which `CmeLab` (simulators/cme/cti-host.ts) assembles from its station server, call
 * control and IOS config. The CTI layer therefore imports no node (no cme.ts), and a test can run
 * it on any host that provides these few members.
 */
export interface CtiHost {
  /** The CME's name: the source of the CTI layer's observations. */
  readonly name: string;
  /** Timestamps of sessions (created / refreshed). */
  readonly clock: Clock;
  readonly observations: Pick<ObservationStream, 'publish'>;
  readonly settings: CtiSettings;
  readonly config: CtiStationConfig;
  readonly lines: CtiLineAppearances;
  readonly calls: CtiCallControl;
}

/**
 * The IOS settings of the CTI CSTA feature (Cisco "CTI CSTA Protocol Suite": "Enable CTI CSTA",
 * "Create a Session Manager", Extension Mobility profiles), read each time they are needed.
 */
export interface CtiSettings {
  /** `voice service voip` / `no cti shutdown` ("Enables CTI integration"; `cti shutdown` is the default). */
  readonly enabled: boolean;
  /** `cti csta mode basic` (required for MOC clients). */
  readonly basicMode: boolean;
  /** `cti message device-id suppress-conversion`: bare numbers instead of `tel:` URIs. */
  readonly suppressDeviceIdConversion: boolean;
  /** Is this the `register-id` of a `voice register session-server` configured `cti-aware`? */
  isCtiAwareRegisterId(registerId: string | undefined): boolean;
  /** The numbers of the `voice user-profile` whose `user` is `user`; undefined when none has it. */
  userProfileNumbers(user: string): readonly CtiProfileNumber[] | undefined;
  /** The numbers of `voice logout-profile <tag>`; undefined when there is none. */
  logoutProfileNumbers(tag: number): readonly CtiProfileNumber[] | undefined;
  /**
   * The ephone-dns whose `snr` (Cisco Unified CME "Single Number Reach") is the remote number
   * `number` (a dialable number, compared as written): where dial-via-office finds the office
   * line of a user reached at a remote number (cti-dial-via-office.ts).
   */
  remoteDestinationsOf(number: string): readonly CtiRemoteDestination[];
}

/** An ephone-dn's `snr` remote number as dial-via-office needs it. */
export interface CtiRemoteDestination {
  /** The office line: the ephone-dn's number. */
  readonly dn: string;
  /** `mobility` is configured on the ephone-dn. */
  readonly mobility: boolean;
  /** `snr ... timeout <seconds>`: how long the remote number rings before the CME gives up. */
  readonly timeoutSeconds: number;
}

/** A `number <n> type <t>` line of a `voice user-profile` or `voice logout-profile`. */
export interface CtiProfileNumber {
  readonly number: string;
  /** `normal | silent-ring | beep-ring | feature-ring | monitor-ring | overlay | cw-overlay`. */
  readonly type: string;
}

/** A read-only view of the station configuration (the CME passes its StationConfig's maps). */
export interface CtiStationConfig {
  readonly dns: ReadonlyMap<number, CtiDn>;
  readonly ephones: ReadonlyMap<number, CtiEphone>;
  /** An ephone `type`'s capabilities, for the "Restriction" list (undefined: unknown model). */
  phoneModel(model: string | undefined): CtiPhoneModel | undefined;
}

/** An `ephone-dn` as CTI sees it. */
export interface CtiDn {
  readonly tag: number;
  readonly number: string;
  /** `cti watch`: "Allows this directory number to be monitored and controlled". */
  readonly ctiWatch: boolean;
  /** `cti notify`: kept in service for CTI without a physical device. */
  readonly ctiNotify: boolean;
}

/** An `ephone` as CTI sees it. */
export interface CtiEphone {
  readonly tag: number;
  /** `SEP` + MAC. */
  readonly deviceName: string;
  /** `type` as configured (`7961`, `ATA`, ...). */
  readonly model: string | undefined;
  /** `logout-profile`: set on an Extension Mobility phone. */
  readonly logoutProfile: number | undefined;
  readonly buttons: readonly { readonly dnTags: readonly number[] }[];
}

/** How an Extension Mobility profile's number appears on a button (a subset of the station's kinds). */
export type CtiButtonKind =
  | 'normal'
  | 'silent'
  | 'beep'
  | 'feature-ring'
  | 'monitor'
  | 'overlay'
  | 'overlay-call-waiting';

export interface CtiButton {
  readonly index: number;
  readonly kind: CtiButtonKind;
  readonly dnTags: number[];
}

/** The line appearances of the phones: read by the restrictions, rewritten by Extension Mobility. */
export interface CtiLineAppearances {
  /** The phones with a line button carrying the DN now. */
  appearancesOf(dn: string): readonly { readonly ephoneTag: number; readonly deviceName: string }[];
  /** The DN appears on two or more phones (a shared line). */
  isShared(dn: string): boolean;
  /** The DN sits on an overlay button. */
  isOverlay(dn: string): boolean;
  /**
   * Extension Mobility (`emadmin login` / `emadmin logout`): give the ephone these line buttons,
   * rebuild the appearances, put the DNs that joined or left a registered phone in or out of
   * service, and restart the phone so it fetches its new buttons.
   */
  setLineButtons(ephoneTag: number, buttons: readonly CtiButton[]): void;
}

/** What the restrictions need to know of an ephone `type`. */
export interface CtiPhoneModel {
  readonly kind: 'ip-phone' | 'ata' | 'analog' | 'vg224' | 'softphone';
  /** Can complete a prompted MakeCall (not VG224, ATA, FXS, 792X, 793X). */
  readonly promptedMakeCall: boolean;
}

/** The call model operations the CSTA services and events use. */
export type CtiCallModel = Pick<
  CallModel,
  | 'on'
  | 'hasDevice'
  | 'makeCall'
  | 'originateMakeCall'
  | 'completeMakeCall'
  | 'answer'
  | 'clear'
  | 'hold'
  | 'retrieve'
  | 'deflect'
  | 'singleStepTransfer'
  | 'consultation'
  | 'transfer'
  | 'alternate'
  | 'generateDigits'
  | 'getDoNotDisturb'
  | 'setDoNotDisturb'
  | 'getForwarding'
  | 'setForwarding'
  | 'setMessageWaiting'
  | 'snapshotDevice'
>;

/** The call control the CTI services drive: the shared call model and the prompted MakeCall. */
export interface CtiCallControl {
  readonly model: CtiCallModel;
  /** Prompt the phones of `dn` to go off-hook and call `digits`; how many phones were prompted. */
  promptedMakeCall(dn: string, digits: string): number;
  /** Withdraw a waiting prompted MakeCall (its session closed). */
  cancelPromptedMakeCall(dn: string): unknown;
  /**
   * Run `op` (a model operation on `dn`) for a party that is not a phone of the node, `owner`
   * (dial-via-office: the user's remote number): the phones with the DN show the connection it
   * creates as remote in use, and none goes off-hook for it.
   */
  asRemoteParty<T>(dn: string, owner: string, op: () => T): T;
}
