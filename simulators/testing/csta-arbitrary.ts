import fc from 'fast-check';
import type { CstaEdition } from '../csta/csta-namespaces.ts';
import { editionAtLeast } from '../csta/csta-namespaces.ts';
import type { CstaMessageType } from '../csta/csta-schema.ts';
import { CSTA_MESSAGES } from '../csta/csta-schema.ts';
import type { ValueSpec } from '../csta/csta-schema-kinds.ts';
import type { CstaMessage } from '../csta/csta-types.ts';
import type { XmlElement, XmlNode } from '../csta/xml-node.ts';

/**
 * fast-check arbitraries for every modelled message, derived from the schema tables, for the
 * codec's property tests and for fuzzers that need valid CSTA traffic. Strings come from the
 * alphabets real traffic uses (leading zeros, `+`, tel:/sip: URIs) plus XML's special characters.
 */

const extension = fc.stringMatching(/^[0-9]{1,6}$/);

/** Device identifiers in the forms seen in the wild (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c)). */
export const deviceIdArbitrary: fc.Arbitrary<string> = fc.oneof(
  extension,
  fc.stringMatching(/^0[0-9]{1,8}$/),
  fc.stringMatching(/^\+[1-9][0-9]{6,14}$/),
  extension.map((n) => `tel:${n};phone-context=dialstring`),
  fc.stringMatching(/^\+[1-9][0-9]{6,14}$/).map((n) => `tel:${n}`),
  fc.tuple(extension, fc.domain()).map(([n, host]) => `sip:${n}@${host}`),
);

const TEXT_ALPHABET = [...'0123456789+*#abcxyzABC _-:;=@./&<>"\'\t\n\r'];
const textArbitrary = fc.string({ unit: fc.constantFrom(...TEXT_ALPHABET), maxLength: 24 });
const stringArbitrary = fc.oneof(deviceIdArbitrary, textArbitrary);
const ncName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,11}$/);

/** Canonical opaque XML (xml-node.ts): no whitespace-only or adjacent text runs. */
const opaqueText = textArbitrary.filter((t) => t.trim() !== '');
const opaqueElement: fc.Arbitrary<XmlElement> = fc.letrec<{ element: XmlElement }>((tie) => ({
  element: fc
    .record({
      prefixed: fc.boolean(),
      local: ncName,
      attributes: fc.uniqueArray(
        fc.record({ name: ncName, value: textArbitrary }, { noNullPrototype: true }),
        {
          selector: (a) => a.name,
          maxLength: 2,
        },
      ),
      children: fc.array(fc.oneof({ depthSize: 'small' }, opaqueText, tie('element')), { maxLength: 3 }),
    })
    .map(({ prefixed, local, attributes, children }) => ({
      name: prefixed ? `lcs:${local}` : local,
      attributes: prefixed
        ? [...attributes.filter((a) => a.name !== 'xmlns'), { name: 'xmlns:lcs', value: 'urn:example:rcc' }]
        : attributes,
      children: mergeText(children),
    })),
})).element;

function mergeText(children: readonly XmlNode[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of children) {
    const last = out[out.length - 1];
    if (typeof child === 'string' && typeof last === 'string') out[out.length - 1] = last + child;
    else out.push(child);
  }
  return out;
}

export function valueArbitrary(spec: ValueSpec, edition: CstaEdition): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'string':
    case 'deviceOrList':
      return stringArbitrary;
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(
        fc.integer({ min: 0, max: 600 }),
        fc.maxSafeInteger(),
        fc.integer({ min: -1000, max: -1 }),
      );
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'empty':
      return fc.constant(true);
    case 'struct': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [name, field] of Object.entries(spec.fields)) {
        if ('ignored' in field) continue;
        if (field.since && !editionAtLeast(edition, field.since)) continue;
        model[name] = valueArbitrary(field.value, edition);
        if (field.required) requiredKeys.push(name);
      }
      const record = fc.record(model, { requiredKeys, noNullPrototype: true });
      return spec.atLeastOne ? record.filter((r) => Object.keys(r).length > 0) : record;
    }
    case 'choice':
      return fc.oneof(
        ...Object.entries(spec.alternatives).map(([name, alternative]) =>
          valueArbitrary(alternative, edition).map((value) => ({ [name]: value })),
        ),
      );
    case 'list':
      return fc.array(valueArbitrary(spec.of, edition), { maxLength: 3 });
    case 'features':
      return fc.array(
        fc.record(
          {
            name: ncName,
            features: fc.array(
              fc.record({ name: ncName, supported: fc.boolean() }, { noNullPrototype: true }),
              { maxLength: 4 },
            ),
          },
          { noNullPrototype: true },
        ),
        { maxLength: 3 },
      );
    case 'xml':
      return fc.array(fc.oneof(opaqueElement, opaqueText), { maxLength: 2 }).map(mergeText);
  }
}

/** Arbitrary messages of one type, valid for `edition`. */
export function messageArbitrary(type: CstaMessageType, edition: CstaEdition): fc.Arbitrary<CstaMessage> {
  return valueArbitrary(CSTA_MESSAGES[type], edition).map(
    (body) => ({ type, ...(body as object) }) as CstaMessage,
  );
}
