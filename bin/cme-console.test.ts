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

// Two ephone-dns on no ephone, `cti watch` and `cti notify`: in service with no phone (CME CSTA
// guide, "cti notify"), as the DNs of bench/csta-call-events.ts.
const PHONELESS = [
  'hostname console-calls',
  'voice service voip',
  ' no cti shutdown',
  'telephony-service',
  ' max-ephones 1',
  ' max-dn 2',
  ' ip source-address 127.0.0.1 port 2000',
  ...['5001', '5002'].flatMap((n, i) => [`ephone-dn ${i + 1}`, ` number ${n}`, ' cti watch', ' cti notify']),
  'end',
].join('\n');

test('call make / answer / clear drive the call model of DNs without a phone; refusals carry the ECMA-323 code', async () => {
  const { config, ios } = loadCmeConfig(PHONELESS);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, log: () => {} });
  await lab.start();
  after(() => lab.stop());
  const events: string[] = [];
  const off = lab.calls.model.on((e) => events.push(e.type));
  const made = await runConsoleCommand(lab, 'call make 5001 5002');
  assert.equal(made.ok, true, JSON.stringify(made));
  const callID = (made as { result: { callID: string } }).result.callID;
  assert.ok(events.includes('DeliveredEvent'), events.join());
  assert.deepEqual(await runConsoleCommand(lab, `call answer ${callID} 5002`), {
    command: `call answer ${callID} 5002`,
    ok: true,
    result: { answered: callID },
  });
  assert.ok(events.includes('EstablishedEvent'), events.join());
  // Answering twice: the connection is connected, not alerting.
  const again = await runConsoleCommand(lab, `call answer ${callID} 5002`);
  assert.deepEqual(again, {
    command: `call answer ${callID} 5002`,
    ok: false,
    error: 'invalidConnectionState',
  });
  assert.equal((await runConsoleCommand(lab, `call clear ${callID} 5001`)).ok, true);
  assert.ok(events.includes('CallClearedEvent'), events.join());
  assert.deepEqual(lab.calls.model.snapshotDevice('5001'), []);
  assert.equal((await runConsoleCommand(lab, `call clear ${callID} 5001`)).ok, false);
  assert.equal((await runConsoleCommand(lab, 'call make 5001')).ok, false);
  assert.equal((await runConsoleCommand(lab, 'call hold 1 5001')).ok, false);
  off();
});
