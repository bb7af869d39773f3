/**
 * The console of `ctilab serve cme|cucm|acd --console` (and the admin endpoint that shares it):
 * commands run one at a time, in order, and each non-blank line of standard input is answered by
 * one JSON line on standard output. Its own module, importing nothing, so a serve command loads
 * only what it needs (a fast start, issue 13).
 */

/** Commands from the console and the admin endpoint alike, one at a time, answered in order. */
export function serialCommands<A>(run: (line: string) => Promise<A>): {
  run: (line: string) => Promise<A>;
  /** Resolves when every command given so far is answered (or failed). */
  drained: () => Promise<void>;
} {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run: (line) => {
      const answer = queue.then(() => run(line));
      queue = answer.catch(() => undefined);
      return answer;
    },
    drained: async () => {
      await queue;
    },
  };
}

/** Standard input read a command a line; close() stops reading. */
export interface ConsoleInput {
  close(): void;
}

/**
 * `--console`: loads node:readline (call it before the ready line, so the line comes only once the
 * console is ready); `listen` then answers each non-blank line of standard input (every line with
 * `answerBlank`) with the JSON line of what `answer` gives. A command that throws is answered as
 * refused (`failed: ...`): an unhandled rejection would end the node. CR LF is one line end however
 * the two bytes arrive (crlfDelay).
 */
export async function loadConsole(): Promise<{
  listen(answer: (line: string) => Promise<unknown>, opts?: { answerBlank?: boolean }): ConsoleInput;
}> {
  const readline = await import('node:readline');
  return {
    listen(answer, opts = {}) {
      const input = readline.createInterface({
        input: process.stdin,
        terminal: false,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      input.on('line', (line) => {
        if (line.trim() === '' && opts.answerBlank !== true) return;
        void answer(line)
          .catch((e: unknown) => ({
            command: line.trim(),
            ok: false,
            error: `failed: ${(e as Error)?.message ?? e}`,
          }))
          .then((reply) => process.stdout.write(`${JSON.stringify(reply)}\n`));
      });
      return input;
    },
  };
}
