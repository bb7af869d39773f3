/**
 * A message that cannot be written as ECMA-323: a missing mandatory field, a value outside its
 * enumeration, a field the target edition does not have, a character XML cannot carry. This is a
 * fault of the caller (our own node), never of the wire, so it is distinct from CstaDecodeError.
 */
export class CstaEncodeError extends Error {
  override readonly name = 'CstaEncodeError';
  /** Element path of the fault, e.g. `MakeCall/autoOriginate`. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} (at ${path})`);
    this.path = path;
  }
}
