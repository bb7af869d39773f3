/**
 * The upper tester (ETSI conformance testing terms: the test component that stimulates the
 * implementation from above, through its application interface): the client PIXIT declares per
 * action a shell command or an HTTP request; `{name}` placeholders take the action's arguments
 * (`make-call` with {from} {to}, `answer` with {device}, `set-agent-state` with {agent} {state}, ...).
 */
export interface UpperTesterResult {
  readonly ok: boolean;
  /** What happened: the exit code and stderr tail, or the HTTP status; the reason on failure. */
  readonly detail: string;
}

export interface UpperTester {
  /** True when the PIXIT declares how to perform `action`. */
  supports(action: string): boolean;
  perform(action: string, args: Readonly<Record<string, string>>): Promise<UpperTesterResult>;
}

/** No upper tester: every action is unsupported (rules that need one are graded inconc). */
export const noUpperTester: UpperTester = {
  supports: () => false,
  perform: async (action) => ({ ok: false, detail: `no upper tester declares '${action}'` }),
};
