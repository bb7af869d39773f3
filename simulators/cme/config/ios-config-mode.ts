import { type ConfigLine, startsWith } from './ios-config-lines.ts';

/** What a mode did with a command: modelled it, kept it as unmodelled, or entered a sub-mode. */
export type ApplyResult = 'done' | 'unmodelled' | ModeFrame;

/**
 * One open configuration mode on the parser's stack. `claims` answers "is this one of my
 * commands?" and is what lets a flattened config (CME CSTA guide's examples lost their indentation)
 * be read: a command the open mode does not claim, but a lower mode or the global level does,
 * leaves the open mode.
 */
export interface ModeFrame {
  /** A `ConfigMode`, or the entry words of an unmodelled mode (`interface`, `ip dhcp pool`). */
  mode: string;
  /** The command that entered the mode. */
  context: string;
  indent: number;
  /** Decided by the first command after the entry: is this block indented below it? */
  indented: boolean | undefined;
  /** False for modes the lab does not model: their entry command is kept as unmodelled too. */
  modelled: boolean;
  claims(cmd: ConfigLine): boolean;
  apply(cmd: ConfigLine): ApplyResult;
}

/** Command keys without a leading `no`. */
export function positiveKeys(cmd: ConfigLine): string[] {
  return cmd.keys[0] === 'no' ? cmd.keys.slice(1) : cmd.keys;
}

/** A claim test from keyword patterns (`'ip source-address'`, `'cti watch'`), `no` forms included. */
export function claimsPatterns(patterns: readonly string[]): (cmd: ConfigLine) => boolean {
  return (cmd) => {
    const keys = positiveKeys(cmd);
    return patterns.some((p) => startsWith(keys, p));
  };
}

export function modeFrame(
  mode: string,
  entry: ConfigLine,
  claims: (cmd: ConfigLine) => boolean,
  apply: (cmd: ConfigLine) => ApplyResult,
): ModeFrame {
  return {
    mode,
    context: entry.text,
    indent: entry.indent,
    indented: undefined,
    modelled: true,
    claims,
    apply,
  };
}
