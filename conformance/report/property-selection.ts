import type { PropertyCoverage } from '../rules/property-coverage.ts';

/**
 * Which property / model tests a conformance run runs (`ctilab run`): `--properties` → all of
 * them; `--no-properties` → none; otherwise all for a run of the whole suite, and for a selection
 * (paths, --tags, --name, a rerun file) those that check a rule one of the selected scenarios is
 * tagged with, so `--tags @SCCP-FRAME-002` also runs the SCCP port fuzz and `--tags
 * @SCCP-REG-001` runs none.
 */
export function selectProperties(
  rows: readonly PropertyCoverage[],
  choice: boolean | undefined,
  wholeSuite: boolean,
  scenarioTags: Iterable<string>,
): PropertyCoverage[] {
  if (choice === false) return [];
  if (choice === true || wholeSuite) return [...rows];
  const tags = new Set(scenarioTags);
  return rows.filter((r) => r.rules.some((id) => tags.has(`@${id}`)));
}
