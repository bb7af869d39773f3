import { ok, type Result, refused } from '../../lab/result.ts';
import type {
  CtiButton,
  CtiButtonKind,
  CtiLineAppearances,
  CtiProfileNumber,
  CtiSettings,
  CtiStationConfig,
} from './cti-ports.ts';

export type EmError =
  /** No `voice user-profile` has `user <name>`. */
  | 'unknown-user'
  /** No ephone with that tag. */
  | 'unknown-ephone'
  /** The ephone has no `logout-profile`: it is not an Extension Mobility phone. */
  | 'not-em-phone'
  /** `emadmin logout` for a user who is not logged in anywhere. */
  | 'not-logged-in';

/** The ephone tag logged in or out, or why not. */
export type EmResult = Result<number, EmError>;

/**
 * Extension Mobility as the CTI application drives it (CME CSTA guide Step 2 `emadmin login name
 * ephone-tag`: "Enables application to log in to an IP phone that is enabled for Extension
 * Mobility"; Step 3 `emadmin logout name`). Logging in gives the phone the user profile's numbers
 * (`voice user-profile` `number ... type ...`); logging out returns it to its `logout-profile`.
 * Each change gives the ephone its new line buttons through the line-appearance port, which
 * rebuilds the appearances and restarts the phone so it re-registers with its new buttons.
 */
export class CtiExtensionMobility {
  /** ephone tag -> logged-in user. */
  private readonly users = new Map<number, string>();

  constructor(
    private readonly settings: CtiSettings,
    private readonly config: CtiStationConfig,
    private readonly lines: CtiLineAppearances,
  ) {}

  userOn(ephoneTag: number): string | undefined {
    return this.users.get(ephoneTag);
  }

  phoneOf(user: string): number | undefined {
    for (const [tag, u] of this.users) if (u === user) return tag;
    return undefined;
  }

  login(user: string, ephoneTag: number): EmResult {
    const numbers = typeof user === 'string' ? this.settings.userProfileNumbers(user) : undefined;
    if (numbers === undefined) return refused('unknown-user', `no voice user-profile has user ${user}`);
    const ephone = this.config.ephones.get(ephoneTag);
    if (ephone === undefined) return refused('unknown-ephone', `no ephone ${ephoneTag}`);
    if (ephone.logoutProfile === undefined)
      return refused('not-em-phone', `ephone ${ephoneTag} has no logout-profile`);
    // A user is on one phone at a time: logging in elsewhere logs out of the previous phone.
    const previous = this.phoneOf(user);
    if (previous !== undefined && previous !== ephoneTag) this.logout(user);
    this.users.set(ephoneTag, user);
    this.apply(ephoneTag, numbers);
    return ok(ephoneTag);
  }

  logout(user: string): EmResult {
    const tag = this.phoneOf(user);
    if (tag === undefined) return refused('not-logged-in', `${user} is not logged in`);
    this.users.delete(tag);
    const ephone = this.config.ephones.get(tag);
    const numbers =
      ephone?.logoutProfile === undefined
        ? undefined
        : this.settings.logoutProfileNumbers(ephone.logoutProfile);
    this.apply(tag, numbers ?? []);
    return ok(tag);
  }

  /** The profile's numbers that are DNs of this CME become the ephone's line buttons, in order. */
  private apply(ephoneTag: number, numbers: readonly CtiProfileNumber[]): void {
    if (!this.config.ephones.has(ephoneTag)) return;
    const buttons: CtiButton[] = [];
    for (const n of numbers) {
      const tag = [...this.config.dns.values()].find((d) => d.number === n.number)?.tag;
      if (tag !== undefined)
        buttons.push({ index: buttons.length + 1, kind: buttonKind(n.type), dnTags: [tag] });
    }
    this.lines.setLineButtons(ephoneTag, buttons);
  }
}

/** `voice user-profile` / `logout-profile` `number <n> type <t>` -> the button kind. */
function buttonKind(type: string): CtiButtonKind {
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
