import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import { ok, type Result, refused } from '../../lab/result.ts';
import { CtiError } from './cti-errors.ts';
import type { CtiCallModel, CtiDn, CtiEphone, CtiLineAppearances, CtiStationConfig } from './cti-ports.ts';
import type { CtiSession } from './cti-session.ts';

/**
 * Which directory numbers a CTI session may monitor and control (CME CSTA guide "Configure a Number
 * or Device for CTI CSTA Operations", its "Restriction" list and the `cti watch` / `cti notify`
 * command descriptions). The same checks guard MonitorStart and every service on a device.
 */
export class CtiRestrictions {
  constructor(
    private readonly config: CtiStationConfig,
    private readonly lines: CtiLineAppearances,
    private readonly model: Pick<CtiCallModel, 'hasDevice'>,
    /** The user logged into an Extension Mobility phone, by ephone tag. */
    private readonly emUser: (ephoneTag: number) => string | undefined,
  ) {}

  /** The DN a device id names, if it is a directory number of this CME. */
  dnOf(deviceId: unknown): string | undefined {
    if (typeof deviceId !== 'string') return undefined;
    const cfg = this.dnConfig(dialableNumber(deviceId));
    return cfg !== undefined && this.model.hasDevice(cfg.number) ? cfg.number : undefined;
  }

  /** The `ephone-dn` whose number is `number` (none for a device id without a dialable number). */
  dnConfig(number: string | undefined): CtiDn | undefined {
    for (const d of this.config.dns.values()) if (d.number === number) return d;
    return undefined;
  }

  /** The ephones that carry the DN on a line button now. */
  phonesOf(dn: string): CtiEphone[] {
    const tags = new Set(this.lines.appearancesOf(dn).map((a) => a.ephoneTag));
    return [...tags].map((t) => this.config.ephones.get(t)).filter((e): e is CtiEphone => !!e);
  }

  /** An Extension Mobility phone (`logout-profile`) carrying the DN while nobody is logged in. */
  onUnloggedEmPhone(dn: string): boolean {
    return this.phonesOf(dn).some((e) => e.logoutProfile !== undefined && this.emUser(e.tag) === undefined);
  }

  /**
   * May `session` monitor / control `dn`? Ok when it may, else the refusal to answer.
   * Order: the DN exists; the session may address it; `cti watch`; overlay; phones are SCCP IP
   * phones (or, phoneless, `cti notify`); shared lines for MOC clients.
   */
  check(session: CtiSession, dn: string): Result<void, CSTAErrorCode> {
    const cfg = this.dnConfig(dn);
    if (cfg === undefined || !this.model.hasDevice(dn))
      return refused(CtiError.invalidDevice, `${dn} is not a directory number of this CME`);
    // A MOC or generic client controls the line of its session (TR/87: the dialog's To is the
    // line); a session manager serves applications controlling any CTI DN (CME CSTA guide "Create a
    // Session Manager"). Our choice: documented in cti-service.ts.
    if (session.client !== 'session-manager' && dn !== session.dn)
      return refused(CtiError.notPermitted, `a ${session.client} session controls only ${session.dn}`);
    // CME CSTA guide Step 6: `cti watch` "Allows this directory number to be monitored and controlled".
    if (!cfg.ctiWatch) return refused(CtiError.notPermitted, `${dn} has no cti watch`);
    // CME CSTA guide Restriction: "Overlay DNs are not supported on IP phones for a CSTA client application."
    if (this.lines.isOverlay(dn)) return refused(CtiError.incompatibleDevice, `${dn} is an overlay DN`);
    const phones = this.phonesOf(dn);
    if (phones.length === 0) {
      // CME CSTA guide Step 7: `cti notify` is "Required if ephone-dn to be monitored/controlled is not
      // associated with a physical device".
      if (!cfg.ctiNotify) return refused(CtiError.deviceOutOfService, `${dn} has no phone and no cti notify`);
    } else if (!phones.some((e) => this.isSccpIpPhone(e))) {
      // CME CSTA guide Restriction: "Only SCCP IP phones can be controlled by a CSTA client application."
      return refused(CtiError.incompatibleDevice, `${dn} is on no SCCP IP phone`);
    }
    // CME CSTA guide Restriction: "Shared lines are not supported on an IP phone associated with a MOC client."
    if (session.client === 'moc' && this.lines.isShared(dn))
      return refused(CtiError.incompatibleDevice, `${dn} is a shared line (MOC client)`);
    return ok();
  }

  /**
   * CME CSTA guide Restriction: VG224, ATAs and FXS ports do not support a prompted make-call, nor
   * "Certain Cisco Unified phone models, including the Cisco Unified 792X and Cisco Unified 793X"
   * (ephone-models.ts promptedMakeCall), and "Prompted Make Call is not supported on IP phones
   * associated with a MOC Client". A phoneless DN cannot be prompted either (nobody to alert).
   */
  promptAllowed(session: CtiSession, dn: string): boolean {
    if (session.client === 'moc') return false;
    const phones = this.phonesOf(dn).filter((e) => this.isSccpIpPhone(e));
    return (
      phones.length > 0 && phones.every((e) => this.config.phoneModel(e.model)?.promptedMakeCall ?? true)
    );
  }

  /**
   * An SCCP IP phone (hard or soft). An ephone without `type` registers with whatever device type
   * it has; it is taken as an IP phone (IOS ephones are SCCP; ATA/VG224/analog are configured by type).
   */
  isSccpIpPhone(e: CtiEphone): boolean {
    const model = this.config.phoneModel(e.model);
    if (model === undefined) return true;
    return model.kind === 'ip-phone' || model.kind === 'softphone';
  }
}
