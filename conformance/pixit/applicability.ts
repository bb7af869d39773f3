/**
 * Which test purposes a PICS makes applicable. A scenario applies when the PICS claims what it
 * needs: for each rule it checks (its `@<ID>` tags), one of the rule's profiles; and every
 * `@pics-<item>` tag it carries (a profile, a transport, `csta-<edition>`, a feature of
 * pics-schema.ts). What is not applicable is left out of the Cucumber run with a tag expression
 * (`applicableTagExpression`), and listed in the report with the claim it lacks.
 */
import type { CatalogueRule } from '../rules/catalogue.ts';
import { CSTA_EDITIONS, PICS_FEATURES, type Pics, PROFILES, picsItems, TRANSPORTS } from './pics-schema.ts';

/** One claim the PICS does not make, and the tag expression of the scenarios that need it. */
export interface Exclusion {
  /** What the PICS does not claim, as the report says it: `profile cucm-cti`, `transport tls`. */
  claim: string;
  tagExpression: string;
}

function itemLabel(item: string): string {
  if ((PROFILES as readonly string[]).includes(item)) return `profile ${item}`;
  if ((TRANSPORTS as readonly string[]).includes(item)) return `transport ${item}`;
  if (item.startsWith('csta-')) return `CSTA ${item.slice('csta-'.length)}`;
  return `feature ${item}`;
}

/** The claims `pics` lacks, each with the tags of the scenarios that need it. */
export function exclusions(pics: Pics, catalogue: Iterable<CatalogueRule>): Exclusion[] {
  const claimed = picsItems(pics);
  const byProfiles = new Map<string, string[]>();
  for (const rule of catalogue) {
    if (rule.profiles.some((p) => claimed.has(p))) continue;
    const key = [...rule.profiles].sort().join(' or ');
    byProfiles.set(key, [...(byProfiles.get(key) ?? []), `@${rule.id}`]);
  }
  const out: Exclusion[] = [];
  for (const profile of PROFILES) {
    if (claimed.has(profile)) continue;
    const rules = byProfiles.get(profile) ?? [];
    byProfiles.delete(profile);
    out.push({ claim: `profile ${profile}`, tagExpression: [`@pics-${profile}`, ...rules].join(' or ') });
  }
  for (const [key, rules] of byProfiles)
    out.push({ claim: `profile ${key}`, tagExpression: rules.join(' or ') });
  const others = [...TRANSPORTS, ...CSTA_EDITIONS.map((e) => `csta-${e}`), ...PICS_FEATURES];
  for (const item of others)
    if (!claimed.has(item)) out.push({ claim: itemLabel(item), tagExpression: `@pics-${item}` });
  return out;
}

/** `--tags` of a run restricted to what the PICS makes applicable. */
export function applicableTagExpression(
  userTags: string | undefined,
  excluded: Exclusion[],
): string | undefined {
  if (excluded.length === 0) return userTags;
  const not = `not (${excluded.map((e) => e.tagExpression).join(' or ')})`;
  return userTags === undefined ? not : `(${userTags}) and ${not}`;
}

/** The claims a scenario with `tags` needs that `pics` does not make (none: it applies). */
export function missingClaims(
  tags: readonly string[],
  pics: Pics,
  catalogue: ReadonlyMap<string, CatalogueRule>,
): string[] {
  const claimed = picsItems(pics);
  const missing = new Set<string>();
  for (const tag of tags) {
    const rule = catalogue.get(tag.replace(/^@/, ''));
    if (rule !== undefined && !rule.profiles.some((p) => claimed.has(p)))
      missing.add(`profile ${[...rule.profiles].sort().join(' or ')}`);
    if (tag.startsWith('@pics-') && !claimed.has(tag.slice('@pics-'.length)))
      missing.add(itemLabel(tag.slice('@pics-'.length)));
  }
  return [...missing];
}

/** The reason a non-applicable test purpose gets in the report. */
export function notApplicableReason(missing: readonly string[]): string {
  return `not applicable: PICS does not claim ${missing.join(', ')}`;
}
