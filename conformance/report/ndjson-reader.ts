/**
 * Reads the Cucumber messages NDJSON (`message:` formatter, one envelope per line) into the few
 * message kinds the rule report needs. Other envelopes are ignored. A line that is not JSON, or
 * a needed message whose fields have the wrong type, is an NdjsonError naming the line.
 */

export interface PickleMessage {
  id: string;
  uri: string;
  name: string;
  tags: string[];
  steps: { id: string; text: string }[];
}

export interface TestCaseMessage {
  id: string;
  pickleId: string;
  testSteps: { id: string; pickleStepId?: string; hookId?: string }[];
}

export interface TestCaseStartedMessage {
  id: string;
  testCaseId: string;
  attempt: number;
}

export interface TestCaseFinishedMessage {
  testCaseStartedId: string;
  willBeRetried: boolean;
}

export interface TestStepFinishedMessage {
  testCaseStartedId: string;
  testStepId: string;
  status: string;
  message?: string;
}

export interface AttachmentMessage {
  testCaseStartedId?: string;
  body: string;
  mediaType: string;
  contentEncoding: string;
}

export interface RunMessages {
  pickles: PickleMessage[];
  testCases: TestCaseMessage[];
  testCasesStarted: TestCaseStartedMessage[];
  testCasesFinished: TestCaseFinishedMessage[];
  testStepsFinished: TestStepFinishedMessage[];
  attachments: AttachmentMessage[];
  /** `implementation` of the meta message, e.g. `cucumber-js 12.9.0`. */
  runner?: string;
  /** testRunStarted timestamp as an ISO date. */
  startedAt?: string;
}

export class NdjsonError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'NdjsonError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Fields {
  constructor(
    private readonly o: Obj,
    private readonly where: string,
    private readonly line: number,
  ) {}
  private fail(key: string, want: string): never {
    throw new NdjsonError(this.line, `${this.where}.${key} is not ${want}`);
  }
  str(key: string): string {
    const v = this.o[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }
  optStr(key: string): string | undefined {
    const v = this.o[key];
    return v === undefined || typeof v === 'string' ? v : this.fail(key, 'a string');
  }
  num(key: string): number {
    const v = this.o[key];
    return typeof v === 'number' ? v : this.fail(key, 'a number');
  }
  bool(key: string): boolean {
    const v = this.o[key];
    return typeof v === 'boolean' ? v : this.fail(key, 'a boolean');
  }
  obj(key: string): Fields {
    const v = this.o[key];
    return isObj(v) ? new Fields(v, `${this.where}.${key}`, this.line) : this.fail(key, 'an object');
  }
  list(key: string): Fields[] {
    const v = this.o[key];
    if (!Array.isArray(v)) return this.fail(key, 'a list');
    return v.map((item, i) =>
      isObj(item)
        ? new Fields(item, `${this.where}.${key}[${i}]`, this.line)
        : this.fail(`${key}[${i}]`, 'an object'),
    );
  }
  has(key: string): boolean {
    return this.o[key] !== undefined;
  }
}

function isoOf(ts: Fields): string | undefined {
  const ms = ts.num('seconds') * 1000 + Math.floor(ts.num('nanos') / 1e6);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Parses the whole NDJSON text; throws NdjsonError on the first unreadable line. */
export function readMessages(text: string): RunMessages {
  const run: RunMessages = {
    pickles: [],
    testCases: [],
    testCasesStarted: [],
    testCasesFinished: [],
    testStepsFinished: [],
    attachments: [],
  };
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new NdjsonError(line, `not JSON (${(e as Error).message})`);
    }
    if (!isObj(parsed)) throw new NdjsonError(line, 'not a message envelope (JSON object)');
    const env = new Fields(parsed, 'envelope', line);
    if (env.has('pickle')) {
      const p = env.obj('pickle');
      run.pickles.push({
        id: p.str('id'),
        uri: p.str('uri'),
        name: p.str('name'),
        tags: p.list('tags').map((t) => t.str('name')),
        steps: p.list('steps').map((s) => ({ id: s.str('id'), text: s.str('text') })),
      });
    } else if (env.has('testCase')) {
      const c = env.obj('testCase');
      run.testCases.push({
        id: c.str('id'),
        pickleId: c.str('pickleId'),
        testSteps: c.list('testSteps').map((s) => {
          const step: TestCaseMessage['testSteps'][number] = { id: s.str('id') };
          const pickleStepId = s.optStr('pickleStepId');
          const hookId = s.optStr('hookId');
          if (pickleStepId !== undefined) step.pickleStepId = pickleStepId;
          if (hookId !== undefined) step.hookId = hookId;
          return step;
        }),
      });
    } else if (env.has('testCaseStarted')) {
      const s = env.obj('testCaseStarted');
      run.testCasesStarted.push({
        id: s.str('id'),
        testCaseId: s.str('testCaseId'),
        attempt: s.num('attempt'),
      });
    } else if (env.has('testCaseFinished')) {
      const f = env.obj('testCaseFinished');
      run.testCasesFinished.push({
        testCaseStartedId: f.str('testCaseStartedId'),
        willBeRetried: f.bool('willBeRetried'),
      });
    } else if (env.has('testStepFinished')) {
      const f = env.obj('testStepFinished');
      const result = f.obj('testStepResult');
      const step: TestStepFinishedMessage = {
        testCaseStartedId: f.str('testCaseStartedId'),
        testStepId: f.str('testStepId'),
        status: result.str('status'),
      };
      const message = result.optStr('message');
      if (message !== undefined) step.message = message;
      run.testStepsFinished.push(step);
    } else if (env.has('attachment')) {
      const a = env.obj('attachment');
      const att: AttachmentMessage = {
        body: a.str('body'),
        mediaType: a.str('mediaType'),
        contentEncoding: a.optStr('contentEncoding') ?? 'IDENTITY',
      };
      const started = a.optStr('testCaseStartedId');
      if (started !== undefined) att.testCaseStartedId = started;
      run.attachments.push(att);
    } else if (env.has('meta')) {
      const impl = env.obj('meta').obj('implementation');
      run.runner = [impl.str('name'), impl.optStr('version')].filter((x) => x !== undefined).join(' ');
    } else if (env.has('testRunStarted')) {
      const at = isoOf(env.obj('testRunStarted').obj('timestamp'));
      if (at !== undefined) run.startedAt = at;
    }
  }
  return run;
}
