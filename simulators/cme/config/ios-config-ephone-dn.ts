import { maxDnTemplateTag } from './ios-config-ephone-dn-template.ts';
import type { ConfigLine } from './ios-config-lines.ts';
import { restOf } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { DnLineMode, EphoneDn } from './ios-config-types.ts';
import { dnNumberAt, fail, intAt } from './ios-config-values.ts';

export const maxDnTag = 99999;

/** `ephone-dn <tag> [dual-line | octo-line]`: the line mode is fixed when the DN is created. */
export function ephoneDnEntry(cmd: ConfigLine, dns: Map<number, EphoneDn>): ModeFrame {
  const tag = intAt(cmd, 1, 'ephone-dn tag', 1, maxDnTag);
  const option = cmd.keys[2];
  if (cmd.keys.length > 3 || (option !== undefined && option !== 'dual-line' && option !== 'octo-line')) {
    fail(cmd, 'bad-argument', 'ephone-dn <tag> [dual-line | octo-line]');
  }
  const requested: DnLineMode | undefined = option as DnLineMode | undefined;
  let dn = dns.get(tag);
  if (dn === undefined) {
    const lineMode = requested ?? 'single-line';
    dn = {
      tag,
      line: cmd.line,
      lineMode,
      dualLine: lineMode === 'dual-line',
      octoLine: lineMode === 'octo-line',
      number: undefined,
      numberLine: undefined,
      secondaryNumber: undefined,
      noReg: undefined,
      preference: 0,
      name: undefined,
      label: undefined,
      description: undefined,
      callForward: { all: undefined, busy: undefined, noAnswer: undefined, maxLength: undefined },
      ctiWatch: false,
      ctiNotify: false,
      ctiWatchSource: 'default',
      ctiNotifySource: 'default',
      template: undefined,
      templateLine: undefined,
      mobility: false,
      snr: undefined,
    };
    dns.set(tag, dn);
  } else if (requested !== undefined && requested !== dn.lineMode) {
    // IOS refuses to change the line mode of an existing ephone-dn without deleting it first.
    fail(cmd, 'dn-line-mode-conflict', `ephone-dn ${tag} is ${dn.lineMode}, cannot re-enter as ${requested}`);
  }
  const target = dn;
  return modeFrame('ephone-dn', cmd, claims, (c) => apply(target, c));
}

const claims = claimsPatterns([
  'number',
  'name',
  'label',
  'description',
  'call-forward',
  'cti watch',
  'cti notify',
  'preference',
  'mobility',
  'snr',
  // In a flattened config this claims `ephone-dn-template <tag>` for the open DN: IOS writes the
  // ephone-dn-template blocks before the ephone-dns, so a template definition never follows one.
  'ephone-dn-template',
]);

function number(dn: EphoneDn, cmd: ConfigLine): void {
  dn.number = dnNumberAt(cmd, 1, 'number');
  dn.numberLine = cmd.line;
  dn.secondaryNumber = undefined;
  dn.noReg = undefined;
  for (let i = 2; i < cmd.keys.length; i++) {
    const key = cmd.keys[i];
    if (key === 'secondary') dn.secondaryNumber = dnNumberAt(cmd, ++i, 'secondary number');
    else if (key === 'no-reg') {
      const scope = cmd.keys[i + 1];
      if (scope === 'both' || scope === 'primary') {
        dn.noReg = scope;
        i++;
      } else dn.noReg = 'both';
    } else fail(cmd, 'bad-argument', `unexpected ${JSON.stringify(cmd.words[i])} in number`);
  }
}

function callForward(dn: EphoneDn, cmd: ConfigLine): ApplyResult {
  const cf = dn.callForward;
  switch (cmd.keys[1]) {
    case 'all':
      cf.all = dnNumberAt(cmd, 2, 'call-forward all number');
      return 'done';
    case 'busy':
      cf.busy = dnNumberAt(cmd, 2, 'call-forward busy number');
      return 'done';
    case 'noan': {
      const target = dnNumberAt(cmd, 2, 'call-forward noan number');
      let timeout: number | undefined;
      if (cmd.keys[3] === 'timeout') timeout = intAt(cmd, 4, 'timeout', 3, 60000);
      else if (cmd.keys[3] !== undefined)
        fail(cmd, 'bad-argument', 'call-forward noan <number> timeout <seconds>');
      cf.noAnswer = { number: target, timeout };
      return 'done';
    }
    case 'max-length':
      cf.maxLength = intAt(cmd, 2, 'max-length', 0, 32);
      return 'done';
    default:
      return 'unmodelled';
  }
}

