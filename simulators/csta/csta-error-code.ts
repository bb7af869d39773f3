import {
  OPERATION_ERRORS,
  PERFORMANCE_MANAGEMENT_ERRORS,
  PRIVATE_DATA_INFO_ERRORS,
  SECURITY_ERRORS,
  STATE_INCOMPATIBILITY_ERRORS,
  SUBSCRIBED_RESOURCE_AVAILABILITY_ERRORS,
  SYSTEM_RESOURCE_AVAILABILITY_ERRORS,
} from './csta-enums.ts';
import type { Infer } from './csta-schema-kinds.ts';
import { choice, EMPTY, enumeration, TEXT } from './csta-schema-kinds.ts';

/**
 * ECMA-323 `CSTAErrorCode` (the ECMA-323 schema (ed3/ed6 element order) `UniversalFailure`): a choice of exactly
 * one category. Note the schema's spelling `systemResourceAvailibility` (DESIGN §6).
 */
export const CSTA_ERROR_CODE_SPEC = choice({
  operation: enumeration(OPERATION_ERRORS),
  security: enumeration(SECURITY_ERRORS),
  stateIncompatibility: enumeration(STATE_INCOMPATIBILITY_ERRORS),
  systemResourceAvailibility: enumeration(SYSTEM_RESOURCE_AVAILABILITY_ERRORS),
  subscribedResourceAvailability: enumeration(SUBSCRIBED_RESOURCE_AVAILABILITY_ERRORS),
  performanceManagement: enumeration(PERFORMANCE_MANAGEMENT_ERRORS),
  privateData: enumeration(PRIVATE_DATA_INFO_ERRORS),
  privateErrorCode: TEXT,
  unspecified: EMPTY,
});

/** e.g. `{ operation: 'invalidDeviceID' }` or `{ unspecified: true }`. */
export type CSTAErrorCode = Infer<typeof CSTA_ERROR_CODE_SPEC>;

export type CSTAErrorCategory = keyof typeof CSTA_ERROR_CODE_SPEC.alternatives;

/** The category of an error code (the name of its single child element). */
export function errorCategory(code: CSTAErrorCode): CSTAErrorCategory {
  return Object.keys(code)[0] as CSTAErrorCategory;
}

/** The value inside the category (`true` for `unspecified`). */
export function errorValue(code: CSTAErrorCode): string | true {
  return Object.values(code)[0] as string | true;
}
