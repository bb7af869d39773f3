// The events half over real sockets: an AcdLab (peripheral 5000 of the shipped lab, ephemeral
// ports), a CTI Bridge (ALL_EVENTS) and agent 5001's workstation (CLIENT_EVENTS) as real
// CtiServerClients; calls moved on the lab's call model. Cisco "CTI Planning", "CTI Server Client
// Application Models" (the bridge gets every event, the workstation its teleset's), "CTI Server
// Fault Tolerance" (after a failover the client learns the calls in progress, with their data).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AcdSpec } from '../acd/acd-spec.ts';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import { CallMsgMask, type CtiMessage, floatingString, ServiceMask } from '../cti-server/wire.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import { AcdLab } from './acd-lab.ts';

const node: AcdSpec = {
  name: 'acd',
  peripheral: salesPeripheral(),
  translationRoutes: [],
  sides: { a: { host: '127.0.0.1', port: 0 }, b: { host: '127.0.0.1', port: 0 } },
  clients: { bridges: [{ clientId: 'bridge', password: '' }], workstationsAnyId: true },
  phones: [
    { name: 'SEP0000000AC001', model: '7961', dn: '3001' },
    { name: 'SEP0000000AC002', model: '7961', dn: '3002' },
    { name: 'SEP0000000AC009', model: '7961', dn: '3009' },
  ],
};

async function until(client: CtiServerClient, name: string): Promise<CtiMessage> {
  return client.nextEvent((m) => m.name === name);
}

describe('ACD CTI events over TCP', { timeout: 20_000 }, () => {
  let lab: AcdLab;
  let bridge: CtiServerClient;
  let desk: CtiServerClient;
  let endsOnly: CtiServerClient;
  before(async () => {
    lab = new AcdLab({ nodes: [node] });
    const ep = await lab.start();
    const sides = [ep.nodes.acd!.A, ep.nodes.acd!.B];
    bridge = await CtiServerClient.connect({
      sides,
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS,
      callMsgMask: 0xffffffff,
      agentStateMask: 0x3ff,
    });
    endsOnly = await CtiServerClient.connect({
      sides,
      clientID: 'ends-only',
      password: '',
      services: ServiceMask.ALL_EVENTS,
      callMsgMask: CallMsgMask.END_CALL,
      agentStateMask: 0,
    });
    desk = await CtiServerClient.connect({
      sides,
      clientID: 'desk-5001',
      password: '',
      services: ServiceMask.CLIENT_EVENTS,
      callMsgMask: 0xffffffff,
      agentStateMask: 0x3ff,
      peripheralID: 5000,
      agentID: '5001',
    });
  });
  after(async () => {
    bridge.destroy();
    desk.destroy();
    endsOnly.destroy();
    await lab.close();
  });

  it('the bridge gets the call with its data, the workstation its agent’s part; after a failover the bridge learns the call again with the update', async () => {
    const acd = lab.system.peripheral(5000);
    const model = lab.calls.model;
    // No SCCP phone registers here: the lines are put in service directly.
    for (const dn of ['3001', '3002', '3009']) mustSucceed(model.setInService(dn, true), dn);
    mustSucceed(acd.login('5001', '5001-pw'), 'login');
    mustSucceed(acd.setAgentState('5001', 'AVAILABLE'), 'ready');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const begin = await until(bridge, 'BEGIN_CALL_EVENT');
    assert.deepEqual(
      ['ConnectionDeviceID', 'ANI', 'DNIS'].map((n) => floatingString(begin, n)),
      ['8000', '3009', '8000'],
    );
    const deskBegin = await until(desk, 'BEGIN_CALL_EVENT');
    assert.equal(floatingString(deskBegin, 'ConnectionDeviceID'), '3001');
    const delivered = await until(desk, 'CALL_DELIVERED_EVENT');
    assert.deepEqual(
      ['AlertingDeviceID', 'ANI'].map((n) => floatingString(delivered, n)),
      ['3001', '3009'],
    );
    const [ring] = model.snapshotDevice('3001');
    assert.ok(ring);
    mustSucceed(model.answer(ring.connection), 'answer');
    await until(desk, 'CALL_ESTABLISHED_EVENT');
    const acdCall = lab.system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    const update = await until(bridge, 'CALL_DATA_UPDATE_EVENT');
    assert.equal(floatingString(update, 'CallVariable1'), 'claim-42');
    // Agent 5002's calls never reach 5001's workstation; no QUEUED either (the call had an agent).
    assert.equal(
      desk.events.some((m) => m.name === 'CALL_QUEUED_EVENT'),
      false,
    );

    await lab.pair('acd').failActive();
    await bridge.waitForSession(2, 8000);
    const again = await until(bridge, 'BEGIN_CALL_EVENT');
    assert.deepEqual(
      [again.fixed.ConnectionCallID, floatingString(again, 'CallVariable1')],
      [begin.fixed.ConnectionCallID, 'claim-42'],
    );
    await desk.waitForSession(2, 8000);
    const deskAgain = await until(desk, 'BEGIN_CALL_EVENT');
    assert.deepEqual(
      [floatingString(deskAgain, 'ConnectionDeviceID'), floatingString(deskAgain, 'CallVariable1')],
      ['3001', 'claim-42'],
    );
    mustSucceed(model.clear(caller), 'hang up');
    await until(bridge, 'CALL_CLEARED_EVENT');
    await until(bridge, 'END_CALL_EVENT');
    // A session without the BEGIN_CALL bit is not sent the calls in progress when it reopens
    // (guide chapter 2 "Message Masks"): its only call event is the END_CALL it asked for.
    await endsOnly.waitForSession(2, 8000);
    await until(endsOnly, 'END_CALL_EVENT');
    assert.deepEqual(
      endsOnly.events.filter((m) => m.name !== 'SYSTEM_EVENT').map((m) => m.name),
      [],
    );
  });
});
