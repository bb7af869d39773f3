import type { CstaDecodeFailure } from './csta-decode-error.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import type { CstaEdition, CstaNamespace } from './csta-namespaces.ts';
import { editionAtLeast, editionOf } from './csta-namespaces.ts';
import { CSTA_MESSAGES, isCstaMessageType } from './csta-schema.ts';
import type { CstaFeatureGroup, StructSpec, ValueSpec } from './csta-schema-kinds.ts';
import type { CstaMessage } from './csta-types.ts';
import type { ParsedElement, XmlLimits } from './safe-xml-parse.ts';
import { DEFAULT_XML_LIMITS, parseXmlSafely } from './safe-xml-parse.ts';
import type { XmlAttribute, XmlElement, XmlNode } from './xml-node.ts';
import { prefixOf } from './xml-node.ts';

export interface CstaDecodeOptions {
  /** Overrides of DEFAULT_XML_LIMITS (64 KiB, depth 32, 4096 elements). */
  readonly limits?: Partial<XmlLimits>;
}

export interface DecodedCsta {
  /** The request's namespace: answer in it (DESIGN §6). */
  readonly namespace: CstaNamespace;
  readonly edition: CstaEdition;
  readonly message: CstaMessage;
  /** Paths of schema children that were present but are not modelled (accepted and dropped). */
  readonly ignored: readonly string[];
}

interface Context {
  readonly namespace: CstaNamespace;
  readonly edition: CstaEdition;
  readonly messageType: string;
  readonly ignored: string[];
}

/**
 * Decodes one ECMA-323 document (a TR/87 INVITE/INFO body). Throws only CstaDecodeError, whose
 * `errorCode` is the CSTAErrorCode to answer with. Children are checked strictly against the
 * schema order of csta-schema.ts (other TR/87 implementations (pidgin-sipe, pyssimist, Ratcow.Csta): strict or lenient must be a
 * recorded decision — strict here, so a client sending out-of-order children gets a CSTA error and
 * a conformance verdict can name it); content of `extensions` is not checked and kept opaque.
 */
export function decodeCsta(input: string | Uint8Array, options: CstaDecodeOptions = {}): DecodedCsta {
  const limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const root = parseXmlSafely(input, limits);
  const messageType = root.localName;
  if (root.namespace === undefined) {
    throw new CstaDecodeError('unknown-namespace', `<${root.qualifiedName}> has no namespace`, {
      messageType,
    });
  }
  const edition = editionOf(root.namespace);
  if (edition === undefined) {
    throw new CstaDecodeError('unknown-namespace', `'${root.namespace}' is not an ECMA-323 namespace`, {
      messageType,
    });
  }
  const namespace = root.namespace as CstaNamespace;
  if (!isCstaMessageType(messageType)) {
    throw new CstaDecodeError('unknown-message', `<${messageType}> is not a supported CSTA message`, {
      namespace,
      messageType,
      path: messageType,
    });
  }
  const context: Context = { namespace, edition, messageType, ignored: [] };
  const body = decodeValue(CSTA_MESSAGES[messageType], root, messageType, context) as object;
  const message = { type: messageType, ...body } as CstaMessage;
  return { namespace, edition, message, ignored: context.ignored };
}

function fail(reason: CstaDecodeFailure, message: string, path: string, context: Context): never {
  throw new CstaDecodeError(reason, message, {
    namespace: context.namespace,
    messageType: context.messageType,
    path,
  });
}

function decodeValue(spec: ValueSpec, element: ParsedElement, path: string, context: Context): unknown {
  switch (spec.kind) {
    case 'string':
      return textOf(element, path, context);
    case 'boolean': {
      const value = textOf(element, path, context).trim();
      // xsd:boolean lexical space: true, false, 1, 0.
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      return fail('invalid-value', `'${value}' is not a boolean`, path, context);
    }
    case 'integer': {
      const value = textOf(element, path, context).trim();
      if (!/^[+-]?[0-9]+$/.test(value)) fail('invalid-value', `'${value}' is not an integer`, path, context);
      const number = Number(value);
      if (!Number.isSafeInteger(number)) fail('out-of-range', `${value} is out of range`, path, context);
      return number === 0 ? 0 : number;
    }
    case 'enum': {
      const value = textOf(element, path, context).trim();
      if (!spec.values.includes(value))
        fail('out-of-range', `'${value}' is not a valid value`, path, context);
      return value;
    }
    case 'empty':
      if (elementChildren(element, path, context).length > 0) {
        fail('unknown-element', 'element must be empty', path, context);
      }
      return true;
    case 'struct':
      return decodeStruct(spec, element, path, context);
    case 'choice': {
      const children = elementChildren(element, path, context);
      const [first, second] = children;
      if (first === undefined)
        return fail('missing-element', 'one choice element is required', path, context);
      if (second !== undefined) {
        return fail(
          'duplicate-element',
          `only one of ${Object.keys(spec.alternatives).join('|')}`,
          path,
          context,
        );
      }
      const alternative = ownValue(spec.alternatives, first.localName);
      if (alternative === undefined) {
        return fail(
          'unknown-element',
          `unexpected <${first.localName}>`,
          `${path}/${first.localName}`,
          context,
        );
      }
      return { [first.localName]: decodeValue(alternative, first, `${path}/${first.localName}`, context) };
    }
    case 'list':
      return elementChildren(element, path, context).map((child, index) => {
        const childPath = `${path}/${child.localName}[${index}]`;
        if (child.localName !== spec.item)
          fail('unknown-element', `expected <${spec.item}>`, childPath, context);
        return decodeValue(spec.of, child, childPath, context);
      });
    case 'deviceOrList': {
      if (element.children.every((child) => typeof child === 'string')) return textOf(element, path, context);
      const items = elementChildren(element, path, context);
      for (const item of items) {
        if (item.localName !== spec.item) {
          fail('unknown-element', `expected <${spec.item}>`, `${path}/${item.localName}`, context);
        }
      }
      if (items.length > 1) fail('unsupported-value', 'only one destination is supported', path, context);
      return textOf(items[0]!, `${path}/${spec.item}`, context);
    }
    case 'features':
      return decodeFeatures(element, path, context);
    case 'xml':
      return element.children.flatMap((child) => opaqueFragment(child));
  }
}

