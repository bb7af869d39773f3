import type { ConfigLine } from './ios-config-lines.ts';
import { type ApplyResult, claimsPatterns, type ModeFrame, modeFrame } from './ios-config-mode.ts';
import type { EphoneDn, EphoneDnTemplate } from './ios-config-types.ts';
import { fail, intAt } from './ios-config-values.ts';

/** IOS `ephone-dn-template <1-15>`. */
export const maxDnTemplateTag = 15;

/** `ephone-dn-template <tag>` at the global level: enters (or re-enters) the template. */
export function dnTemplateEntry(cmd: ConfigLine, templates: Map<number, EphoneDnTemplate>): ModeFrame {
  const tag = intAt(cmd, 1, 'ephone-dn-template tag', 1, maxDnTemplateTag);
  if (cmd.keys.length !== 2) fail(cmd, 'bad-argument', 'ephone-dn-template <tag>');
  let template = templates.get(tag);
  if (template === undefined) {
    template = { tag, line: cmd.line, ctiWatch: undefined, ctiNotify: undefined };
    templates.set(tag, template);
  }
  const target = template;
  return modeFrame('ephone-dn-template', cmd, claims, (c) => apply(target, c));
}

const claims = claimsPatterns(['cti watch', 'cti notify']);

/**
 * CME CSTA guide Steps 6-7: `cti watch` and `cti notify` "can also be configured in ephone-dn-template
 * configuration mode". Other template commands are kept as unmodelled.
 */
function apply(t: EphoneDnTemplate, cmd: ConfigLine): ApplyResult {
  const k = cmd.keys;
  const on = k[0] !== 'no';
  const rest = on ? k : k.slice(1);
  if (rest.length !== 2 || rest[0] !== 'cti') return 'unmodelled';
  if (rest[1] === 'watch') t.ctiWatch = on;
  else if (rest[1] === 'notify') t.ctiNotify = on;
  else return 'unmodelled';
  return 'done';
}

/**
 * Gives every DN the `cti watch` / `cti notify` of its template where the DN does not set them
 * itself (CME CSTA guide Steps 6-7: "The value set in ephone-dn configuration mode has priority over
 * the value set in ephone-dn-template mode"). Runs after validation: every template exists.
 */
export function applyDnTemplates(
  dns: Map<number, EphoneDn>,
  templates: ReadonlyMap<number, EphoneDnTemplate>,
): void {
  for (const dn of dns.values()) {
    const t = dn.template === undefined ? undefined : templates.get(dn.template);
    if (t === undefined) continue;
    if (dn.ctiWatchSource !== 'dn' && t.ctiWatch !== undefined) {
      dn.ctiWatch = t.ctiWatch;
      dn.ctiWatchSource = 'template';
    }
    if (dn.ctiNotifySource !== 'dn' && t.ctiNotify !== undefined) {
      dn.ctiNotify = t.ctiNotify;
      dn.ctiNotifySource = 'template';
    }
  }
}
