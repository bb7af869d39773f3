/**
 * The client PIXIT (Protocol Implementation eXtra Information for Testing, ETSI ES 202 553 / ISO/IEC
 * 9646-1 terms): what the lab needs to know about the vendor's client to test it — who it is (IUT
 * identification for the report), how the upper tester performs each action on it (a shell command
 * or an HTTP request), and the timers of the run. YAML checked by a zod schema; a bad file is
 * refused before anything starts with its file, YAML path and line.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PROFILE_NAMES } from './client-profile.ts';

const HTTP_ACTION = z.strictObject({
  http: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT']).default('POST'),
    /** `{name}` placeholders take the action's arguments (URL-encoded); `{control}` the client's control URL. */
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
  }),
});
const SHELL_ACTION = z.strictObject({
  /** Run by /bin/sh; `{name}` placeholders take the action's arguments (single-quoted). */
  shell: z.string().min(1),
});

export const CLIENT_PIXIT_SCHEMA = z.strictObject({
  iut: z.strictObject({
    vendor: z.string().min(1),
    product: z.string().min(1),
    version: z.string().min(1),
  }),
  profile: z.enum(PROFILE_NAMES).optional(),
  upperTester: z
    .strictObject({
      timeoutSeconds: z.number().positive().max(300).default(10),
      actions: z.record(
        z.string().regex(/^[a-z][a-z-]*$/, 'action names are lower-case words joined by -'),
        z.union([HTTP_ACTION, SHELL_ACTION]),
      ),
    })
    .optional(),
  timers: z
    .strictObject({
      connectTimeoutSeconds: z.number().positive().max(3600).optional(),
      runSeconds: z.number().positive().max(86_400).optional(),
      sessionExpiresSeconds: z.number().int().min(1).max(86_400).optional(),
    })
    .optional(),
});

export type ClientPixit = z.infer<typeof CLIENT_PIXIT_SCHEMA>;
export type UpperTesterAction = NonNullable<ClientPixit['upperTester']>['actions'][string];

export class ClientPixitError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}${path === '' ? '' : ` (${path})`}: ${problem}`);
    this.name = 'ClientPixitError';
  }
}

export function loadClientPixit(file: string): ClientPixit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ClientPixitError(file, '', undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parseClientPixit(file, text);
}

export function parseClientPixit(file: string, text: string): ClientPixit {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.pos[0] === undefined ? undefined : lines.linePos(yamlError.pos[0]).line;
    throw new ClientPixitError(file, '', line, `not YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = CLIENT_PIXIT_SCHEMA.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path as PropertyKey[];
  let line: number | undefined;
  for (let n = path.length; n >= 0 && line === undefined; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  throw new ClientPixitError(file, where, line, issue.message);
}
