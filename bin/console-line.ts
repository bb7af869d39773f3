/**
 * The bound on one console line of `serve cme|cucm|acd --console` (and a command of the admin
 * endpoint, cucm-admin-server.ts): 4096 bytes of UTF-8. A longer line is refused with one short
 * answer that quotes its start only, so a 200 KB line is not echoed back.
 */
export const MAX_CONSOLE_LINE_BYTES = 4096;

/** How much of a refused oversize line the answer quotes. */
const QUOTED_CHARS = 64;

/** The refusal of a line longer than {@link MAX_CONSOLE_LINE_BYTES}, or undefined when it fits. */
export function oversizeLine(line: string): { command: string; ok: false; error: string } | undefined {
  // Quick bound first: a string of n UTF-16 units is at most 3n bytes of UTF-8.
  if (line.length * 3 <= MAX_CONSOLE_LINE_BYTES) return undefined;
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes <= MAX_CONSOLE_LINE_BYTES) return undefined;
  return {
    command: `${line.trim().slice(0, QUOTED_CHARS)}…`,
    ok: false,
    error: `line too long: ${bytes} bytes (a console line is at most ${MAX_CONSOLE_LINE_BYTES} bytes)`,
  };
}
