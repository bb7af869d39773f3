import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { generateCmeConfig, macAt, maxBenchEphones, parseMacBase } from './generate-cme-config.ts';

describe('generateCmeConfig', () => {
  it('gives a config the CME parser accepts with N ephones, one DN on button 1 each', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.bigInt({ min: 0n, max: 0xffff_ffff_0000n }),
        fc.integer({ min: 10, max: 65535 }),
        (count, base, keepaliveSeconds) => {
          const macBase = base.toString(16).padStart(12, '0');
          const { config, unmodelled } = loadCmeConfig(
            generateCmeConfig({ count, macBase, keepaliveSeconds }),
          );
          assert.equal(unmodelled.length, 0);
          assert.equal(config.ephones.size, count);
          assert.equal(config.dns.size, count);
          assert.equal(config.settings.maxEphones, count);
          assert.equal(config.settings.maxDn, count);
          assert.equal(config.settings.keepaliveSeconds, keepaliveSeconds);
          for (let i = 1; i <= count; i++) {
            const e = config.ephones.get(i)!;
            // The same MAC `ctilab phones --count N --mac-base` gives phone i - 1.
            assert.equal(e.mac, macAt(base, i - 1));
            assert.equal(e.deviceName, `SEP${macAt(base, i - 1)}`);
            assert.deepEqual(e.buttons, [{ index: 1, kind: 'normal', dnTags: [i] }]);
            assert.equal(config.dns.get(i)!.number, String(100_000 + i));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('with cti: CTI enabled and every DN cti watch; without: neither', () => {
    const on = loadCmeConfig(
      generateCmeConfig({ count: 3, macBase: '00AA00000000', keepaliveSeconds: 30, cti: true }),
    );
    assert.equal(on.unmodelled.length, 0);
    assert.equal(on.ios.voiceServiceVoip?.ctiShutdown, false);
    assert.deepEqual(
      [...on.config.dns.values()].map((d) => d.ctiWatch),
      [true, true, true],
    );
    const off = loadCmeConfig(generateCmeConfig({ count: 3, macBase: '00AA00000000', keepaliveSeconds: 30 }));
    assert.equal(off.ios.voiceServiceVoip, undefined);
    assert.deepEqual(
      [...off.config.dns.values()].map((d) => d.ctiWatch),
      [false, false, false],
    );
  });

  it(`is accepted at the parser's max-ephones limit of ${maxBenchEphones}`, () => {
    const { config } = loadCmeConfig(
      generateCmeConfig({ count: maxBenchEphones, macBase: '00BE00000000', keepaliveSeconds: 30 }),
    );
    assert.equal(config.ephones.size, maxBenchEphones);
    assert.equal(config.dns.size, maxBenchEphones);
    assert.equal(config.dns.get(maxBenchEphones)!.number, '110000');
  });

  it('refuses parameters the CME would refuse, naming the parameter', () => {
    const ok = { count: 5, macBase: '00BE00000000', keepaliveSeconds: 30 };
    const cases: Array<[Partial<typeof ok>, string]> = [
      [{ count: 0 }, 'count'],
      [{ count: maxBenchEphones + 1 }, 'count'],
      [{ count: 2.5 }, 'count'],
      [{ keepaliveSeconds: 9 }, 'keepaliveSeconds'],
      [{ keepaliveSeconds: 65536 }, 'keepaliveSeconds'],
      [{ macBase: '00BE0000000' }, 'macBase'],
      [{ macBase: '00BE0000000G' }, 'macBase'],
      [{ macBase: 'FFFFFFFFFFFE' }, 'macBase'],
    ];
    for (const [change, option] of cases) {
      assert.throws(
        () => generateCmeConfig({ ...ok, ...change }),
        (err: unknown) => err instanceof BenchOptionError && err.option === option,
        JSON.stringify(change),
      );
    }
    assert.doesNotThrow(() => generateCmeConfig({ ...ok, count: 2, macBase: 'FFFFFFFFFFFE' }));
  });

  it('parseMacBase / macAt count up in 48 bits, upper case', () => {
    assert.equal(macAt(parseMacBase('00be000000ff'), 1), '00BE00000100');
    assert.throws(() => parseMacBase('00:BE:00:00:00:00'), BenchOptionError);
  });
});
