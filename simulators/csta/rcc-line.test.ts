// The line an RCC client (OCS/Lync) names in its private data: the text of the first `line`
// element in the RCC extension namespace, found by namespace and local name, not by prefix
// (ECMA TR/87 session set-up as real clients do it (pidgin-sipe sip-csta.c) step 1; Namespaces in XML 1.0 §6 scoping).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RCC_EXTENSION_NAMESPACE, rccLine, rccLineExtensions } from './rcc-line.ts';
import type { XmlAttribute, XmlElement, XmlNode } from './xml-node.ts';

const el = (name: string, attributes: XmlAttribute[], ...children: XmlNode[]): XmlElement => ({
  name,
  attributes,
  children,
});
const xmlns = (prefix: string, value: string): XmlAttribute => ({
  name: prefix === '' ? 'xmlns' : `xmlns:${prefix}`,
  value,
});
/** `<privateData><private>...</private></privateData>` around `inner`. */
const privateData = (...inner: XmlNode[]) => el('privateData', [], el('private', [], ...inner));

describe('rccLine', () => {
  it('reads the line OCS sends, as rccLineExtensions writes it', () => {
    assert.equal(
      rccLine(rccLineExtensions('tel:73124;phone-context=dialstring')),
      'tel:73124;phone-context=dialstring',
    );
    assert.deepStrictEqual(rccLineExtensions('tel:201'), [
      privateData(el('lcs:line', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], 'tel:201')),
    ]);
  });

  it('no extensions, or extensions without a line, name no line', () => {
    assert.equal(rccLine(undefined), undefined);
    assert.equal(rccLine([]), undefined);
    assert.equal(rccLine(['text', privateData(el('other', [], 'x'))]), undefined);
  });

  it('the line may be anywhere in the extensions: after text, other elements, other branches', () => {
    const line = el('lcs:line', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], 'tel:201');
    assert.equal(rccLine(['text', el('security', []), privateData(line)]), 'tel:201');
    assert.equal(
      rccLine([privateData('x', el('first', [], el('deeper', [])), el('second', [], line))]),
      'tel:201',
    );
  });

  it('the first line in document order wins', () => {
    const line = (text: string) => el('lcs:line', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], text);
    assert.equal(rccLine([privateData(el('a', [], line('tel:1')), line('tel:2'))]), 'tel:1');
  });

  it('the namespace counts, not the prefix: declared on an ancestor, as the default, or under any prefix', () => {
    assert.equal(
      rccLine([
        el(
          'privateData',
          [xmlns('lcs', RCC_EXTENSION_NAMESPACE)],
          el('private', [], el('lcs:line', [], '1')),
        ),
      ]),
      '1',
    );
    assert.equal(rccLine([privateData(el('line', [xmlns('', RCC_EXTENSION_NAMESPACE)], '2'))]), '2');
    assert.equal(
      rccLine([
        el('privateData', [xmlns('', RCC_EXTENSION_NAMESPACE)], el('private', [], el('line', [], '3'))),
      ]),
      '3',
    );
    assert.equal(rccLine([privateData(el('r:line', [xmlns('r', RCC_EXTENSION_NAMESPACE)], '4'))]), '4');
  });

  it('a line in another namespace, in none, or another element of the RCC namespace is not the line', () => {
    assert.equal(rccLine([privateData(el('lcs:line', [xmlns('lcs', 'urn:other')], 'x'))]), undefined);
    assert.equal(rccLine([privateData(el('line', [], 'x'))]), undefined);
    assert.equal(
      rccLine([privateData(el('lcs:lines', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], 'x'))]),
      undefined,
    );
    assert.equal(
      rccLine([privateData(el('lcs:device', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], 'x'))]),
      undefined,
    );
  });

  it('an inner declaration overrides an outer one', () => {
    const outer = xmlns('lcs', RCC_EXTENSION_NAMESPACE);
    assert.equal(
      rccLine([
        el('privateData', [outer], el('private', [xmlns('lcs', 'urn:other')], el('lcs:line', [], 'x'))),
      ]),
      undefined,
    );
    assert.equal(
      rccLine([
        el(
          'privateData',
          [xmlns('', RCC_EXTENSION_NAMESPACE)],
          el('private', [xmlns('', '')], el('line', [], 'x')),
        ),
      ]),
      undefined,
    );
  });

  it('attributes other than namespace declarations bind nothing', () => {
    const line = el(
      'line',
      [
        xmlns('', RCC_EXTENSION_NAMESPACE),
        { name: 'id', value: 'urn:other' },
        { name: 'xmlnsx', value: 'urn:other' },
      ],
      'tel:201',
    );
    assert.equal(rccLine([privateData(line)]), 'tel:201');
  });

  it('the line is the text of the element, without the text of child elements', () => {
    const line = (...children: XmlNode[]) =>
      el('lcs:line', [xmlns('lcs', RCC_EXTENSION_NAMESPACE)], ...children);
    assert.equal(rccLine([privateData(line('tel:', el('b', [], 'ignored'), '201'))]), 'tel:201');
    assert.equal(rccLine([privateData(line())]), '');
  });
});
