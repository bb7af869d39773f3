import type { CstaEdition } from './csta-namespaces.ts';
import type { XmlNode } from './xml-node.ts';

/**
 * The building blocks of the codec's schema tables (csta-schema.ts). A table row is an element's
 * children in xsd:sequence order (the ECMA-323 schema (ed3/ed6 element order)); the message types are inferred
 * from the same rows (`Infer`), so the types, encoder, decoder and test arbitraries cannot drift.
 */
export type ValueSpec =
  /** xsd:string or DeviceID: the element's text, kept exactly (attributes such as typeOfNumber are ignored). */
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  /** xsd:long / integer / short, as a JS safe integer. */
  | { readonly kind: 'integer' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** An element with no content (`<notKnown/>`), present = true. */
  | { readonly kind: 'empty' }
  | StructSpec
  /** Exactly one of the named child elements. */
  | { readonly kind: 'choice'; readonly alternatives: Readonly<Record<string, ValueSpec>> }
  /** A wrapper element holding zero or more `item` elements. */
  | { readonly kind: 'list'; readonly item: string; readonly of: ValueSpec }
  /**
   * One DeviceID written as text, or (from `listSince`) as a list holding one `item` element
   * (DeflectCall `newDestination`: ed6 has `list of DeviceID (each item element <device>)`).
   */
  | { readonly kind: 'deviceOrList'; readonly item: string; readonly listSince: CstaEdition }
  /** GetCSTAFeaturesResponse supportedServices / supportedEvents: groups of boolean flags. */
  | { readonly kind: 'features' }
  /** Opaque content (extensions): kept as an XmlNode tree. */
  | { readonly kind: 'xml' };

export interface StructSpec {
  readonly kind: 'struct';
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** At least one of the (optional) fields must be present (ConnectionID: callID and/or deviceID). */
  readonly atLeastOne?: boolean;
}

export type FieldSpec =
  | { readonly value: ValueSpec; readonly required: boolean; readonly since?: CstaEdition }
  /** A child the schema defines but the codec does not model: accepted in place and dropped. */
  | { readonly ignored: true; readonly required?: undefined; readonly since?: undefined };

/** One group of GetCSTAFeaturesResponse flags, e.g. `callControlServices` with `makeCall` = true. */
export interface CstaFeatureGroup {
  readonly name: string;
  readonly features: readonly { readonly name: string; readonly supported: boolean }[];
}

export const TEXT = { kind: 'string' } as const;
export const BOOLEAN = { kind: 'boolean' } as const;
export const INTEGER = { kind: 'integer' } as const;
export const EMPTY = { kind: 'empty' } as const;
export const FEATURES = { kind: 'features' } as const;
export const OPAQUE_XML = { kind: 'xml' } as const;
export const IGNORED = { ignored: true } as const;

export function enumeration<const V extends readonly string[]>(values: V) {
  return { kind: 'enum', values } as const;
}

export function struct<const F extends Readonly<Record<string, FieldSpec>>>(fields: F) {
  return { kind: 'struct', fields } as const;
}

export function choice<const A extends Readonly<Record<string, ValueSpec>>>(alternatives: A) {
  return { kind: 'choice', alternatives } as const;
}

export function list<const S extends ValueSpec>(item: string, of: S) {
  return { kind: 'list', item, of } as const;
}

export function req<const S extends ValueSpec>(value: S) {
  return { value, required: true } as const;
}

export function opt<const S extends ValueSpec>(value: S) {
  return { value, required: false } as const;
}

/** An optional child that exists only from edition `since` on (MakeCall `reason`: ed4). */
export function optSince<const S extends ValueSpec, const E extends CstaEdition>(value: S, since: E) {
  return { value, required: false, since } as const;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RequiredKeys<F> = { [K in keyof F]: F[K] extends { readonly required: true } ? K : never }[keyof F];
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { readonly required: false } ? K : never }[keyof F];
type FieldValue<F> = F extends { readonly value: infer V } ? Infer<V> : never;

export type InferFields<F> = Simplify<
  { readonly [K in RequiredKeys<F>]: FieldValue<F[K]> } & {
    readonly [K in OptionalKeys<F>]?: FieldValue<F[K]>;
  }
>;

/** The TypeScript value type of a ValueSpec. */
export type Infer<S> = S extends { readonly kind: 'string' }
  ? string
  : S extends { readonly kind: 'boolean' }
    ? boolean
    : S extends { readonly kind: 'integer' }
      ? number
      : S extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] }
        ? V
        : S extends { readonly kind: 'empty' }
          ? true
          : S extends { readonly kind: 'struct'; readonly fields: infer F }
            ? InferFields<F>
            : S extends { readonly kind: 'choice'; readonly alternatives: infer A }
              ? { [K in keyof A]: { readonly [P in K]: Infer<A[K]> } }[keyof A]
              : S extends { readonly kind: 'list'; readonly of: infer I }
                ? readonly Infer<I>[]
                : S extends { readonly kind: 'deviceOrList' }
                  ? string
                  : S extends { readonly kind: 'features' }
                    ? readonly CstaFeatureGroup[]
                    : S extends { readonly kind: 'xml' }
                      ? readonly XmlNode[]
                      : never;
