import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { renderHtml } from './html-report.ts';
import {
  explainNotApplicable,
  type ImplementationUnderTest,
  implementationHtml,
} from './implementation-section.ts';
import { ruleReport } from './rule-report.ts';

const implementation: ImplementationUnderTest = {
  iut: { vendor: 'Cisco', product: 'CME <router>', version: '8.6' },
  pics: {
    file: 'labs/pics/cme-sccp-only.yaml',
    profiles: ['sccp-cme'],
    cstaEditions: [],
    transports: ['tcp'],
    features: [],
  },
  pixit: {
    file: 'labs/pixit/x.yaml',
    target: 'cme',
    contents: { credentials: { app1: { password: '***' } } },
  },
  notApplicable: [
    {
      name: 'A session over UDP',
      feature: 'features/csta/session.feature',
      line: 38,
      verdict: 'not run',
      reason: 'not applicable: PICS does not claim profile cme-cti, transport udp',
    },
  ],
};

test('the Implementation under test section: IUT, PICS claims, PIXIT and the not applicable scenarios, escaped', () => {
  const html = implementationHtml(implementation);
  assert.match(html, /<h2>Implementation under test<\/h2>/);
  assert.match(html, /<tr><th>Product<\/th><td>CME &lt;router&gt;<\/td><\/tr>/);
  assert.match(html, /<tr><th>Profiles<\/th><td>sccp-cme<\/td><\/tr>/);
  assert.match(html, /<tr><th>CSTA editions<\/th><td>none<\/td><\/tr>/);
  assert.match(html, /<h3>PIXIT \(cme target\): <code>labs\/pixit\/x\.yaml<\/code><\/h3>/);
  assert.match(html, /&quot;password&quot;: &quot;\*\*\*&quot;/);
  assert.match(
    html,
    /<td>A session over UDP<\/td><td>features\/csta\/session\.feature:38<\/td><td><span class="v not-run">not run<\/span><\/td><td>not applicable: PICS does not claim profile cme-cti, transport udp<\/td>/,
  );
  assert.equal(implementationHtml(undefined), '');
});

test('a rule of a profile the PICS does not claim is not run, not applicable; the page shows the section', () => {
  const report = ruleReport(ruleCatalogue.values(), [], {
    lab: 'l',
    target: 't',
    node: 'n',
    date: 'd',
    selection: 's',
  });
  explainNotApplicable(report.rules, implementation);
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  assert.equal(byId.get('CME-CTI-SESSION-001')?.verdict, 'not run');
  assert.equal(
    byId.get('CME-CTI-SESSION-001')?.reason,
    'not applicable: PICS does not claim profile cme-cti',
  );
  // A claimed profile's rule keeps the ordinary reason.
  assert.equal(byId.get('SCCP-REG-001')?.reason, 'its scenarios were not selected in this run');
  report.implementation = implementation;
  assert.match(
    renderHtml(report),
    /<\/table>\n<section id="implementation">\n<h2>Implementation under test<\/h2>/,
  );
});
