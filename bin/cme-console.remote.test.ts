import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CmeLab } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { CSTA_NAMESPACES } from '../simulators/csta/csta-namespaces.ts';
import { SccpTestClient } from '../simulators/testing/sccp-test-client.ts';
import { runConsoleCommand } from './cme-console.ts';

// The console's stand-in for the remote party of a dial-via-office callback (labs/cme-cti-dvo.cfg:
// 201 has mobility and snr 0612345678).
let lab: CmeLab;
let phone: SccpTestClient;
let phone2: SccpTestClient;

before(async () => {
  const { config, ios } = loadCmeConfig(readFileSync('labs/cme-cti-dvo.cfg', 'utf8'));
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, log: () => {} });
  await lab.start();
  phone = await SccpTestClient.connect(lab.running.endpoints.sccp.port);
  await phone.register('000000000001', { deviceType: 30018 });
  phone2 = await SccpTestClient.connect(lab.running.endpoints.sccp.port);
  await phone2.register('000000000002', { deviceType: 30018 });
});

after(async () => {
  phone.close();
  phone2.close();
  await lab.stop();
});

function dialViaOffice(): string {
  const s = lab.cti!.openSession({
    user: 'u',
    line: '201',
    client: 'generic',
    namespace: CSTA_NAMESPACES.ed3,
  });
  assert.ok(s.ok);
  const r = lab.cti!.handle(s.value, {
    type: 'MakeCall',
    callingDevice: 'tel:0612345678',
    calledDirectoryNumber: '202',
  });
  assert.ok(r.ok && r.value.type === 'MakeCallResponse', JSON.stringify(r));
  return r.value.callingDevice.callID!;
}

test('remote ringing lists the callback; remote answer places the call; a second answer is refused', async () => {
  const callID = dialViaOffice();
  assert.deepEqual(await runConsoleCommand(lab, 'remote ringing'), {
    command: 'remote ringing',
    ok: true,
    result: [{ remote: '0612345678', dn: '201', digits: '202', callID }],
  });
  assert.deepEqual(await runConsoleCommand(lab, 'remote answer tel:0612345678'), {
    command: 'remote answer tel:0612345678',
    ok: true,
    result: { answered: 'tel:0612345678' },
  });
  assert.equal(lab.calls.model.snapshotDevice('201')[0]?.localConnectionState, 'connected');
  const again = await runConsoleCommand(lab, 'remote answer 0612345678');
  assert.equal(again.ok, false);
  lab.calls.model.clear({ callID, deviceID: '201' });
});

test('remote busy and remote unreachable end the callback; bad lines get the usage', async () => {
  for (const verb of ['busy', 'unreachable']) {
    dialViaOffice();
    const r = await runConsoleCommand(lab, `remote ${verb} 0612345678`);
    assert.deepEqual(r, { command: `remote ${verb} 0612345678`, ok: true, result: { [verb]: '0612345678' } });
    assert.deepEqual(lab.calls.model.snapshotDevice('201'), []);
  }
  for (const line of ['remote', 'remote answer', 'remote hangup 0612345678', 'remote answer 1 2']) {
    const r = await runConsoleCommand(lab, line);
    assert.equal(r.ok, false, line);
    assert.match((r as { error: string }).error, /^usage: remote answer\|busy\|unreachable NUMBER/, line);
  }
});
