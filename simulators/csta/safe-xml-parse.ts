import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CstaDecodeError } from './csta-decode-error.ts';
import { QNAME } from './xml-names.ts';
import type { XmlAttribute } from './xml-node.ts';
import { localName, prefixOf } from './xml-node.ts';
import { resolveReferences, type XmlReferenceError } from './xml-text.ts';

/** Limits applied to every CSTA body before and while it is parsed. */
export interface XmlLimits {
  /** Maximum body size in UTF-8 bytes, checked before parsing. */
  readonly maxBytes: number;
  /** Maximum element nesting depth (the root is depth 1). */
  readonly maxDepth: number;
  /** Maximum number of elements in the document. */
  readonly maxElements: number;
}

/** 64 KiB is far above any ECMA-323 message the CME handles (a SnapshotDeviceResponse is ~1 KiB). */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 64 * 1024, maxDepth: 32, maxElements: 4096 };

/** An element with its namespace resolved; text runs (entity references resolved) are strings. */
export interface ParsedElement {
  readonly qualifiedName: string;
  readonly localName: string;
  /** The namespace URI, or undefined for an unprefixed element with no default namespace. */
  readonly namespace: string | undefined;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly (ParsedElement | string)[];
  /** Namespace bindings in scope at this element (prefix '' = default namespace). */
  readonly scope: ReadonlyMap<string, string>;
}

/*
 * DESIGN §10: values stay strings (parseTagValue/parseAttributeValue false), entities are not
 * expanded (processEntities false; references are resolved by xml-text.ts), attributes are read
 * (xmlns is resolved here: fast-xml-parser does not resolve namespaces), and maxNestedTags bounds
 * the parser's own stack. preserveOrder keeps the document order the schema checks need.
 */
const parsers = new WeakMap<XmlLimits, XMLParser>();

/** The parser for `limits`, made once per limits object (building its options is not free). */
function parserFor(limits: XmlLimits): XMLParser {
  let parser = parsers.get(limits);
  // Stryker disable next-line ConditionalExpression: equivalent, a parser made anew for every document parses it the same (this is a cache)
  if (parser === undefined) {
    parser = makeParser(limits);
    parsers.set(limits, parser);
  }
  return parser;
}

function makeParser(limits: XmlLimits): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    trimValues: false,
    cdataPropName: '#cdata',
    ignorePiTags: true, // the XML declaration included
    maxNestedTags: limits.maxDepth,
    // Names such as `toString` are kept as written (the default renames them to `__toString`):
    // the preserveOrder output is only read with Object.keys/entries, so they cannot pollute.
    onDangerousProperty: (name: string) => name,
  });
}

type OrderedNode = Record<string, unknown>;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Parses a CSTA body into a namespace-resolved element tree, or throws CstaDecodeError. */
export function parseXmlSafely(
  input: string | Uint8Array,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): ParsedElement {
  const size = Buffer.byteLength(input); // a string's UTF-8 bytes, or the bytes as given
  if (size > limits.maxBytes) {
    throw new CstaDecodeError('too-large', `body of ${size} bytes exceeds the ${limits.maxBytes}-byte limit`);
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      // ignoreBOM: a byte-order mark is kept here and skipped below, as in a string.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw new CstaDecodeError('malformed', 'body is not valid UTF-8');
    }
  }
  // One byte-order mark is skipped. A second U+FEFF is text before the document element (XML 1.0
  // §2.1), refused here because the validator would skip it as a byte-order mark of its own.
  if (text.startsWith('\ufeff')) text = text.slice(1);
  if (text.startsWith('\ufeff')) throw new CstaDecodeError('malformed', 'text outside the document element');
  // "XML entity bombs": a DOCTYPE (the only place entities can be declared) is refused outright.
  if (/<!DOCTYPE|<!ENTITY/.test(text)) {
    throw new CstaDecodeError('doctype', 'DOCTYPE and ENTITY declarations are not accepted');
  }
  // The validator reports what it finds as a value; it throws nothing.
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CstaDecodeError('malformed', `not well-formed XML: ${valid.err.msg}`, {
      line: valid.err.line,
      column: valid.err.col,
    });
  }
  let ordered: OrderedNode[];
  try {
    // XML 1.0 §2.1: only comments, PIs and white space may follow the document element. The
    // validator misses text after a self-closing root (`<Root/>junk`) and the parser drops text
    // that ends the input, so a PI is appended: the parser then hands any trailing text over as a
    // top-level text node, which the check below refuses.
    ordered = parserFor(limits).parse(`${text}<?end?>`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/nested tags/i.test(message)) {
      throw new CstaDecodeError('too-deep', `element nesting exceeds ${limits.maxDepth}`);
    }
    throw new CstaDecodeError('malformed', `not well-formed XML: ${message}`);
  }
  for (const node of ordered) {
    // XML 1.0 §2.1 document ::= prolog element Misc*: outside the document element only comments,
    // PIs and white space (§2.3 S: space, tab, CR, LF; not U+00A0, U+FEFF, ...) may appear.
    if ('#cdata' in node || ('#text' in node && /[^ \t\r\n]/.test(String(node['#text'])))) {
      throw new CstaDecodeError('malformed', 'text outside the document element');
    }
  }
  const roots = ordered.filter((node) => !('#text' in node));
  if (roots.length !== 1) {
    throw new CstaDecodeError('malformed', `expected one document element, found ${roots.length}`);
  }
  const counter = { elements: 0 };
  return convert(roots[0]!, new Map([['xml', XML_NAMESPACE]]), 1, limits, counter);
}

