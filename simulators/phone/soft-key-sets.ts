import { SoftKeySetName } from '../sccp/enums.ts';
import { decodeDisplayText } from './display-text.ts';
import type { PhoneSoftKey, PhoneSoftKeySet, PhoneState } from './phone-state.ts';

// A phone keeps the soft key template (SoftKeyTemplateRes) and the soft key sets (SoftKeySetRes,
// each entry's template indexes 1-based into the template: Wireshark packet-skinny,
// SoftKeySetResMessage / softKeyTemplateIndex) its call manager sent it. Every phone of a process
// is sent the same bytes when it registers; those decode once (sccp/decode-memo.ts) into frozen
// definitions, and from them the entries and sets here are built once and shared, frozen: the
// registration benchmark's heap snapshot (issue 13) had 10,000 phones each holding the same 30-odd
// keys and a dozen sets of names.

/** One frozen entry per frozen template definition. */
const sharedSoftKeys = new WeakMap<object, PhoneSoftKey>();

/** The template entry for definition `d` (the shared frozen one when `d` is frozen). */
export function softKeyOf(d: { softKeyLabel: string; softKeyEvent: number }): PhoneSoftKey {
  const shared = sharedSoftKeys.get(d);
  if (shared !== undefined) return shared;
  const entry = { label: d.softKeyLabel, name: decodeDisplayText(d.softKeyLabel), event: d.softKeyEvent };
  if (!Object.isFrozen(d)) return entry;
  sharedSoftKeys.set(d, Object.freeze(entry));
  return entry;
}

/** A shared set, with the template entries its key names were read from. */
interface SharedSet {
  readonly set: PhoneSoftKeySet;
  readonly entries: ReadonlyArray<PhoneSoftKey | undefined>;
}

/** Frozen template indexes -> set index -> the shared sets built on them (one per template seen). */
const sharedSets = new WeakMap<readonly number[], Map<number, SharedSet[]>>();

/**
 * Set `index` of `templateIndexes`, its keys named through `template` ('' for an index the
 * template lacks or 0). Shared and frozen when the indexes are frozen and every entry they name is
 * a shared frozen one; a phone whose template differs gets a set of its own.
 */
export function softKeySetOf(
  index: number,
  templateIndexes: readonly number[],
  template: ReadonlyArray<PhoneSoftKey | undefined>,
): PhoneSoftKeySet {
  const shareable = Object.isFrozen(templateIndexes);
  const candidates = shareable ? sharedSets.get(templateIndexes)?.get(index) : undefined;
  if (candidates !== undefined) {
    for (const c of candidates) if (namesSameEntries(c.entries, templateIndexes, template)) return c.set;
  }
  const entries = templateIndexes.map((i) => (i > 0 ? template[i - 1] : undefined));
  const set: PhoneSoftKeySet = {
    index,
    name: SoftKeySetName.get(index) ?? `Unknown(${index})`,
    templateIndexes: shareable ? (templateIndexes as number[]) : [...templateIndexes],
    keys: entries.map((e) => e?.name ?? ''),
  };
  if (!shareable || !entries.every((e) => e === undefined || Object.isFrozen(e))) return set;
  Object.freeze(set.keys);
  Object.freeze(set);
  let byIndex = sharedSets.get(templateIndexes);
  if (byIndex === undefined) {
    byIndex = new Map();
    sharedSets.set(templateIndexes, byIndex);
  }
  byIndex.set(index, [...(candidates ?? []), { set, entries }]);
  return set;
}

/** Whether `template` names, at `templateIndexes`, exactly the `entries` a shared set was read from. */
function namesSameEntries(
  entries: ReadonlyArray<PhoneSoftKey | undefined>,
  templateIndexes: readonly number[],
  template: ReadonlyArray<PhoneSoftKey | undefined>,
): boolean {
  for (let k = 0; k < templateIndexes.length; k++) {
    const i = templateIndexes[k] as number;
    if ((i > 0 ? template[i - 1] : undefined) !== entries[k]) return false;
  }
  return true;
}

/** Every set of `state` named again through its template (after either message changed). */
export function refreshSoftKeySets(state: PhoneState): void {
  const sets = state.softKeySets;
  for (let i = 0; i < sets.length; i++) {
    const set = sets[i];
    if (set !== undefined) sets[i] = softKeySetOf(set.index, set.templateIndexes, state.softKeyTemplate);
  }
}
