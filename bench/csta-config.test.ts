import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { generateCstaBenchConfig } from './csta-config.ts';

test('generated CSTA bench config: every DN has cti watch and cti notify, CTI enabled', () => {
  const { text, numbers } = generateCstaBenchConfig({ dns: 3, firstNumber: 7000 });
  assert.deepEqual(numbers, ['7001', '7002', '7003']);
  assert.match(text, /^voice service voip\n no cti shutdown$/m);
  assert.equal(text.match(/^ cti watch$/gm)?.length, 3);
  assert.equal(text.match(/^ cti notify$/gm)?.length, 3);
  // The CME's own parser accepts it, with CTI on and every DN watchable without a phone.
  const { ios, unmodelled } = loadCmeConfig(text);
  assert.equal(ios.voiceServiceVoip?.ctiShutdown, false);
  const dns = [...ios.ephoneDns.values()];
  assert.deepEqual(
    dns.map((d) => [d.number, d.ctiWatch, d.ctiNotify]),
    numbers.map((n) => [n, true, true]),
  );
  assert.deepEqual(unmodelled, []);
});

test('generated CSTA bench config: bad sizes are BenchOptionErrors', () => {
  for (const dns of [0, -1, 1.5, 10_001, Number.NaN])
    assert.throws(() => generateCstaBenchConfig({ dns }), BenchOptionError);
  assert.throws(() => generateCstaBenchConfig({ dns: 1, firstNumber: -1 }), BenchOptionError);
});
