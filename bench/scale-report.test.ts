import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatScaleTables, nodeResult, type ScalePhonesResult, summarize } from './scale-report.ts';

const part = (over: Partial<ScalePhonesResult>): ScalePhonesResult => ({
  targets: ['cm-1', 'cm-2'],
  phones: 2,
  registered: 2,
  failed: 0,
  seconds: 1,
  phonesPerSecond: 2,
  registrationMs: { p50: 1, p99: 2, max: 2 },
  startedAt: 1000,
  finishedAt: 2000,
  rssBytes: 100,
  rssBytesPerPhone: 50,
  held: {
    phones: 2,
    stillRegistered: 2,
    lostRegistrations: 0,
    keepalivesSent: 4,
    keepaliveAcks: 4,
    phonesWithKeepaliveAck: 2,
    heldSeconds: 40,
  },
  cpuMsPerRegistration: 0.5,
  ...over,
});

const sample = (rss: number, heap: number, complete: number) => ({
  rssBytes: rss,
  heapUsedBytes: heap,
  gc: true,
  registrationComplete: complete,
});

describe('nodeResult', () => {
  it('divides memory growth by the phones registered on the node', () => {
    const r = nodeResult(
      'cm-2',
      4,
      {
        before: sample(1000, 500, 0),
        after: sample(5000, 2500, 4),
        held: sample(4200, 2400, 4),
        settled: { before: true, after: true, afterHold: false },
      },
      1.5,
      0,
    );
    assert.equal(r.bytesPerPhone, 1000);
    assert.equal(r.bytesPerPhoneAfterHold, 800);
    assert.equal(r.heapBytesPerPhone, 500);
    assert.equal(r.registered, 4);
    assert.equal(r.stillRegisteredAfterHold, 4);
    assert.equal(r.samplesAfterGc, true);
  });
});

describe('summarize', () => {
  it('takes the rate over all processes, first start to last finish, and percentiles over every phone', () => {
    const parts = [
      part({ startedAt: 1000, finishedAt: 3000 }),
      part({
        startedAt: 1500,
        finishedAt: 5000,
        registered: 1,
        failed: 1,
        held: { ...part({}).held!, phonesWithKeepaliveAck: 1 },
      }),
    ];
    const node = nodeResult(
      'cm-1',
      3,
      {
        before: sample(0, 0, 0),
        after: sample(3, 3, 3),
        held: sample(3, 3, 3),
        settled: { before: true, after: true, afterHold: true },
      },
      null,
      1,
    );
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarize(4, parts, [node], ms);
    assert.equal(s.registered, 3);
    assert.equal(s.failed, 1);
    assert.equal(s.seconds, 4);
    assert.equal(s.phonesPerSecond, 0.8);
    assert.deepEqual(s.registrationMs, { p50: 50, p99: 99, max: 100 });
    assert.equal(s.phonesWithKeepaliveAck, 3);
    assert.equal(s.keepaliveAcks, 8);
    assert.equal(s.stillRegisteredAfterHold, 3);
    assert.equal(s.unregistrationsBeforeStop, 1);
  });

  it('leaves the keepalive figures out when a phones process gave no stopping line', () => {
    const s = summarize(2, [part({ held: null })], [], [5]);
    assert.equal(s.phonesWithKeepaliveAck, null);
    assert.equal(s.keepalivesSent, null);
    assert.match(
      formatScaleTables(s, [], [part({ held: null })]),
      /, -\/2 phones with a keepalive acked \(-\/- keepalives acked\), - registrations lost/,
    );
  });
});
