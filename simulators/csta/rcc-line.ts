import type { XmlElement, XmlNode } from './xml-node.ts';
import { isXmlElement, localName, prefixOf } from './xml-node.ts';

/**
 * Microsoft RCC private data: OCS names the controlled line in every session-level request as
 * `<extensions><privateData><private><lcs:line xmlns:lcs="...RCCExtension">tel:...</lcs:line>`
 * (ECMA TR/87 session set-up as real clients do it (pidgin-sipe sip-csta.c) step 1).
 */
export const RCC_EXTENSION_NAMESPACE = 'http://schemas.microsoft.com/Lcs/2005/04/RCCExtension';

/** The text of the first `line` element in the RCC namespace inside `extensions`, if any. */
export function rccLine(extensions: readonly XmlNode[] | undefined): string | undefined {
  if (extensions === undefined) return undefined;
  for (const node of extensions) {
    const found = findLine(node, new Map());
    if (found !== undefined) return found;
  }
  return undefined;
}

function findLine(node: XmlNode, parentScope: ReadonlyMap<string, string>): string | undefined {
  if (!isXmlElement(node)) return undefined;
  const scope = scopeOf(node, parentScope);
  if (localName(node.name) === 'line' && scope.get(prefixOf(node.name)) === RCC_EXTENSION_NAMESPACE) {
    return node.children.filter((child): child is string => typeof child === 'string').join('');
  }
  for (const child of node.children) {
    const found = findLine(child, scope);
    if (found !== undefined) return found;
  }
  return undefined;
}

function scopeOf(element: XmlElement, parentScope: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const scope = new Map(parentScope);
  for (const { name, value } of element.attributes) {
    // `xmlns` declares the default namespace (prefix ''), `xmlns:p` the prefix p.
    if (name === 'xmlns' || name.startsWith('xmlns:')) scope.set(name.slice(6), value);
  }
  return scope;
}

/** The extensions an RCC client sends to name its line. */
export function rccLineExtensions(line: string): readonly XmlNode[] {
  return [
    {
      name: 'privateData',
      attributes: [],
      children: [
        {
          name: 'private',
          attributes: [],
          children: [
            {
              name: 'lcs:line',
              attributes: [{ name: 'xmlns:lcs', value: RCC_EXTENSION_NAMESPACE }],
              children: [line],
            },
          ],
        },
      ],
    },
  ];
}
