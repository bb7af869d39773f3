import type { CatalogueRule } from './cme-cti-rules.ts';
import type { Rule } from './rule.ts';

/**
 * The rule maker of a profile whose rules each cite a section of one Cisco guide:
 * `rule(id, statement, heading, role = 'server', extra?)` gives the source
 * `<guide> > "<heading>"` (then `; <extra>`: a further source), and the status `planned` until
 * `checked` (the rules a scenario checks) names the rule.
 */
export function guideRule(
  guide: string,
  profile: string,
  checked: ReadonlySet<string>,
): (id: string, statement: string, heading: string, role?: Rule['role'], extra?: string) => CatalogueRule {
  return (id, statement, heading, role = 'server', extra) => ({
    id,
    statement,
    source: `${guide} > "${heading}"${extra === undefined ? '' : `; ${extra}`}`,
    role,
    profiles: [profile],
    ...(checked.has(id) ? {} : { status: 'planned' as const }),
  });
}
