/**
 * ECMA-323 editions and their XML namespaces (ECMA-323 namespaces (ed2-ed6)).
 * DESIGN §6: accept the ed3..ed6 namespace a client uses and answer in the same one; ed2 is
 * accepted too (it costs one table row).
 */
export const CSTA_EDITIONS = ['ed2', 'ed3', 'ed4', 'ed5', 'ed6'] as const;
export type CstaEdition = (typeof CSTA_EDITIONS)[number];

export const CSTA_NAMESPACES = {
  ed2: 'http://www.ecma.ch/standards/ecma-323/csta/ed2',
  ed3: 'http://www.ecma-international.org/standards/ecma-323/csta/ed3',
  ed4: 'http://www.ecma-international.org/standards/ecma-323/csta/ed4',
  ed5: 'http://www.ecma-international.org/standards/ecma-323/csta/ed5',
  ed6: 'http://www.ecma-international.org/standards/ecma-323/csta/ed6',
} as const satisfies Record<CstaEdition, string>;

export type CstaNamespace = (typeof CSTA_NAMESPACES)[CstaEdition];

/** Microsoft RCC clients (OCS/Lync) speak ed3 (ECMA-323 namespaces (ed2-ed6)). */
export const DEFAULT_CSTA_NAMESPACE: CstaNamespace = CSTA_NAMESPACES.ed3;

/** The edition of a namespace URI, or undefined when it is not an ECMA-323 CSTA namespace. */
export function editionOf(namespace: string): CstaEdition | undefined {
  for (const edition of CSTA_EDITIONS) {
    if (CSTA_NAMESPACES[edition] === namespace) return edition;
  }
  return undefined;
}

export function isCstaNamespace(namespace: string): namespace is CstaNamespace {
  return editionOf(namespace) !== undefined;
}

/** True when `edition` is `since` or later. */
export function editionAtLeast(edition: CstaEdition, since: CstaEdition): boolean {
  return CSTA_EDITIONS.indexOf(edition) >= CSTA_EDITIONS.indexOf(since);
}
