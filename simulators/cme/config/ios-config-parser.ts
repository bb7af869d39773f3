import { applyGlobal, type ConfigDraft, isGlobalCommand } from './ios-config-global.ts';
import { type ConfigLine, splitConfigLines } from './ios-config-lines.ts';
import type { ModeFrame } from './ios-config-mode.ts';

export interface ParsedDraft {
  draft: ConfigDraft;
  /** Physical lines, for naming a line in whole-config validation errors. */
  raw: string[];
}

function emptyDraft(): ConfigDraft {
  return {
    hostname: undefined,
    telephonyService: undefined,
    ephoneDns: new Map(),
    ephoneDnTemplates: new Map(),
    ephones: new Map(),
    voiceServiceVoip: undefined,
    voiceRegisterGlobal: undefined,
    voiceRegisterSessionServers: new Map(),
    voiceUserProfiles: new Map(),
    voiceLogoutProfiles: new Map(),
    unmodelled: [],
  };
}

/**
 * Finds the mode a command belongs to, popping modes it leaves. Real running-configs indent
 * sub-commands; CME CSTA guide's examples are flattened. Both are read with one rule set:
 * - a block is "indented" when the first command after its entry is indented deeper; such a
 *   block ends at the first command that is not deeper than its entry;
 * - a command deeper than the open mode's entry belongs to it;
 * - otherwise the open modes are asked, innermost first, whether they claim the command (so
 *   `no cti shutdown` after `sip` returns to `voice service voip`);
 * - a command nobody claims leaves every mode if it is a global command (a mode entry such as
 *   `ephone 2`, or a one-liner such as `ip route`), and otherwise stays in the open mode as an
 *   unmodelled sub-command (`csta cti mode basic` in CME CSTA guide's second example).
 */
function ownerOf(stack: ModeFrame[], cmd: ConfigLine): ModeFrame | undefined {
  const top = stack.at(-1);
  if (top !== undefined && top.indented === undefined) top.indented = cmd.indent > top.indent;
  while (stack.length > 0 && stack.at(-1)!.indented === true && cmd.indent <= stack.at(-1)!.indent)
    stack.pop();
  const open = stack.at(-1);
  if (open === undefined) return undefined;
  if (cmd.indent > open.indent) return open;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i]!.claims(cmd)) {
      stack.length = i + 1;
      return stack[i];
    }
  }
  if (!isGlobalCommand(cmd)) return open;
  stack.length = 0;
  return undefined;
}

/** Reads every command into a draft model; throws `IosConfigError` on a malformed modelled command. */
export function parseDraft(text: string): ParsedDraft {
  const { raw, commands } = splitConfigLines(text);
  const draft = emptyDraft();
  const stack: ModeFrame[] = [];
  for (const cmd of commands) {
    const single = cmd.keys.length === 1 ? cmd.keys[0] : undefined;
    if (single === 'end') {
      stack.length = 0;
      continue;
    }
    if (single === 'exit' && stack.length > 0) {
      // `exit` leaves the innermost open mode, whatever its indentation.
      stack.pop();
      continue;
    }
    const owner = ownerOf(stack, cmd);
    const result = owner === undefined ? applyGlobal(draft, cmd) : owner.apply(cmd);
    if (result === 'done') continue;
    if (result === 'unmodelled' || !result.modelled) {
      draft.unmodelled.push({
        line: cmd.line,
        text: cmd.text,
        mode: owner?.mode ?? 'global',
        context: owner?.context,
      });
    }
    if (result !== 'unmodelled') stack.push(result);
  }
  return { draft, raw };
}
