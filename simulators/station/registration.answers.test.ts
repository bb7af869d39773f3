/**
 * What the CME answers a registering phone's requests with, field by field (reference §3 and §5;
 * Wireshark packet-skinny): LineStatRes below protocol version 17 and LineStatV2Res from 17
 * (chan-sccp), the line's label and name for a single and an overlay button, an unknown line,
 * ButtonTemplateRes padded to the model's button count, and ServerRes with a secondary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ButtonType } from '../sccp/enums.ts';
import { testDn, testEphone, testStationConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';

const MAC_A = '00EE00000001';
const MAC_B = '00EE00000002';

describe('StationRegistration answers (real TCP)', () => {
  let lab: CmeLab;
  let port: number;
  const clients: SccpTestClient[] = [];

  before(async () => {
    const a = testEphone(1, MAC_A, []);
    const config = testStationConfig(
      [testDn(1, '201', { name: 'Alice' }), testDn(2, '202'), testDn(3, '203', { name: 'Bob' })],
      [
        // Button 1: an overlay of 201 and 202; button 3: 203 (button 2 left empty).
        {
          ...a,
          buttons: [
            { index: 1, kind: 'overlay', dnTags: [1, 2] },
            { index: 3, kind: 'normal', dnTags: [3] },
          ],
        },
        testEphone(2, MAC_B, [3]),
      ],
      { hostname: 'cme-answers', secondaryAddress: '127.0.0.7', sourcePort: 2000 },
    );
    lab = new CmeLab({ config, sccpPort: 0, clock: new ManualClock(), log: () => {} });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    for (const c of clients) c.close();
    await lab.stop();
  });

  const byMac = new Map<string, SccpTestClient>();
  /** The phone `mac`, registered once with `protocolVer` (a device registers on one connection only). */
  async function registered(mac: string, protocolVer: number): Promise<SccpTestClient> {
    let c = byMac.get(mac);
    if (c === undefined) {
      c = await SccpTestClient.connect(port);
      clients.push(c);
      await c.register(mac, { protocolVer });
      byMac.set(mac, c);
    }
    c.clear();
    return c;
  }

  test('below v17 LineStatRes: an overlay line shows its first DN "+ the others", named after it', async () => {
    const c = await registered(MAC_A, 5);
    c.send('LineStatReq', { lineNumber: 1 });
    assert.deepEqual(await c.waitFor('LineStatRes'), {
      type: 'LineStatRes',
      lineNumber: 1,
      lineDirNumber: '201',
      lineFullyQualifiedDisplayName: 'Alice',
      lineTextLabel: '201 (+1)',
      lineDisplayOptions: 15,
    });
    c.clear();
    // Line 2 is button 3's 203 (line instances count line buttons, not button numbers).
    c.send('LineStatReq', { lineNumber: 2 });
    assert.deepEqual(await c.waitFor('LineStatRes'), {
      type: 'LineStatRes',
      lineNumber: 2,
      lineDirNumber: '203',
      lineFullyQualifiedDisplayName: 'Bob',
      lineTextLabel: '203',
      lineDisplayOptions: 15,
    });
    c.clear();
    // A line the phone does not have: every text empty.
    c.send('LineStatReq', { lineNumber: 9 });
    assert.deepEqual(await c.waitFor('LineStatRes'), {
      type: 'LineStatRes',
      lineNumber: 9,
      lineDirNumber: '',
      lineFullyQualifiedDisplayName: '',
      lineTextLabel: '',
      lineDisplayOptions: 15,
    });
  });

  test('from v17 LineStatV2Res; a DN without a name is shown by its number', async () => {
    const c = await registered(MAC_B, 17);
    c.send('LineStatReq', { lineNumber: 1 }, 17);
    const res = await c.waitFor('LineStatV2Res');
    assert.deepEqual(
      {
        lineNumber: res.lineNumber,
        lineType: res.lineType,
        lineDirNumber: res.lineDirNumber,
        lineFullyQualifiedDisplayName: res.lineFullyQualifiedDisplayName,
        lineTextLabel: res.lineTextLabel,
      },
      {
        lineNumber: 1,
        lineType: 0,
        lineDirNumber: '203',
        lineFullyQualifiedDisplayName: 'Bob',
        lineTextLabel: '203',
      },
    );
    assert.equal(c.types().includes('LineStatRes'), false);
  });

  test("ButtonTemplateRes: the model's buttons, lines where configured, the rest undefined", async () => {
    const c = await registered(MAC_A, 5);
    c.send('ButtonTemplateReq');
    const res = await c.waitFor('ButtonTemplateRes');
    // A 7961 has six line/feature buttons (ephone-models.ts).
    assert.equal(res.totalButtonCount, 6);
    assert.equal(res.buttonOffset, 0);
    assert.deepEqual(
      res.definitions.map((d) => [d.instanceNumber, d.buttonDefinition]),
      [
        [1, ButtonType.Line],
        [0, ButtonType.Undefined],
        [2, ButtonType.Line],
        [0, ButtonType.Undefined],
        [0, ButtonType.Undefined],
        [0, ButtonType.Undefined],
      ],
    );
  });

  test('ServerRes: this listener first, then the secondary CME with its port', async () => {
    const c = await registered(MAC_B, 17);
    c.send('ServerReq', {}, 17);
    const res = await c.waitFor('ServerRes');
    assert.deepEqual(res.servers.slice(0, 2), [
      { serverName: 'cme-answers', serverTcpListenPort: port, serverIpAddr: '127.0.0.1' },
      { serverName: 'cme-answers-secondary', serverTcpListenPort: 2000, serverIpAddr: '127.0.0.7' },
    ]);
  });
});
