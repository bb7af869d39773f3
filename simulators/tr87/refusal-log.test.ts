import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObservationStream } from '../lab/observation.ts';
import { logTr87Refusals, refusalLine } from './refusal-log.ts';

// The lines of tr87-server.ts's refusal observations (issue 12 item 6). The nodes' tests
// (simulators/cme/cti/cti-refusal-log.test.ts, simulators/cucm/refusal-log.cluster.test.ts) show
// them end to end over SIP.

test('a CSTA request refused: session, user, line, request, the ECMA-323 CSTAErrorCode and why', () => {
  assert.equal(
    refusalLine('cme-cti', 'csta-request-refused', {
      id: 4,
      user: 'sip:alice@cme',
      line: 'tel:201',
      request: 'MakeCall',
      error: { operation: 'invalidCallingDeviceID' },
      reason: '299 is not a line of this CME',
    }),
    '[cme-cti] session 4 (sip:alice@cme, line tel:201): MakeCall refused: CSTAErrorCode operation invalidCallingDeviceID (299 is not a line of this CME)',
  );
  assert.equal(
    refusalLine('gw', 'csta-request-refused', {
      id: 1,
      user: 'u',
      line: 'l',
      request: 'an undecodable request',
      error: { unspecified: true },
      reason: '',
    }),
    '[gw] session 1 (u, line l): an undecodable request refused: CSTAErrorCode unspecified',
  );
});

test('a session INVITE refused: the client address, SIP status and why; the first digest challenge is not a refusal', () => {
  const remote = { host: '127.0.0.1', port: 5070 };
  assert.equal(
    refusalLine('gw', 'invite-refused', {
      status: 403,
      reason: 'CTI Session Refused',
      why: 'bob is not in Standard CTI Enabled',
      remote,
    }),
    '[gw] session INVITE from 127.0.0.1:5070 refused: 403 CTI Session Refused (bob is not in Standard CTI Enabled)',
  );
  assert.equal(
    refusalLine('gw', 'invite-refused', { status: 422, reason: 'Session Interval Too Small', remote }),
    '[gw] session INVITE from 127.0.0.1:5070 refused: 422 Session Interval Too Small',
  );
  assert.equal(
    refusalLine('gw', 'invite-refused', {
      status: 401,
      reason: 'Unauthorized',
      why: 'no Authorization',
      remote,
    }),
    undefined,
  );
  assert.equal(refusalLine('gw', 'cti-session', { event: 'open', id: 1 }), undefined);
});

test('only the named servers are logged, and unsubscribing stops the log', () => {
  const stream = new ObservationStream();
  const lines: string[] = [];
  const stop = logTr87Refusals(
    stream,
    (s) => s === 'cme-cti',
    (l) => lines.push(l),
  );
  const refusal = (source: string) =>
    stream.publish({
      kind: 'state',
      time: 0,
      source,
      topic: 'invite-refused',
      detail: {
        status: 488,
        reason: 'RequestSystemStatus Expected',
        remote: { host: '10.0.0.9', port: 5060 },
      },
    });
  refusal('other-cti');
  refusal('cme-cti');
  stop();
  refusal('cme-cti');
  assert.deepEqual(lines, [
    '[cme-cti] session INVITE from 10.0.0.9:5060 refused: 488 RequestSystemStatus Expected',
  ]);
});
