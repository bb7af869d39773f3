import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mandatoryBodySize } from './body-sizes.ts';
import { HEADER_VERSIONS } from './header-version.ts';
import { layouts } from './layouts.ts';
import { MessageId } from './message-ids.ts';
import type { SccpMessageType } from './messages.ts';

const types = Object.keys(MessageId) as SccpMessageType[];

describe('mandatoryBodySize (remembered per type and header version)', () => {
  // First in the file: nothing has asked for SoftKeySetRes's size in this process yet.
  it('asks a layout once per accepted header version; an unaccepted version is never remembered', () => {
    // The real layout, watched: how often its mandatory size is worked out.
    const layout = layouts.SoftKeySetRes as { mandatory: (version: number) => number };
    const real = layout.mandatory;
    const asked: number[] = [];
    layout.mandatory = (version) => {
      asked.push(version);
      return real(version);
    };
    try {
      const sizes = [0, 17, 0, 17, 0].map((v) => mandatoryBodySize('SoftKeySetRes', v));
      assert.deepEqual(sizes, [0, 17, 0, 17, 0].map(real));
      assert.deepEqual(asked, [0, 17], 'once per version');
      // 99 is no header version (header-version.ts): worked out at every ask, so what a peer
      // sends cannot grow the table.
      assert.equal(mandatoryBodySize('SoftKeySetRes', 99), real(99));
      assert.equal(mandatoryBodySize('SoftKeySetRes', 99), real(99));
      assert.deepEqual(asked, [0, 17, 99, 99]);
    } finally {
      layout.mandatory = real;
    }
  });

  it('the same sizes whatever order the type and version pairs are asked in', () => {
    const ascending = types.map((t) => HEADER_VERSIONS.map((v) => mandatoryBodySize(t, v)));
    const descending = types.map((t) =>
      [...HEADER_VERSIONS]
        .reverse()
        .map((v) => mandatoryBodySize(t, v))
        .reverse(),
    );
    assert.deepEqual(descending, ascending);
    // The check means something: some type's mandatory part depends on the header version.
    assert.ok(
      ascending.some((sizes) => new Set(sizes).size > 1),
      'a type whose mandatory size differs between header versions',
    );
  });
});
