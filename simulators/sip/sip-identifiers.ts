import { randomBytes, randomUUID } from 'node:crypto';

/** A From/To tag (RFC 3261 §19.3: random, at least 32 bits; we use 48). */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

/** A branch (RFC 3261 §8.1.1.7): the magic cookie z9hG4bK, then 64 random bits. */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(8).toString('hex')}`;
}

/** A Call-ID (RFC 3261 §8.1.1.4): globally unique, `random@host`. */
export function newCallId(host: string): string {
  return `${randomUUID()}@${host}`;
}
