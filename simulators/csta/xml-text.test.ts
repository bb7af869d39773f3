import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  escapeXml,
  escapeXmlText,
  firstNonXmlChar,
  resolveReferences,
  XmlReferenceError,
} from './xml-text.ts';

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
});
