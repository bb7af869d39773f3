import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVmRss } from './proc-rss.ts';
import { formatRegisterBenchTable, perPhone, type RegisterBenchResult } from './register-phones-report.ts';

const result: RegisterBenchResult = {
  phones: 1000,
  phoneProcesses: 1,
  warmup: null,
  registered: 1000,
  failed: 0,
  seconds: 1.25,
  phonesPerSecond: 800,
  registrationMs: { p50: 12.4, p99: 48.2, max: 60 },
  cmeSideSeconds: 1.3,
  cmeSidePhonesPerSecond: 769.23,
  cpuMsPerRegistration: {
    cme: { total: 0.157, user: 0.1, system: 0.057 },
    phones: { total: 0.3, user: 0.2, system: 0.1 },
  },
  cmeRssBeforeBytes: 100 * 1024 * 1024,
  cmeRssAfterBytes: 120 * 1024 * 1024,
  cmeRssAfterHoldBytes: 118 * 1024 * 1024,
  bytesPerPhone: 20972,
  bytesPerPhoneAfterHold: 18875,
  cmeRssSettled: { before: true, after: true, afterHold: true },
  cmeHeapBeforeBytes: 9_000_000,
  cmeHeapAfterBytes: 13_000_000,
  cmeHeapAfterHoldBytes: 12_900_000,
  heapBytesPerPhone: 4000,
  cmeSamplesAfterGc: true,
  phonesProcessRssBytes: null,
  holdSeconds: 35,
  registeredSecondsAtCheck: 71.4,
  keepaliveSeconds: 30,
  stillRegisteredAfterHold: 999,
  cmeUnregistrationsBeforeStop: 1,
  phoneSide: {
    phones: 1000,
    stillRegistered: 999,
    lostRegistrations: 1,
    keepalivesSent: 1000,
    keepaliveAcks: 998,
    heldSeconds: 35.1,
  },
  failures: [],
};

describe('register-phones report', () => {
  it('perPhone divides the growth by the phones, rounded; none gives 0', () => {
    assert.equal(perPhone(100, 1100, 3), 333);
    assert.equal(perPhone(1000, 900, 10), -10);
    assert.equal(perPhone(100, 1100, 0), 0);
  });

  it('the table has one row per N with the measured figures', () => {
    const lines = formatRegisterBenchTable([
      result,
      {
        ...result,
        phones: 10000,
        phoneProcesses: 2,
        phoneSide: null,
        cpuMsPerRegistration: { cme: null, phones: result.cpuMsPerRegistration.phones },
        warmup: {
          phones: 2000,
          rounds: 1,
          registered: 1999,
          failed: 1,
          seconds: 0.7,
          phonesPerSecond: 2855.7,
          registrationMs: null,
        },
      },
    ]).split('\n');
    assert.equal(lines.length, 4);
    const cells = lines[2]!.split('|').map((c) => c.trim());
    assert.deepEqual(cells, [
      '1000',
      '1',
      '-',
      '1000',
      '0',
      '1.25',
      '800',
      '12/48',
      '769',
      '0.157+0.300',
      '100.0',
      '120.0',
      '118.0',
      '20972',
      '18875',
      '4000',
      '999/1000 (71 s)',
      '998/1000',
    ]);
    assert.equal(lines[3]!.split('|').at(-1)!.trim(), '-');
    assert.equal(lines[3]!.split('|')[9]!.trim(), '-', 'no CPU figure without both processes');
    assert.equal(lines[3]!.split('|')[1]!.trim(), '2', 'phones processes');
    assert.equal(lines[3]!.split('|')[2]!.trim(), '1999/2000', 'the warm-up phones registered / run');
    assert.equal(new Set(lines.map((l) => l.length)).size, 1, 'columns line up');
  });

  it('parseVmRss reads kB from a /proc status text', () => {
    assert.equal(
      parseVmRss('Name:\tnode\nVmPeak:\t 10 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n'),
      123456 * 1024,
    );
    assert.equal(parseVmRss('Name:\tnode\n'), undefined);
  });
});
