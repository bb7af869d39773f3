/**
 * Reads PICS and PIXIT files: YAML (the `yaml` package keeps every node's place, so an error names
 * its line), checked by PICS_SCHEMA / PIXIT_SCHEMA (zod). As for lab topologies
 * (simulators/topology/load-topology.ts), a bad file is refused before anything runs, with the
 * file, the path inside it and the line.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { ConformanceFileError } from './conformance-file-error.ts';
import { PICS_SCHEMA, type Pics } from './pics-schema.ts';
import { PIXIT_SCHEMA, type Pixit } from './pixit-schema.ts';

type Path = ReadonlyArray<PropertyKey>;

function pathText(path: Path): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value' && 'values' in issue)
    return `${issue.message} (${(issue.values as unknown[]).map(String).join(', ')})`.replace(
      /^Invalid option: expected one of .*\(/,
      'not one of (',
    );
  return issue.message;
}

/** Parses `text` as YAML and checks it with `schema`; `file` names it in errors. */
export function parseChecked<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const line = yamlError.pos[0] === undefined ? undefined : lines.linePos(yamlError.pos[0]).line;
    throw new ConformanceFileError(file, '', line, `not YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const lineOf = (path: Path): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConformanceFileError(file, pathText(issue.path), lineOf(issue.path), describeIssue(issue));
  }
  return parsed.data;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConformanceFileError(
      file,
      '',
      undefined,
      `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
}

export function loadPics(file: string): Pics {
  return parseChecked(file, readText(file), PICS_SCHEMA);
}

export interface LoadedPixit {
  readonly file: string;
  readonly pixit: Pixit;
  /** The PICS the PIXIT names (`pics:`, relative to the PIXIT file), if it names one. */
  readonly pics: { file: string; pics: Pics } | undefined;
}

/** Reads a PIXIT and the PICS it names; the IUT of both must be the same. */
export function loadPixit(file: string): LoadedPixit {
  const pixit = parseChecked(file, readText(file), PIXIT_SCHEMA);
  if (pixit.pics === undefined) return { file, pixit, pics: undefined };
  const picsFile = resolve(dirname(file), pixit.pics);
  const pics = loadPics(picsFile);
  const a = pixit.iut;
  const b = pics.iut;
  if (a.vendor !== b.vendor || a.product !== b.product || a.version !== b.version)
    throw new ConformanceFileError(
      file,
      'iut',
      undefined,
      `the PIXIT is for ${a.vendor} ${a.product} ${a.version}, its PICS ${pixit.pics} for ${b.vendor} ${b.product} ${b.version}`,
    );
  return { file, pixit, pics: { file: picsFile, pics } };
}
