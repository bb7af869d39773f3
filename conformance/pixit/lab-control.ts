/**
 * Why a `@lab-control` scenario cannot run on a real target: it needs control of the lab, which a
 * target reached only through its protocols does not give. The reason names what the scenario's
 * steps need, so the report's `inconc` says it.
 */

/** Step texts that need the lab, and what they need of it. */
const NEEDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bseconds pass\b/, 'time jumps on the lab clock (ManualClock)'],
  [
    /\b(fails|comes back|stops answering|answers keepalives again|is killed|restarts?)\b/,
    'killing or freezing a node of the lab',
  ],
  [/show cti session|\badministrator\b|clear cti session/, "the router console of the lab's CME"],
  [
    /\bthe CME (has|still has|no longer has|logged)\b|\bthe CME's\b/,
    "reading the lab's internals (its registrations, call model, logs)",
  ],
  [
    /\bgoes (offline|online)\b|\bcentral controller\b/,
    "faults of the lab's ACD node (its peripheral, its central controller)",
  ],
  [/\bare in one conference\b/, "reading the lab's call model"],
  [
    /\bthe remote phone\b/,
    "the lab's stand-in for the remote party of a dial-via-office callback (the PSTN side of its trunk)",
  ],
  [/\bbare SCCP station\b|\bsends? "[0-9a-fA-F ]+"|\bsends nothing\b/, 'raw bytes from a lab test client'],
  [/\bconfig(uration)?\b.*\b(changes|reloads|is applied)\b/, "the lab's config files"],
  [
    /\bCUCM cluster of .* is running (with|without)\b|\bextra CTI ports\b/,
    "a CUCM cluster configured for the scenario (the lab's topology, edited)",
  ],
  [
    /\bthe cluster (raised|serves|runs)\b|\bis served by\b/,
    "reading the lab cluster's internals (its alarms, nodes, CTI sessions)",
  ],
];

/** The reason of a `@lab-control` scenario's inconc on a real target (`pixit:<file>`). */
export function labControlReason(stepTexts: readonly string[], pixitFile: string): string {
  const needs = new Set<string>();
  for (const text of stepTexts) for (const [pattern, need] of NEEDS) if (pattern.test(text)) needs.add(need);
  const what =
    needs.size === 0 ? 'control of the lab (its nodes, clock or internals)' : [...needs].join('; ');
  return `@lab-control: needs ${what}; a real target (pixit:${pixitFile}) is reached only through its protocols`;
}
