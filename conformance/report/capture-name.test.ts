import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capturePcapName } from './capture-name.ts';

test('every example row of an outline has its own pcap: feature, line and name', () => {
  const row = (line: number) => ({
    uri: 'features/sccp/framing.feature',
    name: 'A frame with a bad length is refused',
    location: { line, column: 7 },
  });
  assert.equal(capturePcapName(row(30)), 'framing-30-a-frame-with-a-bad-length-is-refused.pcap');
  assert.notEqual(capturePcapName(row(30)), capturePcapName(row(31)));
});

test('the same scenario name in two features gives two files; long names are cut', () => {
  const a = capturePcapName({ uri: 'features/a.feature', name: 'Registers', location: { line: 3 } });
  const b = capturePcapName({ uri: 'features/b.feature', name: 'Registers', location: { line: 3 } });
  assert.equal(a, 'a-3-registers.pcap');
  assert.equal(b, 'b-3-registers.pcap');
  const long = capturePcapName({ uri: 'f.feature', name: 'x'.repeat(200) });
  assert.equal(long, `f-${'x'.repeat(72)}.pcap`);
});
