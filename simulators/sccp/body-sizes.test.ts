import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mandatoryBodySize } from './body-sizes.ts';
import { HEADER_VERSIONS } from './header-version.ts';
import { MessageId } from './message-ids.ts';
import type { SccpMessageType } from './messages.ts';

const types = Object.keys(MessageId) as SccpMessageType[];

describe('mandatoryBodySize (remembered per type and header version)', () => {
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