function decodeStruct(spec: StructSpec, element: ParsedElement, path: string, context: Context): object {
  const names = Object.keys(spec.fields);
  const result: Record<string, unknown> = {};
  const seen = new Set<number>();
  let cursor = 0;
  for (const child of elementChildren(element, path, context)) {
    const childPath = `${path}/${child.localName}`;
    const index = names.indexOf(child.localName);
    const field = index < 0 ? undefined : spec.fields[child.localName];
    if (field === undefined || (field.since && !editionAtLeast(context.edition, field.since))) {
      fail(
        'unknown-element',
        `<${child.localName}> is not a child of <${element.localName}>`,
        childPath,
        context,
      );
    }
    if (seen.has(index)) fail('duplicate-element', `<${child.localName}> appears twice`, childPath, context);
    if (index < cursor) {
      fail(
        'out-of-order',
        `<${child.localName}> must come before <${names[cursor - 1]}>`,
        childPath,
        context,
      );
    }
    seen.add(index);
    cursor = index + 1;
    if ('ignored' in field) {
      context.ignored.push(childPath);
      continue;
    }
    result[child.localName] = decodeValue(field.value, child, childPath, context);
  }
  names.forEach((name, index) => {
    const field = spec.fields[name]!;
    if ('required' in field && field.required && !seen.has(index)) {
      fail('missing-element', `mandatory <${name}> is missing`, `${path}/${name}`, context);
    }
  });
  if (spec.atLeastOne && Object.keys(result).length === 0) {
    fail('missing-conditional', `one of ${names.join(', ')} is required`, path, context);
  }
  return result;
}

/** Element children in the message's namespace; non-whitespace text here is an error. */
function elementChildren(element: ParsedElement, path: string, context: Context): ParsedElement[] {
  const out: ParsedElement[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') fail('unexpected-text', 'text is not allowed here', path, context);
      continue;
    }
    if (child.namespace !== context.namespace) {
      fail(
        'unknown-element',
        `<${child.qualifiedName}> is not in the CSTA namespace`,
        `${path}/${child.localName}`,
        context,
      );
    }
    out.push(child);
  }
  return out;
}

function textOf(element: ParsedElement, path: string, context: Context): string {
  let text = '';
  for (const child of element.children) {
    if (typeof child !== 'string') {
      fail(
        'unknown-element',
        `<${child.localName}> is not allowed in a simple value`,
        `${path}/${child.localName}`,
        context,
      );
    }
    text += child;
  }
  return text;
}

function decodeFeatures(element: ParsedElement, path: string, context: Context): CstaFeatureGroup[] {
  return elementChildren(element, path, context).map((group) => {
    const groupPath = `${path}/${group.localName}`;
    return {
      name: group.localName,
      features: elementChildren(group, groupPath, context).map((feature) => ({
        name: feature.localName,
        supported: decodeValue(
          { kind: 'boolean' },
          feature,
          `${groupPath}/${feature.localName}`,
          context,
        ) as boolean,
      })),
    };
  });
}

function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * An opaque fragment in canonical form (xml-node.ts). Prefixes used inside the fragment but bound
 * on an ancestor outside it (e.g. `xmlns:lcs` on the root) are declared on the fragment's top
 * element, so the fragment means the same thing wherever it is written again.
 */
function opaqueFragment(node: ParsedElement | string): XmlNode[] {
  if (typeof node === 'string') return node.trim() === '' ? [] : [node];
  const needed = new Set<string>();
  const element = toOpaque(node, new Set(), needed);
  const extra: XmlAttribute[] = [];
  for (const prefix of needed) {
    const uri = node.scope.get(prefix);
    if (uri !== undefined && prefix !== 'xml') extra.push({ name: `xmlns:${prefix}`, value: uri });
  }
  return [{ ...element, attributes: [...element.attributes, ...extra] }];
}

function toOpaque(
  element: ParsedElement,
  declaredAbove: ReadonlySet<string>,
  needed: Set<string>,
): XmlElement {
  const declared = new Set(declaredAbove);
  for (const attribute of element.attributes) {
    if (attribute.name.startsWith('xmlns:')) declared.add(attribute.name.slice(6));
  }
  const use = (qualifiedName: string): void => {
    const prefix = prefixOf(qualifiedName);
    // (`xmlns:` attributes name prefix `xmlns`, which is never bound in scope: safe-xml-parse.ts.)
    if (prefix !== '' && !declared.has(prefix)) needed.add(prefix);
  };
  use(element.qualifiedName);
  for (const attribute of element.attributes) use(attribute.name);
  const children: XmlNode[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') children.push(child);
    } else {
      children.push(toOpaque(child, declared, needed));
    }
  }
  return { name: element.qualifiedName, attributes: element.attributes, children };
}
