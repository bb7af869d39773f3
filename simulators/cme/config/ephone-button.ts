import type { ButtonKind } from '../../station/station-config.ts';
import { IosConfigError } from './ios-config-error.ts';

export type { ButtonKind };

/**
 * The CME ephone `button` command: `button <n><sep><dn-tag>[,<dn-tag>...] [<n><sep>... ]`
 * (chan-sccp (lines, overlays, shared lines)). Several buttons may be given on one command line.
 */

export interface EphoneButton {
  /** Button number on the phone (`button 1:...` = 1). */
  index: number;
  kind: ButtonKind;
  /** The separator as written, lower-cased (`:`, `b`, `f`, `m`, `s`, `o`, `c`, `x`, `w`). */
  separator: string;
  /** DN tags on the button, leftmost (highest priority, permanently shown) first; empty for `x`. */
  dnTags: number[];
  /** `<n>x<overlay-button>`: the overlay button this expansion button takes overflow calls for. */
  overflowOf: number | undefined;
  /** Line of the `button` command. */
  line: number;
}

// chan-sccp (lines, overlays, shared lines): `:` normal ring, `b` beep/no ring, `f` feature ring, `m` monitor,
// `o` overlay (up to 10 DNs), `c` overlay with call waiting, `x` expansion. `s` (silent ring) and
// `w` (watch / busy-lamp) are further CME separators the reference says exist beyond its excerpt.
export const buttonSeparators: Readonly<Record<string, ButtonKind>> = {
  ':': 'normal',
  b: 'beep',
  f: 'feature-ring',
  m: 'monitor',
  s: 'silent',
  o: 'overlay',
  c: 'overlay-call-waiting',
  x: 'expansion',
  w: 'watch',
};

// chan-sccp (lines, overlays, shared lines): "o overlay (up to 10 DNs on one button)".
export const maxOverlayDns = 10;
export const maxButtonIndex = 100;
const maxTag = 99999;

export function isOverlayKind(kind: ButtonKind): boolean {
  return kind === 'overlay' || kind === 'overlay-call-waiting';
}

/**
 * Parses the button tokens of one `button` command (the words after `button`). Throws
 * `IosConfigError` for a malformed token, an unknown separator, more than ten DNs on an overlay
 * or the same button index twice on one line. DN existence is checked by the whole-config
 * validation, as DNs may be defined anywhere in the text.
 */
export function parseButtonTokens(tokens: readonly string[], line: number, text: string): EphoneButton[] {
  const bad = (code: IosConfigError['code'], message: string): never => {
    throw new IosConfigError(code, line, text, message);
  };
  if (tokens.length === 0) bad('missing-argument', 'button: at least one <n><sep><dn> expected');
  const buttons: EphoneButton[] = [];
  for (const token of tokens) {
    const m = /^(\d{1,4})([^\d])(.*)$/.exec(token);
    if (!m) return bad('bad-button', `button token ${JSON.stringify(token)} is not <n><sep><dn>`);
    const index = Number(m[1]);
    const separator = m[2]!.toLowerCase();
    const kind = buttonSeparators[separator];
    if (kind === undefined) return bad('bad-button', `unknown button separator ${JSON.stringify(m[2])}`);
    if (index < 1 || index > maxButtonIndex)
      bad('out-of-range', `button index ${index} outside 1..${maxButtonIndex}`);
    if (buttons.some((b) => b.index === index)) bad('bad-button', `button ${index} given twice`);
    const tags = m[3]!.split(',');
    if (tags.some((t) => !/^\d{1,5}$/.test(t) || Number(t) < 1 || Number(t) > maxTag)) {
      bad('bad-button', `button ${index}: ${JSON.stringify(m[3])} is not a list of DN tags 1..${maxTag}`);
    }
    const numbers = tags.map(Number);
    if (kind === 'expansion') {
      if (numbers.length !== 1) bad('bad-button', `expansion button ${index} names one overlay button`);
      buttons.push({ index, kind, separator, dnTags: [], overflowOf: numbers[0], line });
      continue;
    }
    if (isOverlayKind(kind)) {
      if (numbers.length > maxOverlayDns) {
        bad(
          'overlay-too-large',
          `overlay button ${index} has ${numbers.length} DNs (at most ${maxOverlayDns})`,
        );
      }
      if (new Set(numbers).size !== numbers.length) bad('bad-button', `overlay button ${index} repeats a DN`);
    } else if (numbers.length !== 1) {
      bad('bad-button', `button ${index} (${kind}) takes one DN; use o or c for an overlay`);
    }
    buttons.push({ index, kind, separator, dnTags: numbers, overflowOf: undefined, line });
  }
  return buttons;
}
