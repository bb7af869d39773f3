/**
 * The "Implementation under test" part of a rule report (DESIGN.md section 7, "Reports: IUT
 * identification, PICS (what the target claims), PIXIT, ..."): who the IUT is, what its PICS
 * claims, the PIXIT the run used (credentials masked by its reader, conformance/pixit/), and the
 * test purposes the PICS made not applicable (left out of the run: Cucumber's counts do not hold
 * them).
 */
/** HTML escaping as html-report.ts does it (that module imports this one, so not from there). */
const e = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export interface ImplementationUnderTest {
  iut?: { vendor: string; product: string; version: string };
  pics?: {
    file: string;
    profiles: string[];
    cstaEditions: string[];
    transports: string[];
    features: string[];
  };
  /** The PIXIT of a real target: its file, target kind and contents (passwords `***`). */
  pixit?: { file: string; target: string; contents: unknown };
  /** Scenarios the selection named that the PICS does not make applicable: verdict `not run`. */
  notApplicable: { name: string; feature: string; line: number; verdict: 'not run'; reason: string }[];
}

/**
 * Rules left `not run` whose scenarios were all not applicable say why (rather than "not
 * selected"): the reason of their scenarios.
 */
export function explainNotApplicable(
  rules: { verdict: string; profiles: string[]; reason?: string }[],
  implementation: ImplementationUnderTest,
): void {
  if (implementation.pics === undefined) return;
  const claimed = new Set(implementation.pics.profiles);
  for (const rule of rules) {
    if (rule.verdict !== 'not run' || rule.profiles.some((p) => claimed.has(p))) continue;
    rule.reason = `not applicable: PICS does not claim profile ${[...rule.profiles].sort().join(' or ')}`;
  }
}

function table(rows: [string, string][]): string {
  return `<table>\n${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('\n')}\n</table>`;
}

/** The HTML section; empty when the run had neither PICS nor PIXIT. */
export function implementationHtml(implementation: ImplementationUnderTest | undefined): string {
  if (implementation === undefined) return '';
  const parts: string[] = ['<section id="implementation">', '<h2>Implementation under test</h2>'];
  const iut = implementation.iut;
  if (iut !== undefined)
    parts.push(
      table([
        ['Vendor', iut.vendor],
        ['Product', iut.product],
        ['Version', iut.version],
      ]),
    );
  const pics = implementation.pics;
  if (pics !== undefined) {
    parts.push(`<h3>PICS (what the target claims): <code>${e(pics.file)}</code></h3>`);
    parts.push(
      `<div id="pics">${table([
        ['Profiles', pics.profiles.join(', ')],
        ['CSTA editions', pics.cstaEditions.join(', ') || 'none'],
        ['Transports', pics.transports.join(', ')],
        ['Features', pics.features.join(', ') || 'none'],
      ])}</div>`,
    );
  }
  const pixit = implementation.pixit;
  if (pixit !== undefined)
    parts.push(
      `<h3>PIXIT (${e(pixit.target)} target): <code>${e(pixit.file)}</code></h3>`,
      `<pre id="pixit">${e(JSON.stringify(pixit.contents, null, 2))}</pre>`,
    );
  if (implementation.notApplicable.length > 0)
    parts.push(
      `<h3>Not applicable (${implementation.notApplicable.length})</h3>`,
      '<table id="not-applicable">',
      '<tr><th>Scenario</th><th>Feature</th><th>Verdict</th><th>Reason</th></tr>',
      ...implementation.notApplicable.map(
        (p) =>
          `<tr><td>${e(p.name)}</td><td>${e(`${p.feature}:${p.line}`)}</td><td><span class="v not-run">not run</span></td><td>${e(p.reason)}</td></tr>`,
      ),
      '</table>',
    );
  parts.push('</section>');
  return parts.join('\n');
}
