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

function apply(dn: EphoneDn, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  if (k[0] === 'no') {
    if (k[1] === 'cti' && k[2] === 'watch' && k.length === 3) dn.ctiWatch = false;
    else if (k[1] === 'cti' && k[2] === 'notify' && k.length === 3) dn.ctiNotify = false;
    else return 'unmodelled';
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
      // seeds/004 "Configure a Number or Device for CTI CSTA Operations" Steps 6 and 7
      if (k[1] === 'watch' && k.length === 2) dn.ctiWatch = true;
      else if (k[1] === 'notify' && k.length === 2) dn.ctiNotify = true;
      else return 'unmodelled';
      return 'done';
    default:
      return 'unmodelled';
  }
}
