/**
 * The verdict report of a validate-client run: `validation.json` (for CI and tools) and a
 * self-contained `validation.html` (inline CSS, no network, works from file://): the IUT, the
 * profile, the settings, one row per client-role rule with its verdict, reason and evidence —
 * each evidence line names its pcap frame — and the stimuli the lab applied, in time order.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml as e } from '../report/html-report.ts';
import type { Verdict } from '../report/verdict.ts';
import { ruleCatalogue } from '../rules/catalogue.ts';
import type { RuleGrade } from './client-grade.ts';
import type { ConnectInfo, ProfileName, Stimulus, ValidationSettings } from './client-profile.ts';

export interface ValidationReport {
  readonly profile: ProfileName;
  readonly summary: string;
  readonly iut: { readonly vendor: string; readonly product: string; readonly version: string };
  /** The client PIXIT file, when one was given. */
  readonly pixit?: string;
  readonly started: string;
  readonly finished: string;
  readonly settings: ValidationSettings;
  readonly connect?: ConnectInfo;
  readonly stimuli: readonly Stimulus[];
  readonly grades: readonly RuleGrade[];
  /** The run's verdict: the worst of the grades (TTCN-3 precedence). */
  readonly verdict: Verdict;
  /** What went wrong with the run itself (the lab did not start, the plan stopped). */
  readonly problems: readonly string[];
  /** The run's files, relative to its directory. */
  readonly files: { readonly pcap: string; readonly labLog: string; readonly clientLog?: string };
}

export function countGrades(grades: readonly RuleGrade[]): Record<RuleGrade['verdict'], number> {
  const counts = { pass: 0, inconc: 0, fail: 0, error: 0 };
  for (const g of grades) counts[g.verdict]++;
  return counts;
}

export function writeValidationReport(dir: string, report: ValidationReport): void {
  writeFileSync(
    join(dir, 'validation.json'),
    `${JSON.stringify({ ...report, counts: countGrades(report.grades) }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'validation.html'), validationHtml(report));
}

const badge = (v: string) => `<span class="v ${e(v)}">${e(v)}</span>`;

export function validationHtml(r: ValidationReport): string {
  const counts = countGrades(r.grades);
  const t0 = Date.parse(r.started);
  const seconds = (time: number) => ((time - t0) / 1000).toFixed(3);
  const rows = r.grades
    .map((g) => {
      const rule = ruleCatalogue.get(g.rule);
      const evidence = g.evidence
        .map(
          (ev) =>
            `<li>${ev.frame === undefined ? '' : `<a href="${e(r.files.pcap)}">frame ${ev.frame}</a> `}${e(ev.summary)}</li>`,
        )
        .join('');
      return `<tr data-verdict="${e(g.verdict)}"><td><code>${e(g.rule)}</code></td><td>${badge(g.verdict)}</td><td>${e(rule?.statement ?? '')}<div class="src">${e(rule?.source ?? '')}</div></td><td>${e(g.reason)}${evidence === '' ? '' : `<ul>${evidence}</ul>`}</td></tr>`;
    })
    .join('\n');
  const stimuli = r.stimuli
    .map(
      (s) =>
        `<tr><td>${seconds(s.time)}</td><td>${e(s.kind)}</td><td>${e(s.action)}</td><td>${e(s.detail === undefined ? '' : JSON.stringify(s.detail))}</td><td>${e(s.outcome ?? '')}</td></tr>`,
    )
    .join('\n');
  const problems =
    r.problems.length === 0
      ? ''
      : `<h2>Problems of the run</h2><ul>${r.problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul>`;
  const logs = [
    `<a href="${e(r.files.pcap)}">client.pcap</a>`,
    `<a href="${e(r.files.labLog)}">lab.log</a>`,
    ...(r.files.clientLog === undefined ? [] : [`<a href="${e(r.files.clientLog)}">client.log</a>`]),
    '<a href="validation.json">validation.json</a>',
  ].join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CTI Lab client validation: ${e(r.profile)} — ${e(r.verdict)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}th{background:#f4f4f4}
.v{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-weight:600}.pass{background:#2a7d2a}
.fail{background:#c0392b}.inconc{background:#b9770e}.error{background:#6c3483}.src{color:#666;font-size:12px;margin-top:.3em}
ul{margin:.3em 0;padding-left:1.2em}code{font-size:13px}
</style></head><body>
<h1>Client validation: ${e(r.profile)} ${badge(r.verdict)}</h1>
<p>${e(r.summary)}</p>
<table id="iut"><tr><th>Implementation under test</th><td>${e(r.iut.vendor)} — ${e(r.iut.product)} ${e(r.iut.version)}</td></tr>
<tr><th>Client PIXIT</th><td>${e(r.pixit ?? 'none')}</td></tr>
<tr><th>Run</th><td>${e(r.started)} → ${e(r.finished)}</td></tr>
<tr><th>Settings</th><td>connect within ${r.settings.connectTimeoutSeconds} s, plan ≤ ${r.settings.runSeconds} s, session timer ${r.settings.sessionExpiresSeconds} s</td></tr>
<tr><th>Files</th><td>${logs}</td></tr></table>
<table id="counts"><tr><th>pass</th><th>inconc</th><th>fail</th><th>error</th></tr>
<tr><td>${counts.pass}</td><td>${counts.inconc}</td><td>${counts.fail}</td><td>${counts.error}</td></tr></table>
${problems}
<h2>Client-role rules</h2>
<table id="grades"><tr><th>Rule</th><th>Verdict</th><th>Statement and source</th><th>Reason and evidence (pcap frames)</th></tr>
${rows}
</table>
<h2>What the lab did</h2>
<table id="stimuli"><tr><th>s</th><th>kind</th><th>action</th><th>detail</th><th>outcome</th></tr>
${stimuli}
</table>
</body></html>
`;
}
