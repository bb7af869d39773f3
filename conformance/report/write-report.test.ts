import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { fixtureNdjson } from './run-fixture.ts';

const cli = new URL('./write-report.ts', import.meta.url).pathname;
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

test('writes conformance.json and .html from a messages file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-report-'));
  try {
    const [first] = ruleCatalogue.keys();
    assert.ok(first !== undefined);
    const messages = join(dir, 'm.ndjson');
    writeFileSync(
      messages,
      fixtureNdjson([
        {
          name: 'a',
          tags: [`@${first}`],
          statuses: ['FAILED'],
          message: 'nope',
          capture: join(dir, 'captures', 'a.pcap'),
        },
      ]),
    );
    const res = run(['--messages', messages, '--out', dir]);
    assert.equal(res.status, 0, res.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8'));
    assert.equal(report.testPurposes[0].verdict, 'fail');
    assert.equal(report.rules.find((r: { id: string }) => r.id === first).verdict, 'fail');
    assert.equal(report.iut.runner, 'cucumber-js 12.9.0');
    const html = readFileSync(join(dir, 'conformance.html'), 'utf8');
    assert.match(html, /<a class="pcap" href="captures\/a\.pcap">pcap<\/a>/);
    // The run's other files are linked only when they are there (here: only the messages' name differs).
    assert.match(html, /<p>This run: <a href="conformance\.json">conformance\.json<\/a><\/p>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exits 2 on a missing or unreadable messages file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-report-'));
  try {
    const missing = run(['--messages', join(dir, 'absent.ndjson'), '--out', dir]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read/);
    const garbage = join(dir, 'bad.ndjson');
    writeFileSync(garbage, '{"meta":\n');
    const bad = run(['--messages', garbage, '--out', dir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /line 1: not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
