import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  escapeXml,
  escapeXmlText,
  firstNonXmlChar,
  isXmlChar,
  resolveReferences,
  XmlReferenceError,
} from './xml-text.ts';

/** The XmlReferenceError message for `raw`; fails when it resolves or throws anything else. */
function refusalOf(raw: string): string {
  try {
    resolveReferences(raw);
  } catch (error) {
    assert.ok(error instanceof XmlReferenceError, `expected an XmlReferenceError, got ${String(error)}`);
    assert.equal(error.name, 'XmlReferenceError');
    return error.message;
  }
  return assert.fail(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('xml-text', () => {
  it('resolves the predefined entities and character references', () => {
    assert.equal(resolveReferences('a&lt;b&gt;&amp;&quot;&apos;&#65;&#x42;'), 'a<b>&"\'AB');
  });

  it('refuses undeclared entities, bare ampersands and non-XML characters', () => {
    for (const raw of ['&lol;', 'a & b', '&#0;', '&#xFFFE;', '&constructor;', '&;']) {
      assert.throws(() => resolveReferences(raw), XmlReferenceError, raw);
    }
  });

  it('escaping then resolving is the identity', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => firstNonXmlChar(s) === undefined),
        (s) => {
          assert.equal(resolveReferences(escapeXml(s)), s);
          assert.equal(resolveReferences(escapeXmlText(s)), s);
        },
      ),
    );
  });

  it('finds characters XML cannot carry', () => {
    assert.equal(firstNonXmlChar('ok\t\n'), undefined);
    assert.equal(firstNonXmlChar('a\u0001'), 1);
    assert.equal(firstNonXmlChar('\ud800'), 0xd800);
  });

  it('the Char production at each of its edges (XML 1.0 §2.2)', () => {
    const edges: [number, boolean][] = [
      [0x0, false],
      [0x8, false],
      [0x9, true],
      [0xa, true],
      [0xb, false],
      [0xc, false],
      [0xd, true],
      [0xe, false],
      [0x1f, false],
      [0x20, true],
      [0xd7ff, true],
      [0xd800, false],
      [0xdfff, false],
      [0xe000, true],
      [0xfffd, true],
      [0xfffe, false],
      [0xffff, false],
      [0x10000, true],
      [0x10ffff, true],
      [0x110000, false],
    ];
    for (const [codePoint, allowed] of edges) {
      assert.equal(isXmlChar(codePoint), allowed, codePoint.toString(16));
    }
    assert.equal(firstNonXmlChar('\ud7ff\ue000\ufffd\u{10000}\u{10ffff}'), undefined);
    assert.equal(firstNonXmlChar('ok\uffff\u0000'), 0xffff, 'the first one is reported');
    assert.equal(firstNonXmlChar('\udfff'), 0xdfff, 'a lone low surrogate');
  });

  it('escapes every special character of attribute values, CR, LF and TAB as references (§2.11, §3.3.3)', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f\rg\nh\ti`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g&#10;h&#9;i');
    assert.equal(escapeXml('plain text'), 'plain text');
  });

  it('escapes &, <, > and CR in text; quotes, LF and TAB stay literal', () => {
    assert.equal(escapeXmlText(`a&b<c>d"e'f\rg\nh\ti`), `a&amp;b&lt;c&gt;d"e'f&#13;g\nh\ti`);
  });

  it('resolves references anywhere in the text, text without any left as it is', () => {
    assert.equal(resolveReferences('no references'), 'no references');
    assert.equal(resolveReferences(''), '');
    assert.equal(resolveReferences('&amp;'), '&');
    assert.equal(resolveReferences('&amp;&amp;'), '&&');
    assert.equal(resolveReferences('x;y&lt;z;'), 'x;y<z;');
    assert.equal(
      resolveReferences('long text before the reference &gt; and after'),
      'long text before the reference > and after',
    );
  });

  it('character references: decimal up to 7 digits, hexadecimal up to 6, either case (§4.1)', () => {
    assert.equal(resolveReferences('&#9;&#10;&#13;&#32;'), '\t\n\r ');
    assert.equal(resolveReferences('&#0000065;'), 'A');
    assert.equal(resolveReferences('&#x1F600;&#x1f600;'), '\u{1f600}\u{1f600}');
    assert.equal(resolveReferences('&#1114111;&#x10FFFF;'), '\u{10ffff}\u{10ffff}');
    assert.equal(resolveReferences('&#xd7ff;&#xE000;&#xfffd;'), '\ud7ff\ue000\ufffd');
  });

  it('names the reference it cannot resolve', () => {
    const undeclared = (body: string) => `undeclared entity '&${body};' (entities are not expanded)`;
    // Not a predefined entity, and not a well-formed character reference.
    for (const body of [
      'lol',
      'constructor',
      'toString',
      '',
      'LT',
      '#',
      '#x',
      '#65x',
      'x#65',
      '#x41g',
      'a#x41',
      '#X41',
      '#-1',
    ]) {
      assert.equal(refusalOf(`&${body};`), undeclared(body), body);
    }
    // A reference to a character XML cannot carry (§4.1 WFC: Legal Character).
    for (const body of ['#0', '#x0', '#8', '#xB', '#xD800', '#xFFFE', '#65535', '#x110000', '#1114112']) {
      assert.equal(refusalOf(`&${body};`), `character reference '&${body};' is not an XML char`, body);
    }
  });

  it("a '&' with no ';' within 12 characters is a bare '&', reported by its offset", () => {
    assert.equal(refusalOf('a & b'), "bare '&' at offset 2");
    assert.equal(refusalOf('ok &amp; then & alone'), "bare '&' at offset 14");
    assert.equal(refusalOf('&'), "bare '&' at offset 0");
    // Eleven characters between '&' and ';' are still read as a (here undeclared) name; twelve are not.
    assert.equal(refusalOf('&abcdefghijk;'), "undeclared entity '&abcdefghijk;' (entities are not expanded)");
    assert.equal(refusalOf('&abcdefghijkl;'), "bare '&' at offset 0");
    assert.equal(refusalOf('&a&lt;'), "undeclared entity '&a&lt;' (entities are not expanded)");
  });
});
