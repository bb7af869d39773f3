import type { ButtonConfig, ButtonKind } from '../../station/station-config.ts';
import type { CmeLab } from '../cme.ts';
import type { IosConfig, ProfileNumber } from '../config/ios-config-types.ts';

export type EmError =
  /** No `voice user-profile` has `user <name>`. */
  | 'unknown-user'
  /** No ephone with that tag. */
  | 'unknown-ephone'
  /** The ephone has no `logout-profile`: it is not an Extension Mobility phone. */
  | 'not-em-phone'
  /** `emadmin logout` for a user who is not logged in anywhere. */
  | 'not-logged-in';

export type EmResult =
  | { readonly ok: true; readonly ephoneTag: number }
  | { readonly ok: false; readonly error: EmError };

/**
 * Extension Mobility as the CTI application drives it (seeds/004 Step 2 `emadmin login name
 * ephone-tag`: "Enables application to log in to an IP phone that is enabled for Extension
 * Mobility"; Step 3 `emadmin logout name`). Logging in gives the phone the user profile's numbers
 * (`voice user-profile` `number ... type ...`); logging out returns it to its `logout-profile`.
 * Each change rewrites the ephone's buttons, rebuilds the line appearances in place and sends the
 * phone a Reset (restart) so it re-registers and fetches its new button template.
 */
export class CtiExtensionMobility {
  /** ephone tag -> logged-in user. */
  private readonly users = new Map<number, string>();

  constructor(
    private readonly lab: CmeLab,
    private readonly ios: IosConfig,
  ) {}

  userOn(ephoneTag: number): string | undefined {
    return this.users.get(ephoneTag);
  }

  phoneOf(user: string): number | undefined {
    for (const [tag, u] of this.users) if (u === user) return tag;
    return undefined;
  }

  login(user: string, ephoneTag: number): EmResult {
    const profile =
      typeof user === 'string'
        ? [...this.ios.voiceUserProfiles.values()].find((p) => p.user === user)
        : undefined;
    if (profile === undefined) return { ok: false, error: 'unknown-user' };
    const ephone = this.lab.node.config.ephones.get(ephoneTag);
    if (ephone === undefined) return { ok: false, error: 'unknown-ephone' };
    if (ephone.logoutProfile === undefined) return { ok: false, error: 'not-em-phone' };
    // A user is on one phone at a time: logging in elsewhere logs out of the previous phone.
    const previous = this.phoneOf(user);
    if (previous !== undefined && previous !== ephoneTag) this.logout(user);
    this.users.set(ephoneTag, user);
    this.apply(ephoneTag, profile.numbers);
    return { ok: true, ephoneTag };
  }

  logout(user: string): EmResult {
    const tag = this.phoneOf(user);
    if (tag === undefined) return { ok: false, error: 'not-logged-in' };
    this.users.delete(tag);
    const ephone = this.lab.node.config.ephones.get(tag);
    const logoutProfile =
      ephone?.logoutProfile === undefined
        ? undefined
        : this.ios.voiceLogoutProfiles.get(ephone.logoutProfile);
    this.apply(tag, logoutProfile?.numbers ?? []);
    return { ok: true, ephoneTag: tag };
  }

  private apply(ephoneTag: number, numbers: readonly ProfileNumber[]): void {
    const { node, calls } = this.lab;
    const ephone = node.config.ephones.get(ephoneTag);
    if (ephone === undefined) return;
    const before = new Set(ephone.buttons.flatMap((b) => b.dnTags));
    const buttons: ButtonConfig[] = [];
    for (const n of numbers) {
      const tag = [...node.config.dns.values()].find((d) => d.number === n.number)?.tag;
      if (tag !== undefined)
        buttons.push({ index: buttons.length + 1, kind: buttonKind(n.type), dnTags: [tag] });
    }
    ephone.buttons = buttons;
    node.appearances.rebuild(node.config);
    // DNs that left or joined a registered phone change service state now (cti notify keeps a
    // phoneless DN up); the restarted phone registers again with its new lines.
    for (const tag of new Set([...before, ...buttons.flatMap((b) => b.dnTags)])) {
      const dn = node.config.dns.get(tag);
      if (dn === undefined || !calls.model.hasDevice(dn.number)) continue;
      const onPhone = node.appearances.appearancesOf(dn.number).some((a) => calls.stations.has(a.deviceName));
      calls.model.setInService(dn.number, onPhone || dn.ctiNotify);
    }
    // reference/skinny-enums.txt DeviceResetType 2 = RESTART.
    node.reset(ephone.deviceName, 2);
  }
}

/** `voice user-profile` / `logout-profile` `number <n> type <t>` -> the button kind. */
function buttonKind(type: string): ButtonKind {
  switch (type) {
    case 'silent-ring':
      return 'silent';
    case 'beep-ring':
      return 'beep';
    case 'feature-ring':
      return 'feature-ring';
    case 'monitor-ring':
      return 'monitor';
    case 'overlay':
      return 'overlay';
    case 'cw-overlay':
      return 'overlay-call-waiting';
    default:
      return 'normal';
  }
}
