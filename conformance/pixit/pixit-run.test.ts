import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { ctilabChildren, ctilabRun, serveReadyLine } from '../../simulators/testing/ctilab-test-children.ts';

// Issue 12 item 4: the features against a "real" target through its protocols only. There is no
// real CME on this machine: the target is the project's own CME run as a separate process
// (`ctilab serve cme`), reached only at the endpoints its ready line prints, which the PIXIT gives.

const root = fileURLToPath(new URL('../..', import.meta.url));
const ctilab = join(root, 'bin', 'ctilab.js');
const features = ['features/csta/session.feature', 'features/sccp/registration.feature'];

const { start: serve } = ctilabChildren();
let target: CtilabChild;
let dir: string;
let pixitFile: string;
let endpoints: { sccp: { host: string; port: number }; sip: { host: string; port: number } };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ctilab-pixit-'));
  target = serve(
    'serve cme',
    ['serve', 'cme', '--config', 'labs/cme-moc.cfg', '--sccp-port', '0', '--sip-port', '0'],
    { cwd: root },
  );
  endpoints = (await serveReadyLine<{ endpoints: typeof endpoints }>(target)).endpoints;
  // The shipped PIXIT of a CME configured as labs/cme-moc.cfg, with the ports the target got.
  const pixit = parse(readFileSync(join(root, 'labs/pixit/cme-moc.yaml'), 'utf8'));
  pixit.addresses.sip = { host: endpoints.sip.host, port: endpoints.sip.port, transport: 'tcp' };
  pixit.addresses.sccp = { host: endpoints.sccp.host, port: endpoints.sccp.port };
  pixit.pics = join(root, 'labs/pics/cme-moc.yaml');
  pixitFile = join(dir, 'cme-moc.pixit.yaml');
  writeFileSync(pixitFile, stringify(pixit));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; report: Report; cases: number; html: string }> {
  const { runDir, ...res } = await ctilabRun(args, join(dir, `out-${Math.random().toString(16).slice(2)}`));
  const ndjson = readFileSync(join(runDir, 'cucumber.ndjson'), 'utf8');
  return {
    ...res,
    report: JSON.parse(readFileSync(join(runDir, 'conformance.json'), 'utf8')),
    cases: ndjson.split('\n').filter((l) => l.includes('"testCaseFinished"')).length,
    html: readFileSync(join(runDir, 'conformance.html'), 'utf8'),
  };
}

interface Report {
  iut: { target: string; selection?: string };
  testPurposes: { name: string; verdict: string; reason?: string }[];
  rules: { id: string; verdict: string; reason?: string }[];
  totals: Record<string, number>;
  implementation: {
    iut: { vendor: string; product: string; version: string };
    pics: { file: string; profiles: string[]; features: string[] };
    pixit: { file: string; target: string; contents: { credentials: Record<string, { password: string }> } };
    notApplicable: { name: string; feature: string; verdict: string; reason: string }[];
  };
}

const verdicts = (r: Report) => r.testPurposes.map((p) => `${p.verdict} ${p.name}`);

