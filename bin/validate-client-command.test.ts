/**
 * `ctilab validate-client` as a user runs it (issue 12 item 5, "Done when": the reference client
 * grades all-pass, the faulty fixture fails exactly its named rules): real child processes of
 * bin/ctilab.js, the lab on ephemeral ports, the fixture started by the command, grades read from
 * the run's validation.json. A vendor-style run drives the client through a client PIXIT whose
 * upper tester is HTTP requests on the control URL the client printed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tr87FixtureCommand } from '../conformance/client-validation/tr87-profiles.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ctilab-validate-'));
after(() => rmSync(out, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function ctilab(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/ctilab.js', 'validate-client', ...args, '--out', out],
      { cwd: root, timeout: 170_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface Report {
  verdict: string;
  iut: { product: string };
  grades: { rule: string; verdict: string; evidence: { frame?: number }[] }[];
  counts: Record<string, number>;
  stimuli: { kind: string; action: string; outcome?: string }[];
}

/** The report of the run whose report line the output ends with. */
function reportOf(o: Outcome): Report {
  const line = /report: (\S+)validation\.html/.exec(o.stdout);
  assert.ok(line, `no report line in:\n${o.stdout}\n${o.stderr}`);
  return JSON.parse(readFileSync(join(line[1] as string, 'validation.json'), 'utf8')) as Report;
}

const verdicts = (r: Report) => Object.fromEntries(r.grades.map((g) => [g.rule, g.verdict]));

describe('ctilab validate-client', { timeout: 600_000 }, () => {
  it('grades the cme-moc reference client pass on every rule, with evidence frames and the run files', async () => {
    const o = await ctilab(['--profile', 'cme-moc', '--reference', '--session-expires', '4']);
    assert.equal(o.code, 0, o.stdout + o.stderr);
    const connect = JSON.parse(o.stdout.split('\n')[0] as string) as {
      profile: string;
      endpoints: { sip: { port: number } };
    };
    assert.equal(connect.profile, 'cme-moc');
    assert.ok(connect.endpoints.sip.port > 0);
    const report = reportOf(o);
    assert.equal(report.verdict, 'pass');
    assert.equal(report.iut.product, 'reference client');
    assert.ok(report.grades.length >= 10);
    assert.deepEqual(
      report.grades.filter((g) => g.verdict !== 'pass'),
      [],
    );
    const withFrames = report.grades.filter((g) => g.evidence.some((e) => typeof e.frame === 'number'));
    assert.ok(withFrames.length >= report.grades.length - 1, 'the grades name the pcap frames they rest on');
    const dir = realpathSync(join(out, 'validation', 'latest'));
    for (const f of ['client.pcap', 'lab.log', 'client.log', 'validation.html', 'validation.json'])
      assert.ok(existsSync(join(dir, f)), f);
    assert.match(
      o.stdout,
      /client validation cme-moc: pass — \d+ rules \(\d+ pass, 0 fail, 0 inconc, 0 error\)/,
    );
  });

  it('fails the faulty fixture on exactly the rule its fault names (no-refresh → CME-CTI-SESSION-013), exit 1', async () => {
    const o = await ctilab(['--profile', 'cme-moc', '--fault', 'no-refresh', '--session-expires', '4']);
    assert.equal(o.code, 1, o.stdout + o.stderr);
    const report = reportOf(o);
    assert.equal(report.iut.product, 'faulty client (no-refresh)');
    const failed = report.grades.filter((g) => g.verdict !== 'pass');
    assert.deepEqual(
      failed.map((g) => [g.rule, g.verdict]),
      [['CME-CTI-SESSION-013', 'fail']],
    );
    assert.ok(
      (failed[0]?.evidence ?? []).some((e) => typeof e.frame === 'number'),
      'the failure names a pcap frame',
    );
    assert.match(o.stdout, / {2}fail {3}CME-CTI-SESSION-013 /);
  });

  it("drives a vendor's client through the client PIXIT's HTTP upper tester on the control URL the client printed", async () => {
    // The "vendor client" here is the reference fixture started by --client: only the command
    // line and the PIXIT tell the lab about it, as for any vendor's application.
    const command = tr87FixtureCommand('cme-moc')
      .map((a) => (a === '{connect}' ? '"$CTILAB_CONNECT"' : `'${a}'`))
      .join(' ');
    const pixit = join(out, 'vendor-pixit.yaml');
    writeFileSync(
      pixit,
      [
        'iut: { vendor: Example Corp, product: Example CTI Connector, version: "2.1" }',
        'profile: cme-moc',
        'upperTester:',
        '  actions:',
        '    make-call: { http: { method: POST, url: "{control}/make-call?from={from}&to={to}" } }',
        ...['answer', 'hold', 'retrieve', 'clear'].map(
          (a) => `    ${a}: { http: { method: POST, url: "{control}/${a}?device={device}" } }`,
        ),
        'timers: { sessionExpiresSeconds: 4, runSeconds: 60 }',
        '',
      ].join('\n'),
    );
    const o = await ctilab(['--profile', 'cme-moc', '--pixit', pixit, '--client', command]);
    const report = reportOf(o);
    assert.equal(report.iut.product, 'Example CTI Connector');
    assert.equal(o.code, 0, o.stdout + o.stderr);
    assert.ok(
      Object.values(verdicts(report)).every((v) => v === 'pass'),
      JSON.stringify(verdicts(report)),
    );
    // The plan's actions went through the PIXIT's HTTP requests and the client carried them out.
    const actions = report.stimuli.filter((s) => s.kind === 'upper-tester');
    for (const name of ['make-call', 'answer', 'clear'])
      assert.ok(
        actions.some((s) => s.action === name && s.outcome === 'ok'),
        `${name}: ${JSON.stringify(actions.filter((s) => s.action === name))}`,
      );
  });

  it('refuses bad usage before anything starts (exit 2)', async () => {
    const unknownFault = await ctilab(['--profile', 'cme-moc', '--fault', 'no-such-fault']);
    assert.equal(unknownFault.code, 2);
    assert.match(
      unknownFault.stderr,
      /profile cme-moc has no fixture fault 'no-such-fault' \(known: .*no-refresh/,
    );
    const both = await ctilab(['--profile', 'cme-moc', '--reference', '--client', 'true']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--client and --reference\/--fault exclude each other/);
    const bad = join(out, 'bad-pixit.yaml');
    writeFileSync(bad, 'iut: { vendor: X, product: Y, version: "1" }\nprofile: acd-agent\n');
    const wrongProfile = await ctilab(['--profile', 'cme-moc', '--pixit', bad]);
    assert.equal(wrongProfile.code, 2);
    assert.match(wrongProfile.stderr, /is a PIXIT of profile acd-agent, not cme-moc/);
    writeFileSync(bad, 'iut: { vendor: X, product: Y }\n');
    const incomplete = await ctilab(['--profile', 'cme-moc', '--pixit', bad]);
    assert.equal(incomplete.code, 2);
    assert.match(incomplete.stderr, /bad-pixit\.yaml:1 \(iut\.version\)/);
  });
});
