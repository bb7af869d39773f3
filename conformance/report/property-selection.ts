import type { PropertyCoverage } from '../rules/property-coverage.ts';

/**
 * Which property / model tests a conformance run runs (`ctilab run`): a run of the whole suite
 * runs all of them, a selection (paths, --tags, --name, a rerun file) none, so it runs exactly the
 * selected scenarios. `--properties` adds to a selection the tests that check a rule one of its
 * selected scenarios is tagged with (`--tags @SCCP-FRAME-002 --properties` also runs the SCCP
 * port fuzz); `--no-properties` runs none.
 */
export function selectProperties(
  rows: readonly PropertyCoverage[],
  choice: boolean | undefined,
  wholeSuite: boolean,
  scenarioTags: Iterable<string>,
): PropertyCoverage[] {
  if (choice === false) return [];
  if (wholeSuite) return [...rows];
  if (choice !== true) return [];
  const tags = new Set(scenarioTags);
  return rows.filter((r) => r.rules.some((id) => tags.has(`@${id}`)));
}
