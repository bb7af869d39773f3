import { implementationHtml } from './implementation-section.ts';
import type { RuleReport, VerdictCounts } from './rule-report.ts';
import type { TestPurpose } from './test-purposes.ts';
import { combine, type Verdict, verdicts } from './verdict.ts';

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
  /** Turns a capture or log path (as attached by the scenario) into a link from the HTML file. */
  captureHref?: (capture: string) => string;
  /** The other files of the run, linked at the top of the page (label, relative href). */
  runFiles?: { label: string; href: string }[];
  /**
   * A test purpose's ladder as SVG markup (simulators/ladder/ladder-svg.ts, every text in it
   * escaped), embedded under its row when its verdict is not pass; undefined: link only.
   */
  ladderSvg?: (p: TestPurpose) => string | undefined;
}

const e = escapeHtml;

const badge = (v: Verdict): string => `<span class="v ${e(v.replace(' ', '-'))}">${e(v)}</span>`;

function countsRow(label: string, c: VerdictCounts): string {
  return `<tr><th>${e(label)}</th>${verdicts.map((v) => `<td>${c[v]}</td>`).join('')}</tr>`;
}

/** The filter script: hides the rows of the rules and test purposes whose data-* do not match. */
const filterScript = `
(function () {
  var selects = document.querySelectorAll('#filters select');
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    document.querySelectorAll('tr[data-verdict]').forEach(function (row) {
      var ok = (want.verdict === '' || row.dataset.verdict === want.verdict) &&
        (want.profile === '' || row.dataset.profiles.split(' ').indexOf(want.profile) >= 0) &&
        (want.tag === '' || row.dataset.tags.split(' ').indexOf(want.tag) >= 0);
      row.hidden = !ok;
    });
    var shown = document.querySelectorAll('tr[data-verdict]:not([hidden])').length;
    document.getElementById('shown').textContent = shown + ' rows shown';
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();
`;

const dataAttr = (values: Iterable<string>): string => e([...new Set(values)].join(' '));

function select(name: string, label: string, values: string[]): string {
  const options = values.map((v) => `<option value="${e(v)}">${e(v)}</option>`).join('');
  return `<label>${e(label)} <select name="${e(name)}"><option value="">all</option>${options}</select></label>`;
}

/** A self-contained HTML page of the rule report (inline CSS and script, no network, works from
 * file://); every value from the run is escaped. */
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
  const evidence = (p: TestPurpose | undefined): string =>
    [
      p?.capture === undefined ? '' : `<a class="pcap" href="${e(href(p.capture))}">pcap</a>`,
      p?.log === undefined ? '' : `<a class="log" href="${e(href(p.log))}">log</a>`,
      p?.ladder === undefined ? '' : `<a class="ladder" href="${e(href(p.ladder))}">ladder</a>`,
    ]
      .filter((l) => l !== '')
      .join(' ');
  const purposeOf = new Map(report.testPurposes.map((p) => [`${p.feature}\n${p.name}`, p]));
  const profilesOfTag = new Map<string, string[]>();
  for (const r of report.rules) profilesOfTag.set(`@${r.id}`, r.profiles);
  const purposes = report.testPurposes
    .filter((p) => p.kind === undefined)
    .map((p) => {
      const profiles = p.tags.flatMap((t) => profilesOfTag.get(t) ?? []);
      const svg = p.verdict === 'pass' ? undefined : options.ladderSvg?.(p);
      const ladder =
        svg === undefined ? '' : `<details class="ladder-inline"><summary>ladder</summary>${svg}</details>`;
      return `<tr data-verdict="${e(p.verdict)}" data-profiles="${dataAttr(profiles)}" data-tags="${dataAttr(p.tags)}"><td>${e(p.name)}</td><td>${e(p.feature)}</td><td>${badge(p.verdict)}</td><td><pre>${e(p.reason ?? '')}</pre></td><td>${evidence(p)}${ladder}</td></tr>`;
    })
    .join('\n');
  const properties = propertySection(report);
  const rules = report.rules
    .map((r) => {
      const tags = [`@${r.id}`];
      const scenarios = r.scenarios
        .map((s) => {
          const p = purposeOf.get(`${s.feature}\n${s.name}`);
          tags.push(...(p?.tags ?? []));
          const links = evidence(p);
          return `<li>${badge(s.verdict)} ${e(s.name)}${links === '' ? '' : ` ${links}`}</li>`;
        })
        .join('');
      const note = r.planned ? ' <em>(planned)</em>' : '';
      return `<tr data-verdict="${e(r.verdict)}" data-profiles="${dataAttr(r.profiles)}" data-tags="${dataAttr(tags)}"><td id="${e(r.id)}"><code>${e(r.id)}</code>${note}</td><td>${e(r.statement)}</td><td>${e(r.source)}</td><td>${e(r.role)}</td><td>${e(r.profiles.join(', '))}</td><td>${badge(r.verdict)}${r.reason === undefined ? '' : ` ${e(r.reason)}`}</td><td><ul>${scenarios}</ul></td></tr>`;
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
  const overall = combine(
    report.testPurposes.map((p) => p.verdict),
    'none',
  );
  const t = report.totals;
  const ruleCounts = verdicts
    .map((v) => [v, report.rules.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  const summary = `<p id="summary">Verdict: ${badge(overall)}: ${report.testPurposes.length} test purposes (${t.pass} pass, ${t.fail} fail, ${t.inconc} inconc, ${t.error} error); ${report.rules.length} rules (${e(ruleCounts)})</p>`;
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const filters = `<p id="filters">Show: ${select('profile', 'profile', sorted(report.rules.flatMap((r) => r.profiles)))} ${select(
    'verdict',
    'verdict',
    [...verdicts],
  )} ${select('tag', 'tag', sorted([...report.rules.map((r) => `@${r.id}`), ...report.testPurposes.flatMap((p) => p.tags)]))} <span id="shown"></span></p>`;

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
label { margin-right: 1em; }
.v { font-weight: bold; padding: 0 0.3em; }
.pass { color: #176117; } .fail { color: #b00020; } .inconc { color: #a06000; }
.error { color: #fff; background: #b00020; } .none, .not-run { color: #666; }
</style>
</head>
<body>
<h1>CTI Lab conformance: verdicts per rule</h1>
${summary}
${files}
<h2>IUT identification</h2>
<table>
${iutRows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v ?? '')}</td></tr>`).join('\n')}
</table>
${implementationHtml(report.implementation)}
<h2>Counts</h2>
<table id="profiles">
<tr><th>Rules per profile</th>${verdicts.map((v) => `<th>${e(v)}</th>`).join('')}</tr>
${profileRows}
${countsRow('Test purposes (all)', report.totals)}
</table>
${unknown}
${filters}
<h2>Rules</h2>
<table id="rules">
<tr><th>Rule</th><th>Statement</th><th>Source</th><th>Role</th><th>Profiles</th><th>Verdict</th><th>Scenarios</th></tr>
${rules}
</table>
<h2>Test purposes</h2>
<table id="purposes">
<tr><th>Scenario</th><th>Feature</th><th>Verdict</th><th>Reason</th><th>Evidence</th></tr>
${purposes}
</table>
<script>${filterScript}</script>
${properties}
</body>
</html>
`;
}
