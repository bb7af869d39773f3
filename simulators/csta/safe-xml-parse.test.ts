// The hardened XML front end of the CSTA decoder (DESIGN §10): limits, well-formedness the
// validator misses, and namespace resolution (Namespaces in XML 1.0).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CstaDecodeErrorDetails, CstaDecodeFailure } from './csta-decode-error.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import type { ParsedElement, XmlLimits } from './safe-xml-parse.ts';
import { DEFAULT_XML_LIMITS, parseXmlSafely } from './safe-xml-parse.ts';

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

function refusalOf(
  input: string | Uint8Array,
  limits?: XmlLimits,
): { reason: CstaDecodeFailure; message: string; details: CstaDecodeErrorDetails } {
  try {
    parseXmlSafely(input, limits);
  } catch (error) {
    assert.ok(error instanceof CstaDecodeError, `expected CstaDecodeError, got ${String(error)}`);
    return { reason: error.reason, message: error.message, details: error.details };
  }
  return assert.fail('expected a CstaDecodeError');
}

const limits = (overrides: Partial<XmlLimits>): XmlLimits => ({ ...DEFAULT_XML_LIMITS, ...overrides });

describe('limits (DESIGN §10)', () => {
  it('the defaults: 64 KiB, depth 32, 4096 elements', () => {
    assert.deepStrictEqual(DEFAULT_XML_LIMITS, { maxBytes: 65536, maxDepth: 32, maxElements: 4096 });
  });

  it('size is counted in UTF-8 bytes, and a body of exactly maxBytes is accepted', () => {
    const body = '<a>é</a>'; // 9 bytes, 8 UTF-16 units
    assert.equal(parseXmlSafely(body, limits({ maxBytes: 9 })).children[0], 'é');
    assert.deepStrictEqual(refusalOf(body, limits({ maxBytes: 8 })), {
      reason: 'too-large',
      message: 'body of 9 bytes exceeds the 8-byte limit',
      details: {},
    });
    assert.equal(refusalOf(new TextEncoder().encode(body), limits({ maxBytes: 8 })).reason, 'too-large');
  });

  it('depth: the root is depth 1, exactly maxDepth is accepted', () => {
    const nested = '<a><b><c/></b></a>';
    assert.equal(parseXmlSafely(nested, limits({ maxDepth: 3 })).localName, 'a');
    assert.deepStrictEqual(refusalOf(nested, limits({ maxDepth: 2 })), {
      reason: 'too-deep',
      message: 'element nesting exceeds 2',
      details: {},
    });
  });

  it('depth: nesting far beyond the limit is refused the same way, however it is written', () => {
    for (const body of ['<a><b><c></c></b></a>', '<a><b><c><d>x</d></c></b></a>', '<a><b><c/></b></a>']) {
      assert.deepStrictEqual(refusalOf(body, limits({ maxDepth: 1 })), {
        reason: 'too-deep',
        message: 'element nesting exceeds 1',
        details: {},
      });
    }
  });

  it('element count: exactly maxElements is accepted', () => {
    const three = '<a><b/><c/></a>';
    assert.equal(parseXmlSafely(three, limits({ maxElements: 3 })).children.length, 2);
    assert.deepStrictEqual(refusalOf(three, limits({ maxElements: 2 })), {
      reason: 'too-many-elements',
      message: 'more than 2 elements',
      details: {},
    });
  });
});

