/**
 * An opaque XML element tree, used for content the codec carries without modelling it: the
 * `extensions` (ECMA-323 CSTACommonArguments: security, privateData) of every message, where OCS
 * puts `<lcs:line>` (ECMA TR/87 session set-up as real clients do it (pidgin-sipe sip-csta.c) step 1).
 *
 * Canonical form (what the decoder produces, so decode(encode(x)) is x): qualified names as
 * written, attributes in document order with entity references resolved, whitespace-only text
 * between elements dropped, adjacent text and CDATA merged into one string.
 */
export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

/** An element, or a run of character data. */
export type XmlNode = XmlElement | string;

export function isXmlElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** The local part of a qualified name (`lcs:line` -> `line`). */
export function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? qualifiedName : qualifiedName.slice(colon + 1);
}

/** The prefix of a qualified name (`lcs:line` -> `lcs`, `line` -> ``). */
export function prefixOf(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? '' : qualifiedName.slice(0, colon);
}
