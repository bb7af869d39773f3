import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcStatCpuSeconds, readProcCpuSeconds } from './csta-proc-cpu.ts';

test('utime + stime of a stat line whose command holds spaces and parentheses', () => {
  const line = '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 1000 10';
  assert.equal(parseProcStatCpuSeconds(line), 3);
});

test('not a stat line: undefined', () => {
  assert.equal(parseProcStatCpuSeconds(''), undefined);
  assert.equal(parseProcStatCpuSeconds('1 (x) S 1 2'), undefined);
  assert.equal(parseProcStatCpuSeconds('1 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 5 0'), undefined);
});

test('this process on Linux has used some CPU; a missing pid is undefined', async () => {
  const mine = await readProcCpuSeconds(process.pid);
  if (process.platform === 'linux') assert.ok(typeof mine === 'number' && mine >= 0);
  assert.equal(await readProcCpuSeconds(2 ** 30), undefined);
});