describe('well-formedness (XML 1.0)', () => {
  it('a byte-order mark is skipped, in bytes and in a string', () => {
    assert.equal(parseXmlSafely('\ufeff<a/>').localName, 'a');
    assert.equal(parseXmlSafely(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e])).localName, 'a');
    assert.equal(parseXmlSafely('\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<a/>').localName, 'a');
  });

  it('a second U+FEFF is not a byte-order mark but text before the document element (§2.1)', () => {
    const BOM = [0xef, 0xbb, 0xbf];
    for (const body of ['\ufeff\ufeff<a/>', new Uint8Array([...BOM, ...BOM, 0x3c, 0x61, 0x2f, 0x3e])]) {
      assert.deepStrictEqual(refusalOf(body), {
        reason: 'malformed',
        message: 'text outside the document element',
        details: {},
      });
    }
  });

  it('bytes that are not UTF-8', () => {
    assert.deepStrictEqual(refusalOf(new Uint8Array([0x3c, 0x61, 0xff, 0x3e])), {
      reason: 'malformed',
      message: 'body is not valid UTF-8',
      details: {},
    });
  });

  it('DOCTYPE and ENTITY declarations are refused outright', () => {
    for (const body of ['<!DOCTYPE a><a/>', '<a/><!ENTITY x "y">']) {
      assert.deepStrictEqual(refusalOf(body), {
        reason: 'doctype',
        message: 'DOCTYPE and ENTITY declarations are not accepted',
        details: {},
      });
    }
  });

  it('a validator error carries its line and column', () => {
    assert.deepStrictEqual(refusalOf('<a>\n  <b></a>'), {
      reason: 'malformed',
      message:
        "not well-formed XML: Expected closing tag 'b' (opened in line 2, col 3) instead of closing tag 'a'.",
      details: { line: 2, column: 6 },
    });
  });

  it('text after a self-closing document element (§2.1 document: element Misc*)', () => {
    for (const body of ['<a/>junk', '<a/> <!-- c --> junk', '<a/><?pi?>junk\n']) {
      assert.deepStrictEqual(refusalOf(body), {
        reason: 'malformed',
        message: 'text outside the document element',
        details: {},
      });
    }
    assert.equal(
      parseXmlSafely('<?xml version="1.0"?>\n<!-- c -->\n<a/>\n<!-- d -->\n<?pi x?>\n').localName,
      'a',
    );
  });

  it('only XML white space may surround the document element (§2.3 S: space, tab, CR, LF)', () => {
    assert.equal(parseXmlSafely(' \t\r\n<a/> \t\r\n').localName, 'a');
    for (const body of ['<a/>\u00a0', '<a/>\ufeff', '<a/>\u2028', '<a/>\u000b', '<a/>\n.']) {
      assert.deepStrictEqual(
        refusalOf(body),
        {
          reason: 'malformed',
          message: 'text outside the document element',
          details: {},
        },
        JSON.stringify(body),
      );
    }
  });

  it('a CDATA section outside the document element, even an empty one (§2.1 Misc)', () => {
    for (const body of ['<a/><![CDATA[x]]>', '<a/><![CDATA[]]>', '<![CDATA[x]]><a/>']) {
      assert.deepStrictEqual(
        refusalOf(body),
        {
          reason: 'malformed',
          message: 'text outside the document element',
          details: {},
        },
        body,
      );
    }
  });

  it('names the parser reserves (__proto__, constructor, prototype) are refused as not well-formed', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const refusal = refusalOf(`<a><${name}/></a>`);
      assert.equal(refusal.reason, 'malformed');
      assert.match(refusal.message, new RegExp(`^not well-formed XML: .*"${name}"`));
      assert.deepStrictEqual(refusal.details, {});
    }
  });

  it('two document elements', () => {
    assert.deepStrictEqual(refusalOf('<a/><b/>'), {
      reason: 'malformed',
      message: 'expected one document element, found 2',
      details: {},
    });
  });

  it('an undeclared entity in an attribute value', () => {
    assert.deepStrictEqual(refusalOf('<a b="&lol;"/>'), {
      reason: 'malformed',
      message: "undeclared entity '&lol;' (entities are not expanded)",
      details: {},
    });
  });
});

describe('the element tree', () => {
  it('text, character references and CDATA are merged into one run; comments and PIs dropped', () => {
    const root = parseXmlSafely('<a>x&amp;<![CDATA[<y>]]><!-- c -->z<?pi?><b/>&#65;</a>');
    assert.deepStrictEqual(root.children.length, 3);
    assert.equal(root.children[0], 'x&<y>z');
    assert.equal(root.children[2], 'A');
  });

  it('an element with no content has no children', () => {
    assert.deepStrictEqual(parseXmlSafely('<a></a>').children, []);
    assert.deepStrictEqual(parseXmlSafely('<a><![CDATA[]]></a>').children, []);
  });

  it('element and attribute names such as toString are kept as written', () => {
    const root = parseXmlSafely('<toString hasOwnProperty="1" valueOf="2"><__lookupGetter__/></toString>');
    assert.equal(root.qualifiedName, 'toString');
    assert.deepStrictEqual(root.attributes, [
      { name: 'hasOwnProperty', value: '1' },
      { name: 'valueOf', value: '2' },
    ]);
    assert.equal((root.children[0] as ParsedElement).qualifiedName, '__lookupGetter__');
  });

  it('CDATA content is kept as written, references included; an element between runs splits them', () => {
    const root = parseXmlSafely('<a><![CDATA[&amp;]]>&amp;<b/><![CDATA[x]]><![CDATA[y]]></a>');
    assert.equal(root.children.length, 3);
    assert.equal(root.children[0], '&amp;&');
    assert.equal((root.children[1] as ParsedElement).qualifiedName, 'b');
    assert.equal(root.children[2], 'xy');
  });

  it('attribute values stay the text as written (no number or boolean reading)', () => {
    assert.deepStrictEqual(parseXmlSafely('<a n="007" e="1e3" h="0x1F" f="-0.50"/>').attributes, [
      { name: 'n', value: '007' },
      { name: 'e', value: '1e3' },
      { name: 'h', value: '0x1F' },
      { name: 'f', value: '-0.50' },
    ]);
  });

  it('attributes in document order, with references resolved', () => {
    assert.deepStrictEqual(parseXmlSafely('<a z="1&lt;2" b="&#x41;"/>').attributes, [
      { name: 'z', value: '1<2' },
      { name: 'b', value: 'A' },
    ]);
  });
});

