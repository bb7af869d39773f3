import { CstaEncodeError } from './csta-encode-error.ts';
import type { CSTAErrorCode } from './csta-error-code.ts';
import type { CstaEdition } from './csta-namespaces.ts';
import { editionAtLeast, editionOf } from './csta-namespaces.ts';
import { CSTA_MESSAGES, isCstaMessageType } from './csta-schema.ts';
import type { StructSpec, ValueSpec } from './csta-schema-kinds.ts';
import type { CstaMessage } from './csta-types.ts';
import { QNAME } from './xml-names.ts';
import type { XmlNode } from './xml-node.ts';
import { escapeXml, escapeXmlText, firstNonXmlChar } from './xml-text.ts';

export interface CstaEncodeOptions {
  /** The namespace to write (the request's namespace when answering: DESIGN §6). */
  readonly namespace: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/**
 * Writes a message as an ECMA-323 document: XML declaration, root element named after the
 * message with `xmlns` = the edition's namespace, children in schema order, optional children only
 * when present. Throws CstaEncodeError for a message the schema does not allow.
 */
export function encodeCsta(message: CstaMessage, options: CstaEncodeOptions): string {
  const edition = editionOf(options.namespace);
  if (edition === undefined)
    throw new CstaEncodeError(`'${options.namespace}' is not an ECMA-323 namespace`, '/');
  const { type, ...body } = message as { type: string } & Record<string, unknown>;
  if (typeof type !== 'string' || !isCstaMessageType(type)) {
    throw new CstaEncodeError(`'${String(type)}' is not a supported CSTA message`, '/');
  }
  const content = encodeValue(CSTA_MESSAGES[type], body, type, edition);
  const open = `${type} xmlns="${escapeXml(options.namespace)}"`;
  return XML_DECLARATION + (content === '' ? `<${open}/>` : `<${open}>${content}</${type}>`);
}

/** The negative response: `<CSTAErrorCode xmlns="..."><operation>...</operation></CSTAErrorCode>`. */
export function encodeCstaError(code: CSTAErrorCode, options: CstaEncodeOptions): string {
  return encodeCsta({ type: 'CSTAErrorCode', ...code } as CstaMessage, options);
}

function element(name: string, content: string): string {
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new CstaEncodeError('expected a string', path);
  const bad = firstNonXmlChar(value);
  if (bad !== undefined) throw new CstaEncodeError(`U+${bad.toString(16)} cannot be carried in XML`, path);
  return escapeXmlText(value);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CstaEncodeError('expected an object', path);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new CstaEncodeError('expected an array', path);
  return value;
}

function encodeValue(spec: ValueSpec, value: unknown, path: string, edition: CstaEdition): string {
  switch (spec.kind) {
    case 'string':
      return text(value, path);
    case 'boolean':
      if (typeof value !== 'boolean') throw new CstaEncodeError('expected a boolean', path);
      return value ? 'true' : 'false';
    case 'integer':
      if (!Number.isSafeInteger(value)) throw new CstaEncodeError('expected a safe integer', path);
      return String(value);
    case 'enum':
      if (!(spec.values as readonly unknown[]).includes(value)) {
        throw new CstaEncodeError(`'${String(value)}' is not a valid value`, path);
      }
      return value as string;
    case 'empty':
      if (value !== true) throw new CstaEncodeError('expected true', path);
      return '';
    case 'struct':
      return encodeStruct(spec, record(value, path), path, edition);
    case 'choice': {
      const entries = Object.entries(record(value, path));
      if (entries.length !== 1) throw new CstaEncodeError('expected exactly one choice', path);
      const [name, inner] = entries[0]!;
      if (!Object.hasOwn(spec.alternatives, name))
        throw new CstaEncodeError(`'${name}' is not a choice here`, path);
      return element(name, encodeValue(spec.alternatives[name]!, inner, `${path}/${name}`, edition));
    }
    case 'list':
      return array(value, path)
        .map((item, index) => element(spec.item, encodeValue(spec.of, item, `${path}[${index}]`, edition)))
        .join('');
    case 'deviceOrList': {
      const device = text(value, path);
      return editionAtLeast(edition, spec.listSince) ? element(spec.item, device) : device;
    }
    case 'features':
      return array(value, path)
        .map((group, index) => {
          const groupPath = `${path}[${index}]`;
          const { name, features } = record(group, groupPath);
          if (typeof name !== 'string' || !NC_NAME.test(name))
            throw new CstaEncodeError('bad group name', groupPath);
          const flags = array(features, groupPath).map((feature, j) => {
            const flag = record(feature, `${groupPath}[${j}]`);
            if (typeof flag.name !== 'string' || !NC_NAME.test(flag.name)) {
              throw new CstaEncodeError('bad feature name', `${groupPath}[${j}]`);
            }
            return element(
              flag.name,
              encodeValue({ kind: 'boolean' }, flag.supported, `${groupPath}/${flag.name}`, edition),
            );
          });
          return element(name, flags.join(''));
        })
        .join('');
    case 'xml':
      return array(value, path)
        .map((node, index) => serializeNode(node as XmlNode, `${path}[${index}]`))
        .join('');
  }
}

function encodeStruct(
  spec: StructSpec,
  value: Record<string, unknown>,
  path: string,
  edition: CstaEdition,
): string {
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(spec.fields, key)) throw new CstaEncodeError(`'${key}' is not modelled here`, path);
  }
  let out = '';
  for (const [name, field] of Object.entries(spec.fields)) {
    const fieldValue = value[name];
    const fieldPath = `${path}/${name}`;
    if (fieldValue === undefined) {
      if (field.required) throw new CstaEncodeError('mandatory field is missing', fieldPath);
      continue;
    }
    // A child the schema has but the codec does not model cannot be written either.
    if ('ignored' in field) throw new CstaEncodeError(`'${name}' is not modelled here`, path);
    if (field.since && !editionAtLeast(edition, field.since)) {
      throw new CstaEncodeError(`not defined before ${field.since}`, fieldPath);
    }
    out += element(name, encodeValue(field.value, fieldValue, fieldPath, edition));
  }
  // Every present field writes at least `<name/>`, so no output means no field.
  if (spec.atLeastOne && out === '') throw new CstaEncodeError('at least one field is required', path);
  return out;
}

function serializeNode(node: XmlNode, path: string): string {
  if (typeof node === 'string') return text(node, path);
  const { name, attributes, children } = record(node, path) as unknown as {
    name: unknown;
    attributes: unknown;
    children: unknown;
  };
  if (typeof name !== 'string' || !QNAME.test(name)) throw new CstaEncodeError(`bad element name`, path);
  const seen = new Set<string>();
  let open = name;
  for (const attribute of array(attributes, path)) {
    const { name: attributeName, value } = record(attribute, path);
    if (typeof attributeName !== 'string' || !QNAME.test(attributeName) || seen.has(attributeName)) {
      throw new CstaEncodeError(`bad or repeated attribute name`, path);
    }
    seen.add(attributeName);
    text(value, `${path}@${attributeName}`);
    open += ` ${attributeName}="${escapeXml(value as string)}"`;
  }
  const content = array(children, path)
    .map((child, index) => serializeNode(child as XmlNode, `${path}/${name}[${index}]`))
    .join('');
  return content === '' ? `<${open}/>` : `<${open}>${content}</${name}>`;
}
