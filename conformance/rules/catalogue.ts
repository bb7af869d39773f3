import type { Rule } from './rule.ts';
import { sccpCmeRules } from './sccp-cme-rules.ts';

/** Every rule the lab knows, by ID. */
export const ruleCatalogue: ReadonlyMap<string, Rule> = new Map(sccpCmeRules.map((r) => [r.id, r]));

/** Rule IDs named by a scenario's tags (`@SCCP-REG-001`). */
export function rulesOfTags(tags: readonly string[]): string[] {
  return tags.map((t) => t.replace(/^@/, '')).filter((t) => ruleCatalogue.has(t));
}
