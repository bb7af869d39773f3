import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockStepMs, parseSippRttFile, parseSippStatFile, rateOver, SippStatsError } from './sipp-stats.ts';

// The header SIPp 3.6.1 wrote for conformance/sipp/csta-make-call-load.xml (RTDs "session" and
// "makecall", its ResponseTimeRepartition), copied from a real -trace_stat file.
const HEADER =
  'StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);TargetRate;CallRate(P);CallRate(C);IncomingCall(P);IncomingCall(C);OutgoingCall(P);OutgoingCall(C);TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);FailedCannotSendMessage(P);FailedCannotSendMessage(C);FailedMaxUDPRetrans(P);FailedMaxUDPRetrans(C);FailedTcpConnect(P);FailedTcpConnect(C);FailedTcpClosed(P);FailedTcpClosed(C);FailedUnexpectedMessage(P);FailedUnexpectedMessage(C);FailedCallRejected(P);FailedCallRejected(C);FailedCmdNotSent(P);FailedCmdNotSent(C);FailedRegexpDoesntMatch(P);FailedRegexpDoesntMatch(C);FailedRegexpShouldntMatch(P);FailedRegexpShouldntMatch(C);FailedRegexpHdrNotFound(P);FailedRegexpHdrNotFound(C);FailedOutboundCongestion(P);FailedOutboundCongestion(C);FailedTimeoutOnRecv(P);FailedTimeoutOnRecv(C);FailedTimeoutOnSend(P);FailedTimeoutOnSend(C);FailedTestDoesntMatch(P);FailedTestDoesntMatch(C);FailedTestShouldntMatch(P);FailedTestShouldntMatch(C);FailedStrcmpDoesntMatch(P);FailedStrcmpDoesntMatch(C);FailedStrcmpShouldntMatch(P);FailedStrcmpShouldntMatch(C);OutOfCallMsgs(P);OutOfCallMsgs(C);DeadCallMsgs(P);DeadCallMsgs(C);Retransmissions(P);Retransmissions(C);AutoAnswered(P);AutoAnswered(C);Warnings(P);Warnings(C);FatalErrors(P);FatalErrors(C);WatchdogMajor(P);WatchdogMajor(C);WatchdogMinor(P);WatchdogMinor(C);ResponseTimesession(P);ResponseTimesession(C);ResponseTimesessionStDev(P);ResponseTimesessionStDev(C);ResponseTimemakecall(P);ResponseTimemakecall(C);ResponseTimemakecallStDev(P);ResponseTimemakecallStDev(C);CallLength(P);CallLength(C);CallLengthStDev(P);CallLengthStDev(C);ResponseTimeRepartitionsession;ResponseTimeRepartitionsession_<1;ResponseTimeRepartitionsession_<2;ResponseTimeRepartitionsession_<5;ResponseTimeRepartitionsession_<10;ResponseTimeRepartitionsession_<20;ResponseTimeRepartitionsession_<50;ResponseTimeRepartitionsession_<100;ResponseTimeRepartitionsession_<200;ResponseTimeRepartitionsession_<500;ResponseTimeRepartitionsession_<1000;ResponseTimeRepartitionsession_>=1000;ResponseTimeRepartitionmakecall;ResponseTimeRepartitionmakecall_<1;ResponseTimeRepartitionmakecall_<2;ResponseTimeRepartitionmakecall_<5;ResponseTimeRepartitionmakecall_<10;ResponseTimeRepartitionmakecall_<20;ResponseTimeRepartitionmakecall_<50;ResponseTimeRepartitionmakecall_<100;ResponseTimeRepartitionmakecall_<200;ResponseTimeRepartitionmakecall_<500;ResponseTimeRepartitionmakecall_<1000;ResponseTimeRepartitionmakecall_>=1000;';

/** A stat line with the given columns set, every other count 0 and every other duration 0 s. */
function statLine(values: Record<string, string>): string {
  const duration = (name: string) => /^(ResponseTime|CallLength)(?!Repartition)/.test(name);
  return HEADER.split(';')
    .map((name) => (name === '' ? '' : (values[name] ?? (duration(name) ? '00:00:00:000000' : '0'))))
    .join(';');
}

const FIRST = statLine({ 'ElapsedTime(C)': '00:00:01', TotalCallCreated: '5', 'SuccessfulCall(C)': '1' });

describe('parseSippStatFile', () => {
  it('reads the totals of the last line, the non-zero failure causes and the mean response times', () => {
    const last = statLine({
      'ElapsedTime(C)': '00:01:05',
      TotalCallCreated: '20',
      'SuccessfulCall(C)': '17',
      'FailedCall(C)': '3',
      'FailedRegexpDoesntMatch(C)': '2',
      'FailedTimeoutOnRecv(C)': '1',
      'FailedRegexpDoesntMatch(P)': '9',
      'Retransmissions(C)': '4',
      'ResponseTimemakecall(C)': '00:00:00:021500',
      'ResponseTimesession(C)': '00:00:01:000000',
    });
    const t = parseSippStatFile(`${HEADER}\n${FIRST}\n${last}\n`);
    assert.deepEqual(t, {
      created: 20,
      successful: 17,
      failed: 3,
      failureCauses: { RegexpDoesntMatch: 2, TimeoutOnRecv: 1 },
      retransmissions: 4,
      outOfCallMessages: 0,
      deadCallMessages: 0,
      warnings: 0,
      fatalErrors: 0,
      elapsedSeconds: 65,
      meanResponseMs: { session: 1000, makecall: 21.5 },
    });
  });

  it('refuses a file without a dump, or without a column it needs, naming it', () => {
    assert.throws(() => parseSippStatFile(`${HEADER}\n`), /no dump after the header/);
    const noCreated = HEADER.replace('TotalCallCreated', 'Created');
    assert.throws(
      () => parseSippStatFile(`${noCreated}\n${FIRST}\n`),
      (e: unknown) => e instanceof SippStatsError && /no column TotalCallCreated/.test(e.message),
    );
    const bad = statLine({ 'ElapsedTime(C)': '00:00:01', 'FailedCall(C)': 'x' });
    assert.throws(() => parseSippStatFile(`${HEADER}\n${bad}\n`), /FailedCall\(C\) is 'x', not a count/);
  });
});

describe('parseSippRttFile', () => {
  it('groups the response times by RTD name, in file order', () => {
    const text =
      'Date_ms;response_time_ms;rtd_no\n284.001;80;session\n312.001;24;makecall\n416.001;12;session\n';
    assert.deepEqual(
      [...parseSippRttFile(text)],
      [
        [
          'session',
          [
            { atMs: 284.001, ms: 80 },
            { atMs: 416.001, ms: 12 },
          ],
        ],
        ['makecall', [{ atMs: 312.001, ms: 24 }]],
      ],
    );
  });

  it("refuses a file that is not SIPp's, naming the line", () => {
    assert.throws(() => parseSippRttFile('time;ms\n'), /not SIPp's header/);
    assert.throws(
      () => parseSippRttFile('Date_ms;response_time_ms;rtd_no\n1;2;session\n3;;session\n'),
      /line 3 '3;;session'/,
    );
  });
});

describe('clockStepMs and rateOver', () => {
  it('gives the tick of a sample (gcd) and the rate of event times', () => {
    assert.equal(clockStepMs([0, 4, 12, 8, 44]), 4);
    assert.equal(clockStepMs([3, 7]), 1);
    assert.equal(clockStepMs([0, 0]), 0);
    assert.equal(rateOver([1000, 1250, 1500, 2000]), 3);
    assert.equal(rateOver([5]), 0);
  });
});
