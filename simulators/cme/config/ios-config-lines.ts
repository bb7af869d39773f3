import { IosConfigError } from './ios-config-error.ts';

/** One command of a running-config: where it is, its indentation and its words. */
export interface ConfigLine {
  /** 1-based line number. */
  line: number;
  /** The command without leading or trailing white space. */
  text: string;
  /** Leading white space, after removing the indentation common to every command. */
  indent: number;
  /** Words as written (values keep their case). */
  words: string[];
  /** Words lower-cased, for keyword matching (IOS keywords are case-insensitive). */
  keys: string[];
}

export interface SplitConfig {
  /** Every physical line (trailing white space removed), index = line number - 1. */
  raw: string[];
  commands: ConfigLine[];
}

const leadingSpace = /^[ \t]*/;

/**
 * Splits a running-config into commands. Blank lines and `!` comment lines are dropped (they do
 * not end a mode: CME CSTA guide's examples are flattened and keep only a few `!`). A `banner <kind>
 * <delimiter>...<delimiter>` spanning several lines becomes one command so its text is never
 * read as configuration.
 */
export function splitConfigLines(source: string): SplitConfig {
  const raw = source.split(/\r\n|\r|\n/).map((l) => l.replace(/\s+$/, ''));
  const found: Array<{ line: number; text: string; indent: number }> = [];
  for (let i = 0; i < raw.length; i++) {
    const physical = raw[i]!;
    const text = physical.trim();
    if (text === '' || text.startsWith('!')) continue;
    const indent = (leadingSpace.exec(physical)?.[0] ?? '').length;
    const banner = /^banner\s+\S+\s+(\^C|\S)(.*)$/i.exec(text);
    if (banner) {
      const delimiter = banner[1]!;
      let end = i;
      if (!banner[2]!.includes(delimiter)) {
        end = i + 1;
        while (end < raw.length && !raw[end]!.includes(delimiter)) end++;
        if (end >= raw.length) {
          throw new IosConfigError('unterminated-banner', i + 1, text, `banner not closed by ${delimiter}`);
        }
      }
      found.push({
        line: i + 1,
        text: raw
          .slice(i, end + 1)
          .join('\n')
          .trim(),
        indent,
      });
      i = end;
      continue;
    }
    found.push({ line: i + 1, text, indent });
  }
  let base = found.length === 0 ? 0 : Number.POSITIVE_INFINITY;
  for (const f of found) base = Math.min(base, f.indent);
  const commands = found.map((f) => {
    const words = f.text.split(/\s+/);
    return {
      line: f.line,
      text: f.text,
      indent: f.indent - base,
      words,
      keys: words.map((w) => w.toLowerCase()),
    };
  });
  return { raw, commands };
}

/** True when `keys` begins with the space-separated keywords of `pattern`. */
export function startsWith(keys: readonly string[], pattern: string): boolean {
  const p = pattern.split(' ');
  return p.length <= keys.length && p.every((w, i) => keys[i] === w);
}

/** The text after the first `count` words, spacing preserved (for `description`, `name`, ...). */
export function restOf(text: string, count: number): string {
  let rest = text;
  for (let i = 0; i < count; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest;
}