test(
  'a pixit target: protocol-only scenarios pass, @lab-control ones are inconc with their reason',
  { timeout: 300_000 },
  async () => {
    const res = await run([...features, '--target', `pixit:${pixitFile}`]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    const r = res.report;
    assert.deepEqual(verdicts(r), [
      'inconc A client opens a session on a line and the CME answers with system status normal',
      'pass Sessions in the CSTA editions ed3, ed4 and ed6',
      'pass Sessions in the CSTA editions ed3, ed4 and ed6',
      'pass Sessions in the CSTA editions ed3, ed4 and ed6',
      'pass A session over UDP',
      "pass No events before MonitorStart; after it every event carries the monitor's cross-ref id",
      'inconc The client refreshes its session with a re-INVITE and the session stays up',
      'inconc A session that is not refreshed expires and its dialog and monitors are deleted',
      'pass The client ends its session with BYE',
      'inconc clear cti session id N tears down that session and no other',
      'inconc After a refused session, clear cti session id N ends the session show cti session listed',
      'pass A configured phone registers',
      'inconc A phone with a MAC no ephone has is rejected',
      'inconc max-ephones limits how many phones register',
      'inconc A second registration for a registered device is rejected',
      'inconc A phone that stops keeping alive is unregistered; the others stay',
    ]);
    // Counts are Cucumber's: the not applicable scenario did not run.
    assert.equal(res.cases, 16);
    assert.deepEqual(r.totals, { none: 0, 'not run': 0, pass: 7, inconc: 9, fail: 0, error: 0 });
    const reasonOf = (name: string) => r.testPurposes.find((p) => p.name === name)?.reason;
    assert.equal(
      reasonOf('The client refreshes its session with a re-INVITE and the session stays up'),
      `@lab-control: needs time jumps on the lab clock (ManualClock); a real target (pixit:${pixitFile}) is reached only through its protocols`,
    );
    assert.match(
      reasonOf('clear cti session id N tears down that session and no other') ?? '',
      /^@lab-control: needs the router console of the lab's CME;/,
    );
    assert.match(
      reasonOf('max-ephones limits how many phones register') ?? '',
      /^@lab-control: needs reading the lab's internals/,
    );
    // The target's PICS (basic mode) does not claim enhanced mode: the Table 1 scenario is not applicable.
    assert.deepEqual(r.implementation.notApplicable, [
      {
        name: 'The CME answers GetCSTAFeatures with exactly the services of Table 1',
        feature: 'features/csta/session.feature',
        line: 43,
        verdict: 'not run',
        reason: 'not applicable: PICS does not claim feature enhanced-mode',
      },
    ]);
    // The report names the IUT, its PICS and the PIXIT target (credentials masked).
    assert.equal(
      r.iut.target,
      `pixit:${pixitFile} (cme: sip tcp ${endpoints.sip.host}:${endpoints.sip.port}, sccp ${endpoints.sccp.host}:${endpoints.sccp.port})`,
    );
    assert.deepEqual(r.implementation.iut, {
      vendor: 'Cisco',
      product: 'Cisco Unified Communications Manager Express',
      version: '8.6',
    });
    assert.equal(r.implementation.pics.file, 'labs/pics/cme-moc.yaml');
    assert.deepEqual(r.implementation.pics.profiles, ['sccp-cme', 'cme-cti']);
    assert.equal(r.implementation.pixit.target, 'cme');
    assert.deepEqual(r.implementation.pixit.contents.credentials, { app1: { password: '***' } });
    assert.match(res.html, /<h2>Implementation under test<\/h2>/);
    assert.match(res.html, /<td>Cisco Unified Communications Manager Express<\/td>/);
    assert.match(res.html, /@lab-control: needs time jumps on the lab clock/);
    assert.doesNotMatch(res.html + JSON.stringify(r), /not-used-by-cme/);
    // The target process itself registered the phones (its own log), not a lab of the run.
    assert.match(target.stderr.join('\n'), /SEP001E4A34A35F/);
  },
);

test(
  'a PICS that lacks a profile deselects its scenarios; they are reported not applicable',
  { timeout: 300_000 },
  async () => {
    const res = await run([
      ...features,
      '--target',
      `pixit:${pixitFile}`,
      '--pics',
      'labs/pics/cme-sccp-only.yaml',
    ]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    const r = res.report;
    assert.equal(res.cases, 5);
    assert.equal(r.iut.selection, `${features.join(' ')} --pics labs/pics/cme-sccp-only.yaml`);
    assert.equal(r.testPurposes.length, 5);
    assert.deepEqual(r.totals, { none: 0, 'not run': 0, pass: 1, inconc: 4, fail: 0, error: 0 });
    assert.deepEqual(r.implementation.pics.profiles, ['sccp-cme']);
    const na = r.implementation.notApplicable;
    assert.equal(na.length, 12);
    assert.ok(na.every((p) => p.feature === 'features/csta/session.feature' && p.verdict === 'not run'));
    assert.equal(
      na.find((p) => p.name === 'A session over UDP')?.reason,
      'not applicable: PICS does not claim profile cme-cti, transport udp',
    );
    assert.equal(
      r.rules.find((x) => x.id === 'CME-CTI-SESSION-001')?.reason,
      'not applicable: PICS does not claim profile cme-cti',
    );
    assert.match(res.stdout, /^not applicable \(the PICS does not claim what they need\): 12 scenarios$/m);
  },
);

test('a bad PIXIT is refused with its line before anything runs', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, readFileSync(pixitFile, 'utf8').replace(/target: cme/, 'target: pbx'));
  const out = join(dir, 'bad-out');
  const res = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [ctilab, 'run', features[0]!, '--target', `pixit:${bad}`, '--out', out],
      { cwd: root },
      (err, _o, stderr) => resolve({ code: typeof err?.code === 'number' ? err.code : 0, stderr }),
    ),
  );
  assert.equal(res.code, 2);
  const line =
    readFileSync(bad, 'utf8')
      .split('\n')
      .findIndex((l) => l.startsWith('target:')) + 1;
  assert.equal(res.stderr, `ctilab run: ${bad}:${line} (target): not one of (cme, cucm, acd)\n`);
  assert.throws(() => readdirSync(out));
});
