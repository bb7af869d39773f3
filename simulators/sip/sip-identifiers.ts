import { randomBytes, randomUUID } from 'node:crypto';

/** A From/To tag (RFC 3261 §19.3: random, at least 32 bits; we use 48). */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

/** 64 random bits drawn once per process: what makes this process's branches unique across space. */
const BRANCH_PREFIX = randomBytes(8).toString('hex');
let branchCount = 0;

/**
 * A branch (RFC 3261 §8.1.1.7: begins with the magic cookie z9hG4bK and is unique across space
 * and time for every request the UA sends): the cookie, 64 random bits drawn once per process,
 * then a per-process counter in base 36. Drawing 64 bits from the CSPRNG per request instead took
 * 6% of the CME's busy time in bench:call-events (issue 13); the RFC asks for uniqueness, not
 * unpredictability.
 */
export function newBranch(): string {
  branchCount = branchCount >= Number.MAX_SAFE_INTEGER ? 1 : branchCount + 1;
  return `z9hG4bK${BRANCH_PREFIX}${branchCount.toString(36)}`;
}

/** A Call-ID (RFC 3261 §8.1.1.4): globally unique, `random@host`. */
export function newCallId(host: string): string {
  return `${randomUUID()}@${host}`;
}
