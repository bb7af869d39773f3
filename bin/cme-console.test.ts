import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CmeLab } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { runConsoleCommand } from './cme-console.ts';

let lab: CmeLab;

before(async () => {
  const { config, ios } = loadCmeConfig(readFileSync('labs/cme-moc.cfg', 'utf8'));
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, log: () => {} });
  await lab.start();
});

after(async () => {
  await lab.stop();
});

test('show cti session lists a live session; clear cti session id N ends it', async () => {
  const sip = lab.running.endpoints.sip!;
  const client = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: 'alice',
    line: '201',
  });
  const shown = await runConsoleCommand(lab, 'show  cti session');
  assert.equal(shown.ok, true);
  const rows = (shown as { result: Array<{ id: number; line: string }> }).result;
  assert.equal(rows.length, 1);
  const cleared = await runConsoleCommand(lab, `clear cti session id ${rows[0]!.id}`);
  assert.deepEqual(cleared, {
    command: `clear cti session id ${rows[0]!.id}`,
    ok: true,
    result: { cleared: rows[0]!.id },
  });
  assert.deepEqual((await runConsoleCommand(lab, 'show cti session')) as unknown, {
    command: 'show cti session',
    ok: true,
    result: [],
    closed: { cleared: 1 },
  });
  assert.equal((await runConsoleCommand(lab, 'clear cti session id 99')).ok, false);
  await client.close().catch(() => {});
});

test('emadmin login/logout: the user profile of CME CSTA guide and errors for unknown names', async () => {
  const bad = await runConsoleCommand(lab, 'emadmin login nobody 3');
  assert.deepEqual(bad, { command: 'emadmin login nobody 3', ok: false, error: 'unknown-user' });
  const ok = await runConsoleCommand(lab, 'emadmin login user204 3');
  assert.equal(ok.ok, true);
  assert.equal((await runConsoleCommand(lab, 'emadmin logout user204')).ok, true);
  assert.equal((await runConsoleCommand(lab, 'emadmin logout user204')).ok, false);
});

test('unknown and empty commands are answered, not thrown', async () => {
  assert.equal((await runConsoleCommand(lab, 'reload')).ok, false);
  assert.equal((await runConsoleCommand(lab, '   ')).ok, false);
  assert.deepEqual(await runConsoleCommand(lab, 'show ephone registered'), {
    command: 'show ephone registered',
    ok: true,
    result: [],
  });
});
