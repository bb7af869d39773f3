// The ACD lab unit on real sockets: the shipped lab (labs/acd-duplex.yaml, issue 11 item 7) with
// ephemeral ports; a CTI Bridge opens a session on side A, side A dies, the bridge reopens on B.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import { ServiceMask, SystemEventID } from '../cti-server/wire.ts';
import { acdLabNodes } from '../testing/acd-lab-topology.ts';
import { AcdLab } from './acd-lab.ts';

describe('AcdLab (labs/acd-duplex.yaml)', { timeout: 20_000 }, () => {
  let lab: AcdLab;
  before(async () => {
    const nodes = await acdLabNodes('acd-duplex.yaml');
    lab = new AcdLab({ nodes, sidePorts: { acd: { A: 0, B: 0 } } });
    await lab.start();
  });
  after(() => lab.close());

  it('serves the phones and both sides; a bridge opens on A, and on B after A dies', async () => {
    const ep = lab.endpoints();
    assert.ok(ep.sccp.port > 0);
    assert.equal(ep.nodes.acd?.active, 'A');
    assert.deepEqual(ep.nodes.acd?.up, ['A', 'B']);
    const bridge = await CtiServerClient.connect({
      sides: [ep.nodes.acd!.A, ep.nodes.acd!.B],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
    });
    try {
      assert.equal(bridge.openConf?.fixed.PeripheralType, 17, 'ENTERPRISE_AGENT');
      const online = await bridge.nextEvent((m) => m.name === 'SYSTEM_EVENT');
      assert.equal(online.fixed.SystemEventID, SystemEventID.PERIPHERAL_ONLINE);
      await lab.pair('acd').failActive();
      assert.equal(lab.endpoints().nodes.acd?.active, 'B');
      await bridge.waitForSession(2, 8000);
      assert.equal(bridge.side, 1);
    } finally {
      await bridge.close();
    }
  });
});
