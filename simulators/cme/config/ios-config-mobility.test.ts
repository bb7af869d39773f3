import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IosConfigError, parseIosConfig } from './ios-config.ts';

// ephone-dn `mobility` and `snr <number> delay <s> timeout <s> [cfwd-noan <number>]` (Cisco Unified
// CME "Single Number Reach"): what dial-via-office reads (simulators/cme/cti/cti-dial-via-office.ts).
const dn = (...lines: string[]) => ['ephone-dn 1', ' number 201', ...lines].join('\n');

describe('ephone-dn mobility and snr', () => {
  it('parses mobility and snr with its delay, timeout and cfwd-noan', () => {
    const d = parseIosConfig(
      dn(' mobility', ' snr 0612345678 delay 5 timeout 20 cfwd-noan 299'),
    ).ephoneDns.get(1)!;
    assert.equal(d.mobility, true);
    assert.deepEqual(d.snr, {
      number: '0612345678',
      delaySeconds: 5,
      timeoutSeconds: 20,
      cfwdNoan: '299',
      line: 4,
    });
  });

  it('defaults to no mobility and no snr; the no forms remove them', () => {
    assert.equal(parseIosConfig(dn()).ephoneDns.get(1)!.mobility, false);
    assert.equal(parseIosConfig(dn()).ephoneDns.get(1)!.snr, undefined);
    const d = parseIosConfig(
      dn(' mobility', ' snr +33612345678 delay 0 timeout 30', ' no mobility', ' no snr'),
    ).ephoneDns.get(1)!;
    assert.equal(d.mobility, false);
    assert.equal(d.snr, undefined);
  });

  it('leaves snr calling-number local and snr answer-too-soon unmodelled', () => {
    const r = parseIosConfig(dn(' snr calling-number local', ' snr answer-too-soon 4'));
    assert.equal(r.ephoneDns.get(1)!.snr, undefined);
  });

  for (const [bad, code] of [
    [' snr 0612345678', 'bad-argument'],
    [' snr 0612345678 delay 5', 'bad-argument'],
    [' snr 0612345678 delay x timeout 20', 'bad-argument'],
    [' snr 0612345678 delay 5 timeout 0', 'out-of-range'],
    [' snr 0612345678 delay 5 timeout 20 extra', 'bad-argument'],
    [' snr mobile delay 5 timeout 20', 'bad-number'],
    [' mobility now', 'bad-argument'],
  ] as const) {
    it(`refuses '${bad.trim()}' naming line 3 (${code})`, () => {
      assert.throws(
        () => parseIosConfig(dn(bad)),
        (e: unknown) => e instanceof IosConfigError && e.line === 3 && e.code === code,
      );
    });
  }
});
