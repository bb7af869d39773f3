import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IosConfigError, parseIosConfig } from './ios-config.ts';

const lab = (name: string) => readFileSync(new URL(`../../../labs/${name}`, import.meta.url), 'utf8');
const seeds = ['cme-moc.cfg', 'cme-session-manager.cfg', 'cme-basic.cfg'].map(lab);

/** The property: parsing returns a model or throws IosConfigError naming a real line. */
function parsesOrRejects(text: string): boolean {
  try {
    parseIosConfig(text);
    return true;
  } catch (e) {
    if (!(e instanceof IosConfigError)) throw e;
    const lines = text.split(/\r\n|\r|\n/);
    assert.ok(e.line >= 1 && e.line <= lines.length, `line ${e.line} outside 1..${lines.length}`);
    assert.equal(e.text, lines[e.line - 1]!.trim());
    return true;
  }
}

const keyword = fc.constantFrom(
  'ephone',
  'ephone-dn',
  'button',
  'number',
  'mac-address',
  'type',
  'telephony-service',
  'max-ephones',
  'max-dn',
  'ip',
  'source-address',
  'port',
  'secondary',
  'keepalive',
  'voice',
  'service',
  'voip',
  'register',
  'global',
  'session-server',
  'cti',
  'no',
  'shutdown',
  'watch',
  'notify',
  'dual-line',
  'octo-line',
  'sip',
  'registrar',
  'server',
  'expires',
  'max',
  'min',
  'logout-profile',
  'user-profile',
  'user',
  'password',
  'call-forward',
  'noan',
  'timeout',
  'exit',
  'end',
  'banner',
  'motd',
  '^C',
  '!',
  'interface',
  '1:1',
  '1o1,2',
  '2x1',
  '1c3,4',
  '001E.4A34.A35F',
  '10.0.0.1',
  '__proto__',
  'constructor',
);
const token = fc.oneof(
  keyword,
  fc.integer({ min: -5, max: 100000 }).map(String),
  fc.string({ maxLength: 6 }),
);
const commandLine = fc
  .tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.array(token, { minLength: 1, maxLength: 6 }))
  .map(([indent, words]) => indent + words.join(' '));

type Edit =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'garble'; at: number; text: string }
  | { op: 'insert'; at: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('garble' as const), at: fc.nat(), text: fc.oneof(commandLine, fc.string()) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: commandLine }),
);

function applyEdits(text: string, edits: readonly Edit[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    if (lines.length === 0) break;
    const at = e.at % lines.length;
    if (e.op === 'delete') lines.splice(at, 1);
    else if (e.op === 'duplicate') lines.splice(at, 0, lines[at]!);
    else if (e.op === 'garble') lines[at] = e.text;
    else lines.splice(at, 0, e.text);
  }
  return lines.join('\n');
}

describe('parseIosConfig never throws anything but IosConfigError', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), parsesOrRejects), { numRuns: 500 });
  });

  it('on arbitrary command-like lines', () => {
    fc.assert(
      fc.property(fc.array(commandLine, { maxLength: 40 }), (lines) => parsesOrRejects(lines.join('\n'))),
      { numRuns: 1000 },
    );
  });

  it('on the lab configs with lines deleted, duplicated, garbled or inserted', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 }), (seed, edits) =>
        parsesOrRejects(applyEdits(seed, edits)),
      ),
      { numRuns: 1000 },
    );
  });

  it('deleting a line from a seed config that is not referenced elsewhere keeps it parsable', () => {
    // A deleted line can only make the config fail through a missing reference (a DN or profile a
    // button or ephone names), never through a parse error on its neighbours.
    const text = lab('cme-moc.cfg');
    const lines = text.split('\n');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), (at) => {
        const removed = lines[at]!;
        const rest = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
        try {
          parseIosConfig(rest);
        } catch (e) {
          assert.ok(e instanceof IosConfigError);
          assert.ok(
            ['undefined-dn', 'undefined-logout-profile'].includes(e.code),
            `deleting ${JSON.stringify(removed)} gave ${e.message}`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
