import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EphoneButton, parseButtonTokens } from './ephone-button.ts';
import { IosConfigError } from './ios-config-error.ts';

const parse = (line: string) =>
  parseButtonTokens(line.split(' '), 7, `button ${line}`).map((b: EphoneButton) => ({
    index: b.index,
    kind: b.kind,
    dnTags: b.dnTags,
    overflowOf: b.overflowOf,
  }));

const rejects = (line: string, code: IosConfigError['code']) =>
  assert.throws(
    () => parseButtonTokens(line.split(' '), 7, `button ${line}`),
    (e: unknown) =>
      e instanceof IosConfigError && e.code === code && e.line === 7 && e.text === `button ${line}`,
  );

describe('ephone button command (chan-sccp (lines, overlays, shared lines))', () => {
  it('reads each separator', () => {
    const cases: Array<[string, string]> = [
      ['1:4', 'normal'],
      ['1b4', 'beep'],
      ['1f4', 'feature-ring'],
      ['1m4', 'monitor'],
      ['1s4', 'silent'],
      ['1o4', 'overlay'],
      ['1c4', 'overlay-call-waiting'],
      ['1w4', 'watch'],
    ];
    for (const [token, kind] of cases)
      assert.deepEqual(parse(token), [{ index: 1, kind, dnTags: [4], overflowOf: undefined }]);
  });

  it('reads several buttons on one line', () => {
    assert.deepEqual(parse('1:1 2:2 3o3,4,5'), [
      { index: 1, kind: 'normal', dnTags: [1], overflowOf: undefined },
      { index: 2, kind: 'normal', dnTags: [2], overflowOf: undefined },
      { index: 3, kind: 'overlay', dnTags: [3, 4, 5], overflowOf: undefined },
    ]);
  });

  it('reads an overlay with call waiting and its expansion buttons', () => {
    assert.deepEqual(parse('1c2,3,4 2x1 3x1'), [
      { index: 1, kind: 'overlay-call-waiting', dnTags: [2, 3, 4], overflowOf: undefined },
      { index: 2, kind: 'expansion', dnTags: [], overflowOf: 1 },
      { index: 3, kind: 'expansion', dnTags: [], overflowOf: 1 },
    ]);
  });

  it('accepts ten DNs on an overlay and refuses eleven', () => {
    assert.equal(parse('1o1,2,3,4,5,6,7,8,9,10')[0]!.dnTags.length, 10);
    rejects('1o1,2,3,4,5,6,7,8,9,10,11', 'overlay-too-large');
  });

  it('refuses malformed tokens', () => {
    rejects('1', 'bad-button');
    rejects('1:', 'bad-button');
    rejects('1:a', 'bad-button');
    rejects('1q4', 'bad-button');
    rejects('1:1,2', 'bad-button');
    rejects('1o1,,2', 'bad-button');
    rejects('1o1,1', 'bad-button');
    rejects('1x1,2', 'bad-button');
    rejects(':1', 'bad-button');
    rejects('1:1 1:2', 'bad-button');
    rejects('0:1', 'out-of-range');
    rejects('1:0', 'bad-button');
    assert.throws(() => parseButtonTokens([], 3, 'button'), IosConfigError);
  });
});