/**
 * `snr <e164-number> delay <seconds> timeout <seconds> [cfwd-noan <number>]` (Cisco Unified CME
 * "Single Number Reach"; the form of the guide's SNR example). `snr calling-number local` and
 * `snr answer-too-soon` are other settings, left unmodelled. Cisco's value ranges are not in the
 * sources the lab has: any delay 0-3600 and timeout 1-3600 seconds is taken (the lab's choice).
 */
function snr(dn: EphoneDn, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  if (k[1] === 'calling-number' || k[1] === 'answer-too-soon') return 'unmodelled';
  const number = dnNumberAt(cmd, 1, 'snr number');
  if (k[2] !== 'delay' || k[4] !== 'timeout')
    fail(cmd, 'bad-argument', 'snr <number> delay <seconds> timeout <seconds> [cfwd-noan <number>]');
  const delaySeconds = intAt(cmd, 3, 'snr delay', 0, 3600);
  const timeoutSeconds = intAt(cmd, 5, 'snr timeout', 1, 3600);
  let cfwdNoan: string | undefined;
  if (k[6] === 'cfwd-noan') cfwdNoan = dnNumberAt(cmd, 7, 'snr cfwd-noan number');
  if ((k[6] !== undefined && k[6] !== 'cfwd-noan') || k.length > (cfwdNoan === undefined ? 6 : 8))
    fail(cmd, 'bad-argument', 'snr <number> delay <seconds> timeout <seconds> [cfwd-noan <number>]');
  dn.snr = { number, delaySeconds, timeoutSeconds, cfwdNoan, line: cmd.line };
  return 'done';
}

/** The DN's own `[no] cti watch | notify`: explicit, so a template cannot change it. */
function setCti(dn: EphoneDn, which: 'watch' | 'notify', on: boolean): void {
  if (which === 'watch') {
    dn.ctiWatch = on;
    dn.ctiWatchSource = 'dn';
  } else {
    dn.ctiNotify = on;
    dn.ctiNotifySource = 'dn';
  }
}

function apply(dn: EphoneDn, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  if (k[0] === 'no') {
    // An explicit `no cti watch` on the DN beats its template's `cti watch` (CME CSTA guide Step 6).
    if (k[1] === 'cti' && k[2] === 'watch' && k.length === 3) setCti(dn, 'watch', false);
    else if (k[1] === 'cti' && k[2] === 'notify' && k.length === 3) setCti(dn, 'notify', false);
    else if (k[1] === 'mobility' && k.length === 2) dn.mobility = false;
    else if (k[1] === 'snr' && k[2] !== 'calling-number' && k[2] !== 'answer-too-soon') dn.snr = undefined;
    else if (k[1] === 'ephone-dn-template' && k.length <= 3) {
      dn.template = undefined;
      dn.templateLine = undefined;
    } else return 'unmodelled';
    return 'done';
  }
  switch (k[0]) {
    case 'number':
      number(dn, cmd);
      return 'done';
    case 'name':
      dn.name = restOf(cmd.text, 1) || fail(cmd, 'missing-argument', 'name expected');
      return 'done';
    case 'label':
      dn.label = restOf(cmd.text, 1) || fail(cmd, 'missing-argument', 'label expected');
      return 'done';
    case 'description':
      dn.description = restOf(cmd.text, 1);
      return 'done';
    case 'preference':
      dn.preference = intAt(cmd, 1, 'preference', 0, 9);
      return 'done';
    case 'call-forward':
      return callForward(dn, cmd);
    case 'cti':
      // CME CSTA guide "Configure a Number or Device for CTI CSTA Operations" Steps 6 and 7
      if (k[1] === 'watch' && k.length === 2) setCti(dn, 'watch', true);
      else if (k[1] === 'notify' && k.length === 2) setCti(dn, 'notify', true);
      else return 'unmodelled';
      return 'done';
    case 'mobility':
      // Cisco Unified CME "Single Number Reach": `mobility` enables Unified Mobility on the DN.
      if (k.length !== 1) fail(cmd, 'bad-argument', 'mobility takes no argument');
      dn.mobility = true;
      return 'done';
    case 'snr':
      return snr(dn, cmd);
    case 'ephone-dn-template':
      // Checked against the defined templates, and applied, once the whole config is read.
      dn.template = intAt(cmd, 1, 'ephone-dn-template tag', 1, maxDnTemplateTag);
      if (k.length !== 2) fail(cmd, 'bad-argument', 'ephone-dn-template <tag>');
      dn.templateLine = cmd.line;
      return 'done';
    default:
      return 'unmodelled';
  }
}
