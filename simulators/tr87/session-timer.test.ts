import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import type { SipRequest } from '../sip/sip-message.ts';
import { parseSipMessage } from '../sip/sip-parser.ts';
import { rawRequest } from '../testing/raw-sip-peer.ts';
import { minSeOf, SessionTimer, sessionExpiresOf, supportsTimer } from './session-timer.ts';

/** An INVITE with the given headers, as the parser hands it to the TR/87 server. */
function invite(headers: Record<string, string>): SipRequest {
  const parsed = parseSipMessage(new TextEncoder().encode(rawRequest('INVITE', 'sip:201@cme', headers)));
  assert.ok(!(parsed instanceof Error) && parsed.kind === 'request', 'the test INVITE parses');
  return parsed;
}

const errorOf = (value: unknown) => (value instanceof Error ? value.message : value);

test('Session-Expires: delta-seconds with an optional refresher, long or compact form (RFC 4028 §4)', () => {
  assert.equal(sessionExpiresOf(invite({})), undefined);
  assert.deepEqual(sessionExpiresOf(invite({ 'Session-Expires': '1800' })), {
    seconds: 1800,
    refresher: undefined,
  });
  assert.deepEqual(sessionExpiresOf(invite({ 'Session-Expires': '90;refresher=uac' })), {
    seconds: 90,
    refresher: 'uac',
  });
  // Parameter names and values are case-insensitive and may have whitespace around them.
  assert.deepEqual(sessionExpiresOf(invite({ 'Session-Expires': '4000 ; Refresher = UAS ;x=1' })), {
    seconds: 4000,
    refresher: 'uas',
  });
  assert.deepEqual(sessionExpiresOf(invite({ x: '120;refresher=uas' })), { seconds: 120, refresher: 'uas' });
  assert.deepEqual(sessionExpiresOf(invite({ 'Session-Expires': '9999999999' })), {
    seconds: 9_999_999_999,
    refresher: undefined,
  });
});

test('a malformed Session-Expires is an Error naming what is wrong', () => {
  assert.equal(
    errorOf(sessionExpiresOf(invite({ 'Session-Expires': 'soon' }))),
    'bad Session-Expires "soon"',
  );
  assert.equal(errorOf(sessionExpiresOf(invite({ 'Session-Expires': '-90' }))), 'bad Session-Expires "-90"');
  assert.equal(errorOf(sessionExpiresOf(invite({ 'Session-Expires': '90s' }))), 'bad Session-Expires "90s"');
  assert.equal(
    errorOf(sessionExpiresOf(invite({ 'Session-Expires': '12345678901' }))),
    'bad Session-Expires "12345678901"',
  );
  assert.equal(
    errorOf(sessionExpiresOf(invite({ 'Session-Expires': '90;refresher=proxy' }))),
    'bad refresher "proxy"',
  );
  assert.equal(errorOf(sessionExpiresOf(invite({ 'Session-Expires': '90;refresher' }))), 'bad refresher ""');
});

test('Min-SE: delta-seconds, parameters ignored; malformed is an Error (RFC 4028 §5)', () => {
  assert.equal(minSeOf(invite({})), undefined);
  assert.equal(minSeOf(invite({ 'Min-SE': '90' })), 90);
  assert.equal(minSeOf(invite({ 'Min-SE': ' 120 ;lr' })), 120);
  assert.equal(errorOf(minSeOf(invite({ 'Min-SE': 'ninety' }))), 'bad Min-SE "ninety"');
  assert.equal(errorOf(minSeOf(invite({ 'Min-SE': '9o' }))), 'bad Min-SE "9o"');
});

test('the timer option tag in Supported (or k) or Require, in any case (RFC 4028 §7.1)', () => {
  assert.equal(supportsTimer(invite({})), false);
  assert.equal(supportsTimer(invite({ Supported: '100rel, Timer' })), true);
  assert.equal(supportsTimer(invite({ k: 'timer' })), true);
  assert.equal(supportsTimer(invite({ Require: 'timer' })), true);
  assert.equal(supportsTimer(invite({ Supported: 'timers, 100rel', Require: 'precondition' })), false);
});

test('SessionTimer: fires once at start time + interval, a restart replaces it, cancel stops it', () => {
  const clock = new ManualClock();
  const fired: number[] = [];
  const timer = new SessionTimer(clock, () => fired.push(clock.now()));
  timer.cancel(); // nothing to cancel yet
  const t0 = clock.now();
  timer.start(90);
  assert.equal(timer.expiresAt, t0 + 90_000);
  clock.advance(30_000);
  timer.start(90);
  assert.equal(timer.expiresAt, t0 + 120_000);
  clock.advance(89_999);
  assert.deepEqual(fired, []);
  clock.advance(1);
  assert.deepEqual(fired, [t0 + 120_000]);
  timer.cancel(); // after it fired: nothing left to cancel
  clock.advance(200_000);
  assert.deepEqual(fired, [t0 + 120_000]);
  timer.start(100);
  timer.cancel();
  clock.advance(100_000);
  assert.deepEqual(fired, [t0 + 120_000]);
});
