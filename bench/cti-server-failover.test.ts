import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseCtiFailoverOptions } from './cti-server-failover.ts';

test('bench:cti-server-failover options: defaults, values, and refusals naming the option', () => {
  assert.deepEqual(parseCtiFailoverOptions([]), {
    failovers: 50,
    clients: 1,
    timeoutMs: 10_000,
    out: undefined,
  });
  assert.deepEqual(parseCtiFailoverOptions(['--failovers', '5', '--clients', '3', '--out', 'x.json']), {
    failovers: 5,
    clients: 3,
    timeoutMs: 10_000,
    out: 'x.json',
  });
  assert.throws(
    () => parseCtiFailoverOptions(['--failovers', '0']),
    (e: unknown) =>
      e instanceof BenchOptionError && e.message === "--failovers: '0' is not an integer in 1..10000",
  );
  assert.throws(
    () => parseCtiFailoverOptions(['--sides', '3']),
    (e: unknown) => e instanceof BenchOptionError && e.option === 'arguments',
  );
});
