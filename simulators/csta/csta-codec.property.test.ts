import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { messageArbitrary } from '../testing/csta-arbitrary.ts';
import { decodeCsta } from './csta-decode.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import { encodeCsta } from './csta-encode.ts';
import { CSTA_EDITIONS, CSTA_NAMESPACES } from './csta-namespaces.ts';
import type { CstaMessageType } from './csta-schema.ts';
import { CSTA_MESSAGES } from './csta-schema.ts';

const TYPES = Object.keys(CSTA_MESSAGES) as CstaMessageType[];

describe('round trip: decodeCsta(encodeCsta(m)) is m', () => {
  for (const type of TYPES) {
    it(type, () => {
      for (const edition of CSTA_EDITIONS) {
        const namespace = CSTA_NAMESPACES[edition];
        fc.assert(
          fc.property(messageArbitrary(type, edition), (message) => {
            const decoded = decodeCsta(encodeCsta(message, { namespace }));
            assert.equal(decoded.namespace, namespace);
            assert.equal(decoded.edition, edition);
            assert.deepStrictEqual(decoded.message, message);
          }),
          { numRuns: 40 },
        );
      }
    });
  }
});

/** Decoding either succeeds (and then re-encodes to the same message) or throws CstaDecodeError. */
function decodeOnlyThrowsCstaDecodeError(input: string): void {
  let decoded: ReturnType<typeof decodeCsta>;
  try {
    decoded = decodeCsta(input);
  } catch (error) {
    if (error instanceof CstaDecodeError) return;
    throw error;
  }
  const again = decodeCsta(encodeCsta(decoded.message, { namespace: decoded.namespace }));
  assert.deepStrictEqual(again.message, decoded.message);
}

const validDocument = fc
  .tuple(fc.constantFrom(...TYPES), fc.constantFrom(...CSTA_EDITIONS))
  .chain(([type, edition]) =>
    messageArbitrary(type, edition).map((message) =>
      encodeCsta(message, { namespace: CSTA_NAMESPACES[edition] }),
    ),
  );

const XML_PIECES = [
  '<',
  '>',
  '/',
  '&',
  ';',
  '"',
  '<!DOCTYPE x>',
  '&amp;',
  '&foo;',
  '&#0;',
  '<x>',
  '</x>',
  '<![CDATA[',
  ']]>',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...XML_PIECES)),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(xml: string, m: Mutation): string {
  const at = m.at % (xml.length + 1);
  switch (m.kind) {
    case 'delete':
      return xml.slice(0, at) + xml.slice(at + m.length);
    case 'insert':
      return xml.slice(0, at) + m.text + xml.slice(at);
    case 'truncate':
      return xml.slice(0, at);
    case 'swap': {
      // Swap two element start positions' following segments: reorders children.
      const starts = [...xml.matchAll(/<[A-Za-z]/g)].map((match) => match.index);
      if (starts.length < 3) return xml;
      const a = starts[1 + (m.at % (starts.length - 1))]!;
      const b = starts[1 + (m.other % (starts.length - 1))]!;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      return xml.slice(0, lo) + xml.slice(hi) + xml.slice(lo, hi);
    }
  }
}

/** An element of an encoded document: where its start tag begins, where it ends, its name. */
interface ElementSpan {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly selfClosing: boolean;
}

/** The elements of an encoder-written document (no comments, CDATA or `<` in text), in order. */
function elementSpans(xml: string): ElementSpan[] {
  const spans: ElementSpan[] = [];
  const open: { start: number; name: string; index: number }[] = [];
  for (const tag of xml.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g)) {
    const [text, closing, name] = tag as unknown as [string, string, string];
    if (closing === '/') {
      const top = open.pop()!;
      spans[top.index] = { start: top.start, end: tag.index + text.length, name, selfClosing: false };
    } else if (tag[3] === '/') {
      spans.push({ start: tag.index, end: tag.index + text.length, name, selfClosing: true });
    } else {
      open.push({ start: tag.index, name, index: spans.length });
      spans.push({ start: tag.index, end: -1, name, selfClosing: false });
    }
  }
  return spans;
}

/**
 * Names a renamed element gets: other schema names, Object.prototype member names, unknown ones.
 * (`constructor` and `__proto__` are refused by fast-xml-parser itself, before the decoder.)
 */
const ELEMENT_NAMES = [
  'deviceID',
  'callID',
  'notKnown',
  'deviceObject',
  'operation',
  'device',
  'foo',
  'isPrototypeOf',
  'toString',
  'valueOf',
  'hasOwnProperty',
];

const structuralFault = fc.record({
  kind: fc.constantFrom('rename' as const, 'duplicate' as const, 'remove' as const, 'empty' as const),
  element: fc.nat(),
  name: fc.constantFrom(...ELEMENT_NAMES),
});

type StructuralFault = typeof structuralFault extends fc.Arbitrary<infer T> ? T : never;

/**
 * Renames, duplicates, removes or empties one element below the root: an unknown, repeated or
 * missing alternative of a choice, a wrong list item, an unknown or repeated struct child.
 */
function applyStructuralFault(xml: string, fault: StructuralFault): string {
  const spans = elementSpans(xml).slice(1);
  if (spans.length === 0) return xml;
  const span = spans[fault.element % spans.length]!;
  const element = xml.slice(span.start, span.end);
  switch (fault.kind) {
    case 'duplicate':
      return xml.slice(0, span.end) + element + xml.slice(span.end);
    case 'remove':
      return xml.slice(0, span.start) + xml.slice(span.end);
    case 'empty':
      return `${xml.slice(0, span.start)}<${span.name}/>${xml.slice(span.end)}`;
    case 'rename': {
      const inner = span.selfClosing
        ? ''
        : element.slice(element.indexOf('>') + 1, element.lastIndexOf('</'));
      return `${xml.slice(0, span.start)}<${fault.name}>${inner}</${fault.name}>${xml.slice(span.end)}`;
    }
  }
}

describe('bad input never throws anything but CstaDecodeError', () => {
  it('valid documents with an element renamed, repeated, removed or emptied', () => {
    fc.assert(
      fc.property(validDocument, structuralFault, (xml, fault) => {
        decodeOnlyThrowsCstaDecodeError(applyStructuralFault(xml, fault));
      }),
      { numRuns: 3000 },
    );
  });

  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), decodeOnlyThrowsCstaDecodeError), { numRuns: 2000 });
  });

  it('arbitrary strings inside a CSTA root', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (inner) =>
        decodeOnlyThrowsCstaDecodeError(`<MakeCall xmlns="${CSTA_NAMESPACES.ed3}">${inner}</MakeCall>`),
      ),
      { numRuns: 2000 },
    );
  });

  it('mutated valid documents', () => {
    fc.assert(
      fc.property(validDocument, fc.array(mutation, { minLength: 1, maxLength: 3 }), (xml, mutations) =>
        decodeOnlyThrowsCstaDecodeError(mutations.reduce(mutate, xml)),
      ),
      { numRuns: 3000 },
    );
  });

  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeCsta(bytes);
        } catch (error) {
          if (!(error instanceof CstaDecodeError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
