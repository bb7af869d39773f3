import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { unmodelledReport } from './unmodelled-lines.ts';

// labs/cme-moc.cfg is the MOC example running-config of the CME guide's "CTI CSTA Protocol Suite"
// chapter ("Example for Configuring MOC Client"): 50 of its lines are IOS we keep but do not model.
const moc = loadCmeConfig(readFileSync('labs/cme-moc.cfg', 'utf8')).unmodelled;

test('by default the unmodelled config lines are one summary line', () => {
  assert.deepEqual(unmodelledReport(moc, false), [
    '[cme] 50 config lines kept but not modelled; --verbose lists them',
  ]);
});

test('--verbose lists each unmodelled line with its number after the summary', () => {
  const lines = unmodelledReport(moc, true);
  assert.equal(lines.length, 51);
  assert.equal(lines[0], '[cme] 50 config lines kept but not modelled:');
  assert.equal(lines[1], '[cme]   line 1: version 12.4');
  assert.equal(lines[2], '[cme]   line 2: service timestamps debug datetime msec');
});

test('one line is "1 config line"; a fully modelled config prints nothing', () => {
  assert.deepEqual(unmodelledReport([{ line: 7, text: 'hostname r1' }], false), [
    '[cme] 1 config line kept but not modelled; --verbose lists them',
  ]);
  assert.deepEqual(unmodelledReport([], true), []);
});
