/**
 * What `ctilab run --pics <file>` and `--target pixit:<file>` add to a run (bin/run-command.ts):
 * the PICS and PIXIT read (and refused, with file, path and line) before anything runs; the tag
 * expression that leaves out what the PICS does not make applicable; the world parameters that
 * put the features on a real target; and the report's "Implementation under test" section.
 */

import { resolve } from 'node:path';
import type { IRunEnvironment, ISourcesCoordinates } from '@cucumber/cucumber/api';
import { loadSources } from '@cucumber/cucumber/api';
import { ok, type Result, refused } from '../../simulators/lab/result.ts';
import type { ImplementationUnderTest } from '../report/implementation-section.ts';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { type Exclusion, exclusions, notApplicableReason } from './applicability.ts';
import { ConformanceFileError } from './conformance-file-error.ts';
import { type LoadedPixit, loadPics, loadPixit } from './load-pixit.ts';
import type { Pics } from './pics-schema.ts';
import { maskedPixit } from './pixit-schema.ts';

export interface ImplementationPlan {
  /** The report's target line: `pixit:labs/pixit/cme.yaml (cme: sip tcp 10.0.0.1:5060, sccp ...)`. */
  targetLabel: string | undefined;
  pixit: LoadedPixit | undefined;
  pics: { file: string; pics: Pics } | undefined;
  /** The claims the PICS lacks (empty without a PICS). */
  excluded: Exclusion[];
}

/** Reads the PIXIT (when the target is one) and the PICS (`--pics`, else the one the PIXIT names). */
export function planImplementation(
  pixitFile: string | undefined,
  picsFile: string | undefined,
  cwd: string,
): Result<ImplementationPlan, 'bad-file'> {
  try {
    const pixit = pixitFile === undefined ? undefined : loadPixit(resolve(cwd, pixitFile));
    const pics =
      picsFile !== undefined
        ? { file: resolve(cwd, picsFile), pics: loadPics(resolve(cwd, picsFile)) }
        : pixit?.pics;
    return ok({
      targetLabel:
        pixit === undefined || pixitFile === undefined
          ? undefined
          : `pixit:${pixitFile} (${addressesOf(pixit)})`,
      pixit,
      pics,
      excluded: pics === undefined ? [] : exclusions(pics.pics, ruleCatalogue.values()),
    });
  } catch (e) {
    if (e instanceof ConformanceFileError) return refused('bad-file', e.message);
    throw e;
  }
}

function addressesOf(loaded: LoadedPixit): string {
  const a = loaded.pixit.addresses;
  const parts = [
    ...(a.sip ? [`sip ${a.sip.transport} ${a.sip.host}:${a.sip.port}`] : []),
    ...(a.sccp ? [`sccp ${a.sccp.host}:${a.sccp.port}`] : []),
    ...Object.entries(a.sccpNodes ?? {}).map(([node, ep]) => `sccp ${node} ${ep.host}:${ep.port}`),
    ...(a.ctiServer
      ? [
          `cti server ${a.ctiServer.sideA.host}:${a.ctiServer.sideA.port}${a.ctiServer.sideB ? ` / ${a.ctiServer.sideB.host}:${a.ctiServer.sideB.port}` : ''}`,
        ]
      : []),
  ];
  return `${loaded.pixit.target}: ${parts.join(', ')}`;
}

/** The world parameter `pixit` (steps/pixit-target.ts): the PIXIT file, already checked here. */
export function pixitWorldParameter(loaded: LoadedPixit): string {
  return loaded.file;
}

/**
 * The scenarios of the selection (paths, names, `userTags`) that the PICS leaves out, each with
 * every claim it lacks: one Cucumber source load per lacking claim.
 */
export async function notApplicableScenarios(
  sources: ISourcesCoordinates,
  userTags: string | undefined,
  excluded: Exclusion[],
  environment: IRunEnvironment,
): Promise<ImplementationUnderTest['notApplicable']> {
  const found = new Map<string, { name: string; feature: string; line: number; claims: string[] }>();
  for (const exclusion of excluded) {
    const tagExpression =
      userTags === undefined ? exclusion.tagExpression : `(${userTags}) and (${exclusion.tagExpression})`;
    const { plan } = await loadSources({ ...sources, tagExpression }, environment);
    for (const p of plan) {
      const key = `${p.uri}:${p.location.line}`;
      const row = found.get(key) ?? { name: p.name, feature: p.uri, line: p.location.line, claims: [] };
      row.claims.push(exclusion.claim);
      found.set(key, row);
    }
  }
  return [...found.values()]
    .sort((a, b) => a.feature.localeCompare(b.feature) || a.line - b.line)
    .map((r) => ({
      name: r.name,
      feature: r.feature,
      line: r.line,
      verdict: 'not run',
      reason: notApplicableReason(r.claims),
    }));
}

/** The report section of the run. */
export function implementationOf(
  plan: ImplementationPlan,
  notApplicable: ImplementationUnderTest['notApplicable'],
  cwd: string,
): ImplementationUnderTest {
  const rel = (file: string) => (file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file);
  const pics = plan.pics;
  const iut = plan.pixit?.pixit.iut ?? pics?.pics.iut;
  return {
    ...(iut === undefined ? {} : { iut }),
    ...(pics === undefined
      ? {}
      : {
          pics: {
            file: rel(pics.file),
            profiles: [...pics.pics.profiles],
            cstaEditions: [...(pics.pics.csta?.editions ?? [])],
            transports: [...pics.pics.transports],
            features: [...pics.pics.features],
          },
        }),
    ...(plan.pixit === undefined
      ? {}
      : {
          pixit: {
            file: rel(plan.pixit.file),
            target: plan.pixit.pixit.target,
            contents: maskedPixit(plan.pixit.pixit),
          },
        }),
    notApplicable,
  };
}
