import assert from 'node:assert/strict';
import { test } from 'node:test';
import { portOption, sipPortOf } from './serve-command.ts';

test('--sip-port wins; without it the voice register global source-address port; else no SIP', () => {
  assert.equal(sipPortOf('5070', 5060), 5070);
  assert.equal(sipPortOf('0', 5060), 0);
  assert.equal(sipPortOf(undefined, 5060), 5060);
  assert.equal(sipPortOf(undefined, undefined), undefined);
});

test('a port option that is not 0..65535 is refused with its name', () => {
  assert.throws(() => portOption('--sip-port', 'abc'), /--sip-port 'abc' is not a port/);
  assert.throws(() => portOption('--sccp-port', '70000'), /--sccp-port '70000'/);
  assert.throws(() => portOption('--sccp-port', '-1'), /not a port/);
  assert.equal(portOption('--sccp-port', '2000'), 2000);
});