/**
 * The tag name of an element node: its first key (`:@`, the attributes, comes after it). The parser
 * emits no comment, PI or XML declaration nodes (no commentPropName, ignorePiTags), so
 * every other node is `#text` or `#cdata`.
 */
function tagOf(node: OrderedNode): string {
  return Object.keys(node)[0]!;
}

function convert(
  node: OrderedNode,
  parentScope: ReadonlyMap<string, string>,
  depth: number,
  limits: XmlLimits,
  counter: { elements: number },
): ParsedElement {
  const qualifiedName = tagOf(node);
  if (depth > limits.maxDepth)
    throw new CstaDecodeError('too-deep', `element nesting exceeds ${limits.maxDepth}`);
  counter.elements += 1;
  if (counter.elements > limits.maxElements) {
    throw new CstaDecodeError('too-many-elements', `more than ${limits.maxElements} elements`);
  }
  const attributes: XmlAttribute[] = [];
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  let scope: Map<string, string> | undefined;
  for (const [name, raw] of Object.entries(rawAttributes)) {
    const value = resolve(String(raw));
    attributes.push({ name, value });
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      const prefix = name.slice(6); // `xmlns` declares the default namespace, prefix ''
      // Namespaces in XML 1.0 §3: `xmlns` must not be declared; `xml` is bound to its namespace only.
      if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NAMESPACE)) {
        throw new CstaDecodeError('malformed', `${name}="${value}" is a reserved namespace binding`, {
          path: qualifiedName,
        });
      }
      scope ??= new Map(parentScope);
      scope.set(prefix, value);
    }
  }
  const inScope = scope ?? parentScope;
  for (const name of [qualifiedName, ...attributes.map((attribute) => attribute.name)]) {
    // Namespaces in XML 1.0 §4: element and attribute names are QNames (Prefix ':' LocalPart, both
    // non-empty NCNames, one colon at most); §3: `xmlns:` needs a prefix. XML 1.0 alone allows
    // `a:` or `xmlns:`; a namespace-aware reader (and the lab's encoder) does not.
    // Each part must be an NCName too (xml-names.ts): `lcs:00A` is refused (found by the CI run's
    // mutated-document property, seed 1568935133: it decoded but could not be written again).
    if (!QNAME.test(name)) {
      throw new CstaDecodeError('malformed', `'${name}' is not a QName`, { path: qualifiedName });
    }
    const prefix = prefixOf(name);
    if (prefix !== '' && prefix !== 'xmlns' && !inScope.has(prefix)) {
      throw new CstaDecodeError('malformed', `namespace prefix '${prefix}' is not declared`, {
        path: qualifiedName,
      });
    }
  }
  const namespace = inScope.get(prefixOf(qualifiedName));
  const children: (ParsedElement | string)[] = [];
  for (const child of node[qualifiedName] as OrderedNode[]) {
    if ('#text' in child) {
      appendText(children, resolve(String(child['#text'])));
    } else if ('#cdata' in child) {
      // A CDATA section is `{ '#cdata': [{ '#text': content }] }`, empty content included.
      for (const part of child['#cdata'] as OrderedNode[]) appendText(children, String(part['#text']));
    } else {
      children.push(convert(child, inScope, depth + 1, limits, counter));
    }
  }
  return {
    qualifiedName,
    localName: localName(qualifiedName),
    namespace: namespace === '' ? undefined : namespace,
    attributes,
    children,
    scope: inScope,
  };
}

function appendText(children: (ParsedElement | string)[], text: string): void {
  if (text === '') return;
  const last = children.length - 1;
  if (typeof children[last] === 'string') children[last] = children[last] + text;
  else children.push(text);
}

function resolve(raw: string): string {
  try {
    return resolveReferences(raw);
  } catch (error) {
    // resolveReferences throws nothing but XmlReferenceError.
    throw new CstaDecodeError('malformed', (error as XmlReferenceError).message);
  }
}
