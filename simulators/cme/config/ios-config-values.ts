import { isIP } from 'node:net';
import { IosConfigError } from './ios-config-error.ts';
import type { ConfigLine } from './ios-config-lines.ts';

/** Argument readers shared by the mode handlers; each throws `IosConfigError` naming the line. */

export function fail(cmd: ConfigLine, code: IosConfigError['code'], message: string): never {
  throw new IosConfigError(code, cmd.line, cmd.text, message);
}

export function wordAt(cmd: ConfigLine, index: number, what: string): string {
  const w = cmd.words[index];
  if (w === undefined) fail(cmd, 'missing-argument', `${what} expected`);
  return w;
}

export function intAt(cmd: ConfigLine, index: number, what: string, min: number, max: number): number {
  const w = wordAt(cmd, index, what);
  if (!/^-?\d{1,15}$/.test(w))
    fail(cmd, 'bad-argument', `${what} must be an integer, not ${JSON.stringify(w)}`);
  const n = Number(w);
  if (n < min || n > max) fail(cmd, 'out-of-range', `${what} ${n} outside ${min}..${max}`);
  return n;
}

export function addressAt(cmd: ConfigLine, index: number, what: string): string {
  const w = wordAt(cmd, index, what);
  if (isIP(w) === 0) fail(cmd, 'bad-address', `${what} ${JSON.stringify(w)} is not an IP address`);
  return w;
}

/** A directory number: digits, `*`, `#`, `+` and the `.` wildcard (IOS `number` command). */
export function dnNumberAt(cmd: ConfigLine, index: number, what: string): string {
  const w = wordAt(cmd, index, what);
  if (!/^\+?[0-9*#.]{1,32}$/.test(w)) fail(cmd, 'bad-number', `${what} ${JSON.stringify(w)} is not a number`);
  return w;
}

/**
 * IOS MAC notation `001E.4A34.A35F` (three dotted groups of four hex digits); twelve plain hex
 * digits and `00:1E:4A:34:A3:5F` / `00-1E-...` are accepted too. Returns 12 upper-case hex digits.
 */
export function normaliseMac(text: string): string | undefined {
  const dotted = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i.exec(text);
  const pairs =
    /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(
      text,
    );
  let hex: string | undefined;
  if (dotted) hex = dotted.slice(1).join('');
  else if (pairs) hex = [1, 3, 4, 5, 6, 7].map((i) => pairs[i]).join('');
  else if (/^[0-9a-f]{12}$/i.test(text)) hex = text;
  return hex?.toUpperCase();
}

/** Removes one pair of surrounding double quotes (`username "jdoe"`). */
export function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
