// Steps of the ACD call-flow features (features/acd/call-flow.feature): call data set on the call
// an agent's phone has, the active CTI Server side dying, and a client back in session on the
// other side (Cisco "CTI Planning", "CTI Server Fault Tolerance": "The call's CTI client history
// list and any updates to call variables remain in effect when the connection is reestablished").
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { ctiMessage } from '../simulators/cti-server/wire.ts';
import { acdScenario, ctiClient, sendCti, sideEndpoint } from './acd-steps.ts';
import type { LabWorld } from './world.ts';

/** The ConnectionCallID the node's CTI Server gives the (first) call at `device`. */
export function connectionCallIdAt(world: LabWorld, device: string, node?: string): number {
  const s = acdScenario(world);
  const name = node ?? s.nodes[0]!.name;
  const [item] = s.lab.calls.model.snapshotDevice(device);
  assert.ok(item, `a call at ${device}`);
  return s.lab.cti(name).context.callIds.wireId(item.connection.callID);
}

When(
  '{string} sets CallVariable{int} to {string} on the call at {string}',
  async function (this: LabWorld, name: string, n: number, value: string, device: string) {
    const s = acdScenario(this);
    await sendCti(
      this,
      name,
      ctiMessage(
        'SET_CALL_DATA_REQ',
        {
          PeripheralID: s.nodes[0]!.peripheral.id,
          ConnectionDeviceIDType: 0,
          ConnectionCallID: connectionCallIdAt(this, device),
        },
        [
          { name: 'ConnectionDeviceID', value: device },
          { name: `CallVariable${n}`, value },
        ],
      ),
    );
  },
);

When('side {word} of the CTI Server dies', async function (this: LabWorld, side: string) {
  const s = acdScenario(this);
  const pair = s.lab.pair(s.nodes[0]!.name);
  assert.equal(pair.active, side, `side ${side} is the active side`);
  await pair.failActive();
});

Then(
  '{string} is back in session on side {word}',
  async function (this: LabWorld, name: string, side: string) {
    const client = ctiClient(this, name);
    const want = sideEndpoint(this, side).port;
    // The client retries on the scenario clock (openFailureWaitMs): let it run.
    for (let i = 0; i < 400; i++) {
      if (client.isOpen && client.sessionsOpened >= 2 && client.endpoint?.port === want) return;
      await new Promise((r) => setTimeout(r, 5));
      if (i % 20 === 19) await this.passSeconds(1);
    }
    assert.fail(
      `${name} back in session on side ${side} (sessions ${client.sessionsOpened}, open ${client.isOpen})`,
    );
  },
);
