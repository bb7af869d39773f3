import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { dialableNumber } from '../../csta/device-id.ts';
import { ephoneModel } from '../../station/phone-models.ts';
import type { DnConfig, EphoneConfig } from '../../station/station-config.ts';
import type { CmeLab } from '../cme.ts';
import { CtiError } from './cti-errors.ts';
import type { CtiSession } from './cti-session.ts';

/**
 * Which directory numbers a CTI session may monitor and control (seeds/004 "Configure a Number
 * or Device for CTI CSTA Operations", its "Restriction" list and the `cti watch` / `cti notify`
 * command descriptions). The same checks guard MonitorStart and every service on a device.
 */
export class CtiRestrictions {
  constructor(
    private readonly lab: CmeLab,
    /** The user logged into an Extension Mobility phone, by ephone tag. */
    private readonly emUser: (ephoneTag: number) => string | undefined,
  ) {}

  /** The DN a device id names, if it is a directory number of this CME. */
  dnOf(deviceId: unknown): string | undefined {
    if (typeof deviceId !== 'string') return undefined;
    const number = dialableNumber(deviceId);
    if (number === undefined) return undefined;
    return this.dnConfig(number) !== undefined && this.lab.calls.model.hasDevice(number) ? number : undefined;
  }

  dnConfig(number: string): DnConfig | undefined {
    for (const d of this.lab.node.config.dns.values()) if (d.number === number) return d;
    return undefined;
  }

  /** The ephones that carry the DN on a line button now. */
  phonesOf(dn: string): EphoneConfig[] {
    const tags = new Set(this.lab.node.appearances.appearancesOf(dn).map((a) => a.ephoneTag));
    return [...tags].map((t) => this.lab.node.config.ephones.get(t)).filter((e): e is EphoneConfig => !!e);
  }

  /** An Extension Mobility phone (`logout-profile`) carrying the DN while nobody is logged in. */
  onUnloggedEmPhone(dn: string): boolean {
    return this.phonesOf(dn).some((e) => e.logoutProfile !== undefined && this.emUser(e.tag) === undefined);
  }

  /**
   * May `session` monitor / control `dn`? Undefined when it may, else the error to answer.
   * Order: the DN exists; the session may address it; `cti watch`; overlay; phones are SCCP IP
   * phones (or, phoneless, `cti notify`); shared lines for MOC clients.
   */
  check(session: CtiSession, dn: string): CSTAErrorCode | undefined {
    const cfg = this.dnConfig(dn);
    if (cfg === undefined || !this.lab.calls.model.hasDevice(dn)) return CtiError.invalidDevice;
    // A MOC or generic client controls the line of its session (TR/87: the dialog's To is the
    // line); a session manager serves applications controlling any CTI DN (seeds/004 "Create a
    // Session Manager"). Our choice: documented in cti-service.ts.
    if (session.client !== 'session-manager' && dn !== session.dn) return CtiError.notPermitted;
    // seeds/004 Step 6: `cti watch` "Allows this directory number to be monitored and controlled".
    if (!cfg.ctiWatch) return CtiError.notPermitted;
    // seeds/004 Restriction: "Overlay DNs are not supported on IP phones for a CSTA client application."
    if (this.lab.node.appearances.isOverlay(dn)) return CtiError.incompatibleDevice;
    const phones = this.phonesOf(dn);
    if (phones.length === 0) {
      // seeds/004 Step 7: `cti notify` is "Required if ephone-dn to be monitored/controlled is not
      // associated with a physical device".
      if (!cfg.ctiNotify) return CtiError.deviceOutOfService;
    } else if (!phones.some(isSccpIpPhone)) {
      // seeds/004 Restriction: "Only SCCP IP phones can be controlled by a CSTA client application."
      return CtiError.incompatibleDevice;
    }
    // seeds/004 Restriction: "Shared lines are not supported on an IP phone associated with a MOC client."
    if (session.client === 'moc' && this.lab.node.appearances.isShared(dn))
      return CtiError.incompatibleDevice;
    return undefined;
  }

  /**
   * seeds/004 Restriction: VG224, ATAs and FXS ports do not support a prompted make-call, nor
   * "Certain Cisco Unified phone models, including the Cisco Unified 792X and Cisco Unified 793X"
   * (ephone-models.ts promptedMakeCall), and "Prompted Make Call is not supported on IP phones
   * associated with a MOC Client". A phoneless DN cannot be prompted either (nobody to alert).
   */
  promptAllowed(session: CtiSession, dn: string): boolean {
    if (session.client === 'moc') return false;
    const phones = this.phonesOf(dn).filter(isSccpIpPhone);
    return phones.length > 0 && phones.every((e) => ephoneModel(e.model)?.promptedMakeCall ?? true);
  }
}

/**
 * An SCCP IP phone (hard or soft). An ephone without `type` registers with whatever device type it
 * has; it is taken as an IP phone (IOS ephones are SCCP; ATA/VG224/analog are configured by type).
 */
export function isSccpIpPhone(e: EphoneConfig): boolean {
  const model = ephoneModel(e.model);
  if (model === undefined) return true;
  return model.kind === 'ip-phone' || model.kind === 'softphone';
}
