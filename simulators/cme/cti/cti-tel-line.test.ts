import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Tr87Client } from '../../tr87/tr87-client.ts';
import { CmeLab } from '../cme.ts';
import { loadCmeConfig } from '../config/load-cme-config.ts';

// csta-tr87.md: clients name the line as `tel:73124;phone-context=dialstring`, `tel:+1555...`,
// `sip:201@host` or bare `201`; the To of the INVITE is the line (CME CSTA guide "CTI Session").
let lab: CmeLab;

before(async () => {
  const { config, ios } = loadCmeConfig(readFileSync('labs/cme-moc.cfg', 'utf8'));
  lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, log: () => {} });
  await lab.start();
});

after(async () => {
  await lab.stop();
});

for (const line of ['tel:201;phone-context=dialstring', 'tel:201', 'sip:201@127.0.0.1', '201']) {
  test(`a session on line ${line} is set up and controls DN 201`, async () => {
    const sip = lab.running.endpoints.sip!;
    const client = await Tr87Client.connect({
      host: sip.host,
      port: sip.port,
      transport: 'tcp',
      user: 'alice',
      line,
    });
    try {
      const rows = lab.cti!.sessions();
      assert.equal(rows.length, 1);
      const id = await client.monitorStart('201');
      assert.ok(id.length > 0);
      const dnd = await client.request({ type: 'GetDoNotDisturb', device: '201' });
      assert.equal(dnd.type, 'GetDoNotDisturbResponse');
    } finally {
      await client.close();
    }
    assert.equal(lab.cti!.sessions().length, 0);
  });
}
