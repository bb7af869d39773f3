/**
 * The GED-188 (Cisco UCCE CTI Server) wire layer: the public entry point (re-exports). See
 * README.md for what each file holds and where its facts come from.
 */

export * from './dissector-table.ts';
export * from './enums.ts';
export * from './field-types.ts';
export * from './floating-tags.ts';
export * from './frame-reader.ts';
export * from './message-catalogue.ts';
export * from './message-codec.ts';
export * from './protocol-version.ts';
export * from './wire-errors.ts';
