/**
 * The client PIXIT (Protocol Implementation eXtra Information for Testing, ETSI ES 202 553 / ISO/IEC
 * 9646-1 terms): what the lab needs to know about the vendor's client to test it — who it is (IUT
 * identification for the report), how the upper tester performs each action on it (a shell command
 * or an HTTP request), and the timers of the run. YAML checked by a zod schema with the PICS/PIXIT reader
 * (conformance/pixit/load-pixit.ts): a bad file is refused before anything starts with its file,
 * YAML path and line.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { ConformanceFileError } from '../pixit/conformance-file-error.ts';
import { parseChecked } from '../pixit/load-pixit.ts';
import { IUT_SCHEMA } from '../pixit/pics-schema.ts';
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
  iut: IUT_SCHEMA,
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

/** Reads and checks a client PIXIT; a bad file is a ConformanceFileError (file, YAML path, line). */
export function loadClientPixit(file: string): ClientPixit {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConformanceFileError(
      file,
      '',
      undefined,
      `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  return parseClientPixit(file, text);
}

export function parseClientPixit(file: string, text: string): ClientPixit {
  return parseChecked(file, text, CLIENT_PIXIT_SCHEMA);
}
