import { acdCtiRules } from './acd-cti-rules.ts';
import { type CatalogueRule, cmeCtiRules } from './cme-cti-rules.ts';
import { cucmCtiRules } from './cucm-cti-rules.ts';
import { sccpCmeRules } from './sccp-cme-rules.ts';

export type { CatalogueRule } from './cme-cti-rules.ts';

/** Every rule the lab knows, by ID; a rule with `status: 'planned'` has no scenario yet. */
export const ruleCatalogue: ReadonlyMap<string, CatalogueRule> = new Map(
  [...sccpCmeRules, ...cmeCtiRules, ...cucmCtiRules, ...acdCtiRules].map((r): [string, CatalogueRule] => [
    r.id,
    r,
  ]),
);

/** IDs of the catalogued rules that no scenario checks yet. */
export function plannedRules(): string[] {
  return [...ruleCatalogue.values()].filter((r) => r.status === 'planned').map((r) => r.id);
}

/** Rule IDs named by a scenario's tags (`@SCCP-REG-001`). */
export function rulesOfTags(tags: readonly string[]): string[] {
  return tags.map((t) => t.replace(/^@/, '')).filter((t) => ruleCatalogue.has(t));
}
