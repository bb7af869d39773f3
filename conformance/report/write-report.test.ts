import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Ladder } from '../../simulators/ladder/ladder.ts';
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

test('a failed scenario’s ladder is embedded under its row (arrows open its ladder page); a passed one is linked only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-report-'));
  try {
    const [first] = ruleCatalogue.keys();
    assert.ok(first !== undefined);
    mkdirSync(join(dir, 'captures'));
    const ladder = (name: string): Ladder => ({
      format: 'ctilab-ladder/2',
      total: 1,
      truncated: 0,
      parties: [
        { name: 'SEP00AABB001001', endpoints: ['127.0.0.1:40000'] },
        { name: 'CME', endpoints: ['127.0.0.2:2000'] },
      ],
      arrows: [
        {
          seq: 1,
          time: 0,
          from: 'SEP00AABB001001',
          to: 'CME',
          fromEndpoint: '127.0.0.1:40000',
          toEndpoint: '127.0.0.2:2000',
          protocol: 'sccp',
          transport: 'tcp',
          name: `RegisterReq of ${name}`,
          fields: {},
        },
      ],
    });
    for (const name of ['a', 'b']) {
      writeFileSync(join(dir, 'captures', `${name}.ladder.json`), JSON.stringify(ladder(name)));
      writeFileSync(join(dir, 'captures', `${name}.ladder.html`), '<!doctype html>');
    }
    const messages = join(dir, 'm.ndjson');
    writeFileSync(
      messages,
      fixtureNdjson([
        {
          name: 'a',
          tags: [`@${first}`],
          statuses: ['FAILED'],
          message: 'nope',
          ladder: join(dir, 'captures', 'a.ladder.html'),
        },
        {
          name: 'b',
          tags: [`@${first}`],
          statuses: ['PASSED'],
          ladder: join(dir, 'captures', 'b.ladder.html'),
        },
      ]),
    );
    const res = run(['--messages', messages, '--out', dir]);
    assert.equal(res.status, 0, res.stderr);
    const html = readFileSync(join(dir, 'conformance.html'), 'utf8');
    assert.match(
      html,
      /<a class="ladder" href="captures\/a\.ladder\.html">ladder<\/a><details class="ladder-inline"><summary>ladder<\/summary><svg /,
    );
    assert.match(html, /<a class="msg sccp" href="captures\/a\.ladder\.html#m-1" data-seq="1">/);
    assert.match(html, />RegisterReq of a<\/text>/);
    assert.match(html, /<a class="ladder" href="captures\/b\.ladder\.html">ladder<\/a><\/td>/);
    assert.doesNotMatch(html, /RegisterReq of b/);
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
