// The lab's own CSTA private data: what a CUCM CTI feature needs to say that ECMA-269 has no
// parameter for (a presented calling number on MakeCall, SRTP key material in an event, media
// termination on AnswerCall, ...). ECMA-323 carries such data in every message's `extensions`
// (CSTACommonArguments: `security`, `privateData`; CSTAPrivateData is a choice of `string` or
// `private`, the latter any XML): the lab writes one element per item in its own namespace,
//
//   <extensions><privateData><private>
//     <callingNumber xmlns="urn:ctilab:cucm">+14085550100</callingNumber>
//   </private></privateData></extensions>
//
// The codec keeps `extensions` as an opaque XmlNode tree (csta-decode.ts); this file reads and
// writes the lab's elements in it and knows no feature. A feature names its element and reads it
// with `labPrivateElement`, or adds its own to an outgoing message with `withLabPrivateData`.
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { isXmlElement, localName, prefixOf, type XmlElement, type XmlNode } from '../csta/xml-node.ts';
import { ok, type Result, refused } from '../lab/result.ts';

/** The namespace of the lab's private data elements. */
export const LAB_PRIVATE_NAMESPACE = 'urn:ctilab:cucm';

/** One lab element as read: local name, attributes (namespace declarations left out), content. */
export interface LabElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Its character data, joined (child elements' text not included). */
  readonly text: string;
  /** Its child elements, as written. */
  readonly children: readonly XmlElement[];
}

/**
 * The elements in the lab namespace directly under `extensions/privateData/private`, in document
 * order. Elements of other namespaces (OCS's `lcs:line`, a vendor's own) are not returned. A prefix
 * or default namespace declared on `privateData`, `private` or the element itself counts; the
 * decoder also carries prefixes bound on the message root into the fragment (csta-decode.ts).
 */
export function labPrivateElements(extensions: readonly XmlNode[] | undefined): LabElement[] {
  const out: LabElement[] = [];
  for (const privateData of elementsNamed(extensions ?? [], 'privateData')) {
    const dataScope = scopeOf(privateData, new Map());
    for (const priv of elementsNamed(privateData.children, 'private')) {
      const scope = scopeOf(priv, dataScope);
      for (const child of priv.children) {
        if (!isXmlElement(child)) continue;
        const own = scopeOf(child, scope);
        if (own.get(prefixOf(child.name)) === LAB_PRIVATE_NAMESPACE) out.push(labElementOf(child));
      }
    }
  }
  return out;
}

/**
 * The one lab element called `name` in a request's extensions: undefined when there is none;
 * refused with operation `invalidParameterValue` (ECMA-269 operation errors: "a parameter has a
 * value that is not in the range of defined values") when it is given more than once, since one
 * request carries one value of each item.
 */
export function labPrivateElement(
  extensions: readonly XmlNode[] | undefined,
  name: string,
): Result<LabElement | undefined, CSTAErrorCode> {
  const found = labPrivateElements(extensions).filter((e) => e.name === name);
  if (found.length > 1)
    return refused(
      { operation: 'invalidParameterValue' },
      `private data ${name} (${LAB_PRIVATE_NAMESPACE}) is given ${found.length} times`,
    );
  return ok(found[0]);
}

/** A lab element to send: `<name xmlns="urn:ctilab:cucm" a="v">text</name>`. */
export function labElement(
  name: string,
  attributes: Readonly<Record<string, string>> = {},
  text?: string,
): XmlElement {
  return {
    name,
    attributes: [
      { name: 'xmlns', value: LAB_PRIVATE_NAMESPACE },
      ...Object.entries(attributes).map(([n, value]) => ({ name: n, value })),
    ],
    children: text === undefined || text === '' ? [] : [text],
  };
}

/**
 * The message with `elements` (undefined entries skipped) added to its
 * `extensions/privateData/private`: appended to an existing `private`, else in a new
 * `privateData`. With no element to add, the message itself is returned unchanged.
 */
export function withLabPrivateData<T extends object>(
  message: T,
  elements: readonly (XmlElement | undefined)[],
): T {
  const add = elements.filter((e): e is XmlElement => e !== undefined);
  if (add.length === 0) return message;
  const before = (message as { extensions?: readonly XmlNode[] }).extensions ?? [];
  let merged = false;
  const extensions = before.map((node) => {
    if (merged || !isXmlElement(node) || localName(node.name) !== 'privateData') return node;
    const at = node.children.findIndex((c) => isXmlElement(c) && localName(c.name) === 'private');
    const priv = node.children[at];
    if (priv === undefined || !isXmlElement(priv)) return node;
    merged = true;
    const children = [...node.children];
    children[at] = { ...priv, children: [...priv.children, ...add] };
    return { ...node, children };
  });
  if (!merged) extensions.push(...labExtensions(add));
  return { ...message, extensions };
}

/** The `extensions` of a new message carrying `elements` (a client building a request, say). */
export function labExtensions(elements: readonly XmlElement[]): XmlNode[] {
  return [
    {
      name: 'privateData',
      attributes: [],
      children: [{ name: 'private', attributes: [], children: [...elements] }],
    },
  ];
}

function elementsNamed(nodes: readonly XmlNode[], name: string): XmlElement[] {
  return nodes.filter((n): n is XmlElement => isXmlElement(n) && localName(n.name) === name);
}

/** The namespace bindings in force on `element` (prefix '' = the default namespace). */
function scopeOf(element: XmlElement, parent: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const scope = new Map(parent);
  for (const { name, value } of element.attributes)
    if (name === 'xmlns' || name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  return scope;
}

function labElementOf(element: XmlElement): LabElement {
  const attributes: Record<string, string> = {};
  for (const { name, value } of element.attributes)
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) attributes[localName(name)] = value;
  return {
    name: localName(element.name),
    attributes,
    text: element.children.filter((c): c is string => typeof c === 'string').join(''),
    children: element.children.filter(isXmlElement),
  };
}
