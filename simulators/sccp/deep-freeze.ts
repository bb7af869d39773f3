/** Freezes `value` and every object reachable from it; primitives come back as they are. */
export function deepFreeze<T>(value: T): T {
  // Primitives, null and undefined count as frozen (Object.isFrozen): only objects are walked.
  if (Object.isFrozen(value)) return value;
  for (const v of Object.values(value as object)) deepFreeze(v);
  return Object.freeze(value);
}
