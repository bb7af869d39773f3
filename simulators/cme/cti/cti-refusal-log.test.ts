// The CME logs each refused CTI request (issue 12 item 6), on a real CmeLab over SIP/TCP with the
// real Tr87Client (labs/cme-cti-restrictions.cfg). Cisco "Cisco Unified Communications Manager
// Express System Administrator Guide", "CTI CSTA Protocol Suite" > "CTI Session": a session
// controls the line its INVITE names, so MonitorStart on another DN is refused with a
// CSTAErrorCode; a session INVITE for a line the CME does not have gets 404 (RFC 3261 section
// 8.2.2.1).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Tr87Client } from '../../tr87/tr87-client.ts';
import { CmeLab } from '../cme.ts';
import { loadCmeConfig } from '../config/load-cme-config.ts';

let lab: CmeLab;
const lines: string[] = [];

before(async () => {
  const { config, ios } = loadCmeConfig(readFileSync('labs/cme-cti-restrictions.cfg', 'utf8'));
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, log: (l) => lines.push(l) });
  await lab.start();
});

after(() => lab.stop());

const refusals = () => lines.filter((l) => l.includes(' refused: '));
const connect = (line: string) => {
  const sip = lab.running.endpoints.sip!;
  return Tr87Client.connect({ host: sip.host, port: sip.port, transport: 'tcp', user: 'alice', line });
};

test('a refused CSTA request is one line: who, what, the CSTAErrorCode and why', async () => {
  const client = await connect('201');
  try {
    lines.length = 0;
    await assert.rejects(client.monitorStart('202'));
    assert.deepEqual(refusals(), [
      '[cme-cti] session 1 (sip:alice@127.0.0.1, line sip:201@127.0.0.1): MonitorStart refused: CSTAErrorCode operation privilegeViolationSpecifiedDevice (a generic session controls only 201)',
    ]);
  } finally {
    await client.close();
  }
});

test('a session INVITE refused is one line: the client address, SIP status and why', async () => {
  lines.length = 0;
  await assert.rejects(connect('999'));
  const sip = lab.running.endpoints.sip!;
  // The client's port is ephemeral, the CME's too; the rest of each line is exact.
  assert.deepEqual(
    refusals().map((l) =>
      l.replace(/127\.0\.0\.1:\d+ refused/, '127.0.0.1:PORT refused').replace(`:${sip.port};`, ':SIP;'),
    ),
    [
      '[cme-cti] session INVITE from 127.0.0.1:PORT refused: 404 Line Not Found (sip:999@127.0.0.1:SIP;transport=tcp is not a directory number of this CME)',
    ],
  );
});
