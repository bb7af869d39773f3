/**
 * `ctilab rules [--profile P] [--format table|json]` (issue 12 item 3): the rule catalogue
 * (conformance/rules/) as people and tools read it: each rule's id, profiles, role, status
 * (checked: a scenario is tagged with it; planned: none yet), statement and public source.
 * `table` is a Markdown table (readable in a terminal, renders on GitHub) ending with a count line;
 * `json` is one array of objects with the same fields. An unknown profile is refused, naming the
 * known ones.
 */
import { type CatalogueRule, ruleCatalogue } from '../conformance/rules/catalogue.ts';

export type RulesFormat = 'table' | 'json';

/** The options of `ctilab rules`, as bin/cli.ts parsed them. */
export interface RulesOptions {
  readonly profile?: string;
  readonly format: RulesFormat;
}

/** One row of the listing. */
export interface RuleRow {
  readonly id: string;
  readonly profiles: readonly string[];
  readonly role: string;
  readonly status: 'checked' | 'planned';
  readonly statement: string;
  readonly source: string;
}

export function ruleRow(rule: CatalogueRule): RuleRow {
  return {
    id: rule.id,
    profiles: rule.profiles,
    role: rule.role,
    status: rule.status === 'planned' ? 'planned' : 'checked',
    statement: rule.statement,
    source: rule.source,
  };
}

/** The profiles the catalogue knows, sorted. */
export function knownProfiles(rules: Iterable<CatalogueRule> = ruleCatalogue.values()): string[] {
  return [...new Set([...rules].flatMap((r) => r.profiles))].sort();
}

const cell = (text: string): string =>
  text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The rows as a Markdown table and a count line. */
export function rulesTable(rows: readonly RuleRow[]): string {
  const lines = [
    '| id | profiles | role | status | statement | source |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.profiles.join(', ')} | ${r.role} | ${r.status} | ${cell(r.statement)} | ${cell(r.source)} |`,
    ),
  ];
  const checked = rows.filter((r) => r.status === 'checked').length;
  lines.push('', `${rows.length} rules: ${checked} checked, ${rows.length - checked} planned`);
  return `${lines.join('\n')}\n`;
}

/** What `ctilab rules` prints, or the error when the profile is unknown. */
export function rulesListing(
  options: RulesOptions,
  rules: Iterable<CatalogueRule> = ruleCatalogue.values(),
): { ok: true; text: string } | { ok: false; error: string } {
  const all = [...rules];
  if (options.profile !== undefined && !knownProfiles(all).includes(options.profile)) {
    return {
      ok: false,
      error: `unknown profile '${options.profile}' (known: ${knownProfiles(all).join(', ')})`,
    };
  }
  const rows = all
    .filter((r) => options.profile === undefined || r.profiles.includes(options.profile))
    .map(ruleRow);
  return {
    ok: true,
    text: options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : rulesTable(rows),
  };
}

export function rulesCommand(
  options: RulesOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): number {
  const listing = rulesListing(options);
  if (!listing.ok) {
    err(`ctilab rules: ${listing.error}\n`);
    return 2;
  }
  out(listing.text);
  return 0;
}
