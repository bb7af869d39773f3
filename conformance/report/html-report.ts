import type { RuleReport, VerdictCounts } from './rule-report.ts';
import { type Verdict, verdicts } from './verdict.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface HtmlOptions {
  /** Turns a capture path (as attached by the scenario) into a link from the HTML file. */
  captureHref?: (capture: string) => string;
  /** The other files of the run, linked at the top of the page (label, relative href). */
  runFiles?: { label: string; href: string }[];
}

const e = escapeHtml;

const badge = (v: Verdict): string => `<span class="v ${e(v.replace(' ', '-'))}">${e(v)}</span>`;

function countsRow(label: string, c: VerdictCounts): string {
  return `<tr><th>${e(label)}</th>${verdicts.map((v) => `<td>${c[v]}</td>`).join('')}</tr>`;
}

/** The property and model tests of the run (conformance/report/property-run.ts), if any. */
function propertySection(report: RuleReport): string {
  const rows = report.testPurposes.flatMap((p) => {
    const fc = p.fastCheck;
    if (p.kind === undefined || fc === undefined) return [];
    const rules = p.tags.map((t) => t.replace(/^@/, '')).map((id) => `<a href="#${e(id)}">${e(id)}</a>`);
    const failure =
      p.verdict === 'pass'
        ? ''
        : `<pre>${e(p.reason ?? '')}</pre>${fc.counterexample === undefined ? '' : `<p>Counterexample: <code class="counterexample">${e(fc.counterexample)}</code></p>`}<p>Replay: <code class="replay">${e(fc.replay)}</code></p>`;
    return [
      `<tr class="property"><td>${e(p.name)}</td><td>${e(p.feature)}</td><td>${e(p.kind)}</td><td>${rules.join(', ')}</td><td>${badge(p.verdict)}</td><td>${fc.seed ?? ''}</td><td>${fc.numRuns}</td><td>${failure}</td></tr>`,
    ];
  });
  if (rows.length === 0) return '';
  return `<h2>Property and model tests</h2>
<table>
<tr><th>Test</th><th>File</th><th>Kind</th><th>Rules</th><th>Verdict</th><th>Seed</th><th>Runs</th><th>Failure</th></tr>
${rows.join('\n')}
</table>`;
}

/** A self-contained HTML page of the rule report; every value from the run is escaped. */
export function renderHtml(report: RuleReport, options: HtmlOptions = {}): string {
  const href = options.captureHref ?? ((c: string) => c);
  const { iut } = report;
  const iutRows: [string, string | undefined][] = [
    ['Lab', iut.lab],
    ['Target', iut.target],
    ['Node', iut.node],
    ['Date', iut.date],
    ['Git commit', iut.gitCommit ?? 'unknown'],
    ['Runner', iut.runner],
    ['Selection', iut.selection ?? 'the whole suite'],
  ];
  const purposes = report.testPurposes
    .filter((p) => p.kind === undefined)
    .map((p) => {
      const link = p.capture === undefined ? '' : `<a href="${e(href(p.capture))}">pcap</a>`;
      return `<tr><td>${e(p.name)}</td><td>${e(p.feature)}</td><td>${badge(p.verdict)}</td><td><pre>${e(p.reason ?? '')}</pre></td><td>${link}</td></tr>`;
    })
    .join('\n');
  const properties = propertySection(report);
  const rules = report.rules
    .map((r) => {
      const scenarios = r.scenarios.map((s) => `<li>${badge(s.verdict)} ${e(s.name)}</li>`).join('');
      const note = r.planned ? ' <em>(planned)</em>' : '';
      return `<tr><td id="${e(r.id)}"><code>${e(r.id)}</code>${note}</td><td>${e(r.statement)}</td><td>${e(r.source)}</td><td>${e(r.role)}</td><td>${e(r.profiles.join(', '))}</td><td>${badge(r.verdict)}${r.reason === undefined ? '' : ` ${e(r.reason)}`}</td><td><ul>${scenarios}</ul></td></tr>`;
    })
    .join('\n');
  const profileRows = Object.entries(report.profiles)
    .map(([name, c]) => countsRow(name, c))
    .join('\n');
  const files =
    (options.runFiles ?? []).length === 0
      ? ''
      : `<p>This run: ${(options.runFiles ?? []).map((f) => `<a href="${e(f.href)}">${e(f.label)}</a>`).join(' · ')}</p>`;
  const unknown =
    report.unknownRuleTags.length === 0
      ? ''
      : `<p>Tags shaped like rule IDs but not in the catalogue: ${e(report.unknownRuleTags.join(', '))}</p>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CTI Lab conformance: verdicts per rule</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
pre { margin: 0; white-space: pre-wrap; max-width: 40em; }
ul { margin: 0; padding-left: 1em; }
.v { font-weight: bold; padding: 0 0.3em; }
.pass { color: #176117; } .fail { color: #b00020; } .inconc { color: #a06000; }
.error { color: #fff; background: #b00020; } .none, .not-run { color: #666; }
</style>
</head>
<body>
<h1>CTI Lab conformance: verdicts per rule</h1>
${files}
<h2>IUT identification</h2>
<table>
${iutRows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v ?? '')}</td></tr>`).join('\n')}
</table>
<h2>Counts</h2>
<table>
<tr><th>Rules per profile</th>${verdicts.map((v) => `<th>${e(v)}</th>`).join('')}</tr>
${profileRows}
${countsRow('Test purposes (all)', report.totals)}
</table>
${unknown}
<h2>Rules</h2>
<table>
<tr><th>Rule</th><th>Statement</th><th>Source</th><th>Role</th><th>Profiles</th><th>Verdict</th><th>Scenarios</th></tr>
${rules}
</table>
<h2>Test purposes</h2>
<table>
<tr><th>Scenario</th><th>Feature</th><th>Verdict</th><th>Reason</th><th>Capture</th></tr>
${purposes}
</table>
${properties}
</body>
</html>
`;
}
