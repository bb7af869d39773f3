import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseServeReadyOptions, serveArgs, summarize } from './serve-ready-options.ts';

test('defaults: 10 starts of each node, the mode bin/ctilab.js picks', () => {
  assert.deepEqual(parseServeReadyOptions([]), {
    rounds: 10,
    nodes: ['cme', 'cucm', 'acd'],
    modes: ['default'],
    out: undefined,
  });
  assert.deepEqual(parseServeReadyOptions(['--rounds', '3', '--nodes', 'cme', '--modes', 'default,tsx']), {
    rounds: 3,
    nodes: ['cme'],
    modes: ['default', 'tsx'],
    out: undefined,
  });
});

test('bad options are refused by name', () => {
  assert.throws(() => parseServeReadyOptions(['--rounds', '0']), {
    name: 'BenchOptionError',
    message: "--rounds: '0' is not an integer in 1..1000",
  });
  assert.throws(() => parseServeReadyOptions(['--rounds', '2.5']), BenchOptionError);
  assert.throws(() => parseServeReadyOptions(['--nodes', 'cme,sip']), {
    message: "--nodes: 'sip' is not one of cme, cucm, acd",
  });
  assert.throws(() => parseServeReadyOptions(['--fast']), { name: 'BenchOptionError' });
});

test('every node is served on ephemeral ports only', () => {
  assert.deepEqual(serveArgs('cme'), [
    'serve',
    'cme',
    '--config',
    'labs/cme-moc.cfg',
    '--sccp-port',
    '0',
    '--sip-port',
    '0',
  ]);
  for (const node of ['cucm', 'acd'] as const) {
    const args = serveArgs(node);
    const ports = args.filter((_, i) => args[i - 1] === '--port');
    assert.ok(ports.length >= 3 && ports.every((p) => p.endsWith('=0')), `${node}: ${ports.join(' ')}`);
  }
});

test('summary: nearest-rank p50 and p90 of the samples, kept in start order', () => {
  const r = summarize('cme', 'default', 'build', [300, 100, 200, 500, 400]);
  assert.deepEqual(r, {
    node: 'cme',
    mode: 'default',
    runsOn: 'build',
    samplesMs: [300, 100, 200, 500, 400],
    minMs: 100,
    p50Ms: 300,
    p90Ms: 500,
    maxMs: 500,
  });
});
