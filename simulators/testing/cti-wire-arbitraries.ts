/**
 * fast-check arbitraries of every GED-188 message of the CTI Server codec, in every protocol
 * version, generated from the catalogue (`cti-server/message-catalogue.ts`): fixed fields over
 * their type's whole range, every allowed floating field present or not (required ones always,
 * repeating ones 0-2 times), in any order. Values are in the form decode produces.
 */
import fc from 'fast-check';
import { type FieldValue, integerRange, NAMED_NAME_MAX, NAMED_VALUE_MAX } from '../cti-server/field-types.ts';
import type { FloatingTagDef } from '../cti-server/floating-tags.ts';
import type { MessageDef } from '../cti-server/message-catalogue.ts';
import { type CtiMessage, type FloatingField, fixedLayout } from '../cti-server/message-codec.ts';

const latin1Char = fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c));
/** A STRING value whose size `max` counts the NUL. */
const cstr = (min: number, max: number) =>
  fc.string({ unit: latin1Char, minLength: min, maxLength: max - 1 });

function integer(type: Parameters<typeof integerRange>[0]): fc.Arbitrary<number> {
  const [min, max] = integerRange(type);
  return fc.oneof(fc.constantFrom(min, max, 0), fc.integer({ min, max }));
}

/** A value of floating field `tag`. */
export function floatingValueArbitrary(tag: FloatingTagDef): fc.Arbitrary<FieldValue> {
  switch (tag.type) {
    case 'BOOL':
      return fc.boolean();
    case 'STRING':
      return cstr(0, tag.maxSize);
    case 'UNSPEC':
      return fc.uint8Array({ maxLength: tag.maxSize });
    case 'NAMEDVAR':
      return fc.record(
        { name: cstr(1, NAMED_NAME_MAX), value: cstr(0, NAMED_VALUE_MAX) },
        { noNullPrototype: true },
      );
    case 'NAMEDARRAY':
      return fc.record(
        { index: integer('UCHAR'), name: cstr(1, NAMED_NAME_MAX), value: cstr(0, NAMED_VALUE_MAX) },
        { noNullPrototype: true },
      );
    default:
      return integer(tag.type);
  }
}

function fixedArbitrary(def: MessageDef, version: number): fc.Arbitrary<Record<string, number | boolean>> {
  const model: Record<string, fc.Arbitrary<number | boolean>> = {};
  for (const f of fixedLayout(def, version))
    model[f.name] = f.type === 'BOOL' ? fc.boolean() : integer(f.type);
  return fc.record(model, { noNullPrototype: true });
}

function floatingArbitrary(def: MessageDef, version: number): fc.Arbitrary<FloatingField[]> {
  const perRule = def.floating
    .filter((r) => r.tag.since <= version)
    .map((r) => {
      const one = floatingValueArbitrary(r.tag).map((value): FloatingField => ({ name: r.tag.name, value }));
      const min = r.required ? 1 : 0;
      return fc.array(one, { minLength: min, maxLength: r.repeats ? 2 : 1 });
    });
  return fc
    .tuple(...perRule)
    .map((groups) => groups.flat())
    .chain((fields) => fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }));
}

/** Any message of `def` as the codec decodes it in `version`. */
export function ctiMessageArbitrary(def: MessageDef, version: number): fc.Arbitrary<CtiMessage> {
  return fc
    .tuple(fixedArbitrary(def, version), floatingArbitrary(def, version))
    .map(([fixed, floating]) => ({ type: def.id, name: def.name, fixed, floating }));
}
