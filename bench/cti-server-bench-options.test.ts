import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseCtiEventsBenchOptions, parseCtiHeartbeatBenchOptions } from './cti-server-bench-options.ts';

describe('CTI Server bench options', () => {
  it('events: 500 agents, half of them on a call at once, 1 s talk, 10 s after a 2 s warm-up', () => {
    assert.deepEqual(parseCtiEventsBenchOptions([]), {
      agents: 500,
      concurrency: 250,
      talkMs: 1000,
      seconds: 10,
      warmupSeconds: 2,
      out: undefined,
    });
    assert.deepEqual(
      parseCtiEventsBenchOptions(['--agents', '20', '--talk-ms', '0', '--seconds', '3', '--out', 'x.json']),
      { agents: 20, concurrency: 10, talkMs: 0, seconds: 3, warmupSeconds: 2, out: 'x.json' },
    );
  });

  it('heartbeat: 5 s interval (the guide minimum for a bridge), 20 runs', () => {
    assert.deepEqual(parseCtiHeartbeatBenchOptions([]), { intervalMs: 5000, runs: 20, out: undefined });
    assert.deepEqual(parseCtiHeartbeatBenchOptions(['--interval-ms', '1000', '--runs', '3']), {
      intervalMs: 1000,
      runs: 3,
      out: undefined,
    });
  });

  it('refuses bad values with BenchOptionError naming the option', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => parseCtiEventsBenchOptions(['--agents', '1']), '--agents'],
      [() => parseCtiEventsBenchOptions(['--agents', '10', '--concurrency', '11']), '--concurrency'],
      [() => parseCtiEventsBenchOptions(['--seconds', 'x']), '--seconds'],
      [() => parseCtiEventsBenchOptions(['--nope', '1']), 'arguments'],
      [() => parseCtiHeartbeatBenchOptions(['--interval-ms', '99']), '--interval-ms'],
      [() => parseCtiHeartbeatBenchOptions(['--runs', '0']), '--runs'],
    ];
    for (const [f, option] of cases)
      assert.throws(f, (e: unknown) => e instanceof BenchOptionError && e.option === option, option);
  });
});
