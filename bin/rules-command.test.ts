import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from './cli.ts';
import { type RuleRow, rulesTable } from './rules-command.ts';

// `ctilab rules` (issue 12 item 3), run through the real command line parser.
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    writeOut: (s) => {
      out += s;
    },
    writeErr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

test('--format json lists every rule with id, profiles, role, status, statement and source', async () => {
  const { code, out, err } = await run(['rules', '--format', 'json']);
  assert.equal(code, 0, err);
  const rows = JSON.parse(out) as RuleRow[];
  assert.equal(rows.length, 213);
  assert.deepEqual(
    rows.find((r) => r.id === 'SCCP-REG-001'),
    {
      id: 'SCCP-REG-001',
      profiles: ['sccp-cme'],
      role: 'server',
      status: 'checked',
      statement:
        'A RegisterReq from a configured MAC is answered by RegisterAck and then CapabilitiesReq at once.',
      source:
        'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 31-34 (CUCM 4.1: RegisterReq, RegisterAck, CapabilitiesReq)',
    },
  );
  // CME-CTI-ARCH-003 (dial-via-office) was the last planned rule: features/csta/dial-via-office.feature.
  assert.deepEqual(
    rows.filter((r) => r.status === 'planned').map((r) => r.id),
    [],
  );
  assert.equal(rows.find((r) => r.id === 'CME-CTI-ARCH-003')?.status, 'checked');
});

test('--profile keeps only the rules of that profile', async () => {
  const { code, out } = await run(['rules', '--profile', 'acd-cti', '--format', 'json']);
  assert.equal(code, 0);
  const rows = JSON.parse(out) as RuleRow[];
  assert.equal(rows.length, 46);
  assert.deepEqual([...new Set(rows.map((r) => r.profiles.join(',')))], ['acd-cti']);
});

test('the table (default) is Markdown with a header, one line per rule and a count line', async () => {
  const { code, out } = await run(['rules', '--profile', 'cme-cti']);
  assert.equal(code, 0);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], '| id | profiles | role | status | statement | source |');
  assert.equal(lines[1], '|---|---|---|---|---|---|');
  assert.equal(lines.length, 2 + 73 + 2);
  assert.equal(lines.at(-1), '73 rules: 73 checked, 0 planned');
  assert.equal(
    lines.find((l) => l.startsWith('| CME-CTI-ARCH-003 ')),
    '| CME-CTI-ARCH-003 | cme-cti | server | checked | From CME 8.8 the CSTA interface enables dial-via-office from the application. | Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "CTI CSTA in Cisco Unified CME" |',
  );
});

test('a | inside a cell is escaped so the table keeps its columns', () => {
  const row: RuleRow = {
    id: 'X-Y-001',
    profiles: ['a', 'b'],
    role: 'client',
    status: 'planned',
    statement: 'a | b',
    source: 'RFC 3261 section 8.1',
  };
  assert.equal(
    rulesTable([row]),
    '| id | profiles | role | status | statement | source |\n|---|---|---|---|---|---|\n| X-Y-001 | a, b | client | planned | a \\| b | RFC 3261 section 8.1 |\n\n1 rules: 0 checked, 1 planned\n',
  );
});

test('an unknown profile or format is refused with exit code 2 and the reason', async () => {
  const profile = await run(['rules', '--profile', 'nope']);
  assert.equal(profile.code, 2);
  assert.equal(profile.out, '');
  assert.equal(
    profile.err,
    "ctilab rules: unknown profile 'nope' (known: acd-cti, cme-cti, cucm-cti, sccp-cme)\n",
  );
  const format = await run(['rules', '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(
    format.err,
    /option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, json\./,
  );
});
