import { applyDnTemplates } from './ios-config-ephone-dn-template.ts';
import { parseDraft } from './ios-config-parser.ts';
import { deriveRelations } from './ios-config-relations.ts';
import type { IosConfig } from './ios-config-types.ts';
import { type ValidationOptions, validateConfig } from './ios-config-validate.ts';

export type { ButtonKind, EphoneButton } from './ephone-button.ts';
export { buttonSeparators, maxOverlayDns, parseButtonTokens } from './ephone-button.ts';
export { IosConfigError, type IosConfigErrorCode } from './ios-config-error.ts';
export { dnByNumber, ephoneByDeviceName } from './ios-config-relations.ts';
export type * from './ios-config-types.ts';
export type { ValidationOptions as IosConfigOptions } from './ios-config-validate.ts';

/**
 * Parses a Cisco IOS running-config (indented, or flattened as in CME CSTA guide's examples) into the
 * model the CME node works from. Commands the lab does not model are kept in `unmodelled`; a
 * malformed modelled command, or a config that breaks a CME rule (see ios-config-validate.ts),
 * throws `IosConfigError` naming the line. Any other input is never an exception.
 */
export function parseIosConfig(text: string, options: ValidationOptions = {}): IosConfig {
  const { draft, raw } = parseDraft(text);
  validateConfig(draft, raw, options);
  applyDnTemplates(draft.ephoneDns, draft.ephoneDnTemplates);
  return { ...draft, relations: deriveRelations(draft) };
}