describe('namespaces (Namespaces in XML 1.0)', () => {
  it('default and prefixed bindings, inherited and overridden; xml is always bound', () => {
    const root = parseXmlSafely('<a xmlns="urn:d" xmlns:p="urn:p"><p:b/><c xmlns="urn:e"/><d xmlns=""/></a>');
    const [b, c, d] = root.children as ParsedElement[];
    assert.equal(root.namespace, 'urn:d');
    assert.deepStrictEqual(
      [...root.scope],
      [
        ['xml', XML_NAMESPACE],
        ['', 'urn:d'],
        ['p', 'urn:p'],
      ],
    );
    assert.equal(b?.namespace, 'urn:p');
    assert.equal(b?.localName, 'b');
    assert.equal(b?.qualifiedName, 'p:b');
    assert.equal(b?.scope, root.scope, 'an element that declares nothing shares its parent scope');
    assert.equal(c?.namespace, 'urn:e');
    assert.equal(d?.namespace, undefined);
    assert.equal(parseXmlSafely('<a/>').namespace, undefined);
  });

  it('only xmlns and xmlns:p attributes declare namespaces', () => {
    const root = parseXmlSafely('<a b="urn:b" xmlnsx="urn:x"><c/></a>');
    assert.equal(root.namespace, undefined);
    assert.deepStrictEqual([...root.scope], [['xml', XML_NAMESPACE]]);
    assert.equal((root.children[0] as ParsedElement).namespace, undefined);
    const declared = parseXmlSafely('<p:a xmlns:p="urn:p" id="urn:id"/>');
    assert.equal(declared.namespace, 'urn:p');
    assert.deepStrictEqual(
      [...declared.scope],
      [
        ['xml', XML_NAMESPACE],
        ['p', 'urn:p'],
      ],
    );
  });

  it('names that are no QNames (Namespaces in XML 1.0 §3, §4): found by the mutated-document property', () => {
    // The counterexample of csta-codec.property.test.ts (seed 2124954496): `xmlns:lcs` with its
    // prefix deleted. Decoded, it could not be written again (the encoder checks QNames).
    assert.deepStrictEqual(refusalOf('<a><b xmlns:="urn:x"/></a>'), {
      reason: 'malformed',
      message: "'xmlns:' is not a QName (at b)",
      details: { path: 'b' },
    });
    assert.deepStrictEqual(refusalOf('<a xmlns:p="urn:p"><p:b p:="1"/></a>'), {
      reason: 'malformed',
      message: "'p:' is not a QName (at p:b)",
      details: { path: 'p:b' },
    });
  });

  it('an undeclared prefix on an element or an attribute', () => {
    assert.deepStrictEqual(refusalOf('<a><x:b/></a>'), {
      reason: 'malformed',
      message: "namespace prefix 'x' is not declared (at x:b)",
      details: { path: 'x:b' },
    });
    assert.deepStrictEqual(refusalOf('<a p:x="1"/>'), {
      reason: 'malformed',
      message: "namespace prefix 'p' is not declared (at a)",
      details: { path: 'a' },
    });
    assert.deepStrictEqual(parseXmlSafely('<a xml:lang="en"/>').attributes, [
      { name: 'xml:lang', value: 'en' },
    ]);
  });

  it('reserved bindings: xmlns is never declared, xml only to its own namespace (§3)', () => {
    for (const [attribute, value] of [
      ['xmlns:xmlns', 'urn:x'],
      ['xmlns:xml', 'urn:x'],
      ['xmlns:p', XML_NAMESPACE],
      ['xmlns', XML_NAMESPACE],
    ]) {
      assert.deepStrictEqual(refusalOf(`<a ${attribute}="${value}"/>`), {
        reason: 'malformed',
        message: `${attribute}="${value}" is a reserved namespace binding (at a)`,
        details: { path: 'a' },
      });
    }
    assert.equal(parseXmlSafely(`<a xmlns:xml="${XML_NAMESPACE}"/>`).localName, 'a');
  });
});
