import { isOverlayKind } from './ephone-button.ts';
import { IosConfigError, type IosConfigErrorCode } from './ios-config-error.ts';
import type { ConfigDraft } from './ios-config-global.ts';

export interface ValidationOptions {
  /**
   * Refuse more configured ephones than `max-ephones` (pre-4.3 CME). Off by default: since CME
   * 4.3 / 7.0 `max-ephones` caps how many phones *register*, and labs/cme-features.cfg configures
   * one ephone more than it allows so the node's RegisterReject can be tested.
   */
  maxEphonesLimitsConfiguration?: boolean;
}

/**
 * Checks that need the whole config (a DN may be defined after the ephone naming it). Every
 * problem found names its line; the one on the earliest line is thrown, so the report does not
 * depend on the order of the checks.
 */
export function validateConfig(
  draft: ConfigDraft,
  raw: readonly string[],
  options: ValidationOptions = {},
): void {
  const problems: IosConfigError[] = [];
  const report = (code: IosConfigErrorCode, line: number, message: string) => {
    problems.push(new IosConfigError(code, line, (raw[line - 1] ?? '').trim(), message));
  };
  checkNumbers(draft, report);
  checkCounts(draft, report, options.maxEphonesLimitsConfiguration === true);
  checkMacs(draft, report);
  checkButtons(draft, report);
  checkLogoutProfiles(draft, report);
  checkDnTemplates(draft, report);
  const first = problems.reduce<IosConfigError | undefined>(
    (a, p) => (a === undefined || p.line < a.line ? p : a),
    undefined,
  );
  if (first !== undefined) throw first;
}

type Report = (code: IosConfigErrorCode, line: number, message: string) => void;

/**
 * Two ephone-dns with the same primary number are refused, unless their `preference` values
 * differ (IOS hunting across DNs with one number relies on `preference`).
 */
function checkNumbers(draft: ConfigDraft, report: Report): void {
  const seen = new Map<string, Array<{ tag: number; preference: number }>>();
  const dns = [...draft.ephoneDns.values()].filter((d) => d.number !== undefined);
  dns.sort((a, b) => (a.numberLine ?? 0) - (b.numberLine ?? 0));
  for (const dn of dns) {
    const number = dn.number!;
    const earlier = seen.get(number) ?? [];
    const clash = earlier.find((e) => e.preference === dn.preference);
    if (clash !== undefined) {
      report('duplicate-number', dn.numberLine!, `number ${number} already on ephone-dn ${clash.tag}`);
    }
    seen.set(number, [...earlier, { tag: dn.tag, preference: dn.preference }]);
  }
}

/**
 * `max-dn` caps how many ephone-dns may be configured (and `max-ephones` the ephones, when asked);
 * the first one over the limit is named. Without a telephony-service limit nothing is capped
 * (config fragments such as CME CSTA guide's per-step examples have ephones but no telephony-service).
 */
function checkCounts(draft: ConfigDraft, report: Report, ephonesCapped: boolean): void {
  const ts = draft.telephonyService;
  const over = (lines: number[], max: number | undefined, code: IosConfigErrorCode, what: string) => {
    if (max === undefined || lines.length <= max) return;
    const sorted = [...lines].sort((a, b) => a - b);
    report(code, sorted[max]!, `${lines.length} ${what} configured, max is ${max}`);
  };
  over(
    [...draft.ephones.values()].map((e) => e.line),
    ephonesCapped ? ts?.maxEphones : undefined,
    'too-many-ephones',
    'ephones',
  );
  over(
    [...draft.ephoneDns.values()].map((d) => d.line),
    ts?.maxDn,
    'too-many-dns',
    'ephone-dns',
  );
}

function checkMacs(draft: ConfigDraft, report: Report): void {
  const byMac = new Map<string, number>();
  const ephones = [...draft.ephones.values()].filter((e) => e.macAddress !== undefined);
  ephones.sort((a, b) => (a.macLine ?? 0) - (b.macLine ?? 0));
  for (const e of ephones) {
    const other = byMac.get(e.macAddress!);
    if (other !== undefined)
      report('duplicate-mac', e.macLine!, `MAC ${e.macAddress} already on ephone ${other}`);
    else byMac.set(e.macAddress!, e.tag);
  }
}

function checkButtons(draft: ConfigDraft, report: Report): void {
  for (const e of draft.ephones.values()) {
    for (const b of e.buttons) {
      for (const tag of b.dnTags) {
        if (!draft.ephoneDns.has(tag))
          report('undefined-dn', b.line, `button ${b.index}: ephone-dn ${tag} is not defined`);
      }
      if (isOverlayKind(b.kind)) {
        // chan-sccp (lines, overlays, shared lines): all DNs in an overlay set are single-line or all dual-line
        const modes = new Set(
          b.dnTags.map((t) => draft.ephoneDns.get(t)?.lineMode).filter((m) => m !== undefined),
        );
        if (modes.size > 1) {
          report(
            'overlay-line-mode-mix',
            b.line,
            `overlay button ${b.index} mixes ${[...modes].join(' and ')} DNs`,
          );
        }
      }
      if (b.kind === 'expansion') {
        const target = e.buttons.find((t) => t.index === b.overflowOf);
        if (target === undefined || !isOverlayKind(target.kind)) {
          report(
            'expansion-target',
            b.line,
            `expansion button ${b.index}: button ${b.overflowOf} is not an overlay`,
          );
        }
      }
    }
  }
}

function checkLogoutProfiles(draft: ConfigDraft, report: Report): void {
  for (const e of draft.ephones.values()) {
    if (e.logoutProfile !== undefined && !draft.voiceLogoutProfiles.has(e.logoutProfile)) {
      report(
        'undefined-logout-profile',
        e.logoutProfileLine!,
        `voice logout-profile ${e.logoutProfile} is not defined`,
      );
    }
  }
}

function checkDnTemplates(draft: ConfigDraft, report: Report): void {
  for (const dn of draft.ephoneDns.values()) {
    if (dn.template !== undefined && !draft.ephoneDnTemplates.has(dn.template)) {
      report(
        'undefined-dn-template',
        dn.templateLine!,
        `ephone-dn ${dn.tag}: ephone-dn-template ${dn.template} is not defined`,
      );
    }
  }
}
