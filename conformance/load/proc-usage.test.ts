import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcUsage, readProcUsage } from './proc-usage.ts';

test('parses utime+stime (fields 14, 15) after a command name with spaces and parentheses, and VmRSS', () => {
  const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 1000 0 0';
  const status = 'Name:\tnode\nVmRSS:\t   20480 kB\nThreads:\t11\n';
  assert.deepEqual(parseProcUsage(stat, status), { rssBytes: 20480 * 1024, cpuSeconds: 3 });
  assert.equal(parseProcUsage(stat, 'Name:\tnode\n'), undefined);
});

test('reads this process: RSS within 50% of process.memoryUsage().rss, CPU grows with work', () => {
  const a = readProcUsage(process.pid)!;
  const rss = process.memoryUsage().rss;
  assert.ok(Math.abs(a.rssBytes - rss) / rss < 0.5, `${a.rssBytes} vs ${rss}`);
  const until = Date.now() + 150;
  let x = 0;
  while (Date.now() < until) x += Math.sqrt(x + 1);
  const b = readProcUsage(process.pid)!;
  assert.ok(b.cpuSeconds > a.cpuSeconds, `${b.cpuSeconds} > ${a.cpuSeconds} (${x > 0})`);
  assert.equal(readProcUsage(2 ** 22 + 1), undefined);
});
