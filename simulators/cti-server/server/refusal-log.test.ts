// Each request a CTI Server side refuses is one readable log line (issue 12 item 6), on the real
// ACD lab (labs/acd-duplex.yaml) over TCP with the real CtiServerClient. The errors are those of
// Cisco "CTI Server Message Reference Guide": SET_AGENT_STATE_REQ answered by CONTROL_FAILURE_CONF
// (ControlFailureCode Values: 257 INVALID_PASSWORD_SPECIFIED), a request for a service not granted
// by FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE (chapter 6), OPEN_REQ with a wrong password by
// FAILURE_CONF ("Session Initialization").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AcdLab } from '../../acd-cti/acd-lab.ts';
import { acdLabNodes } from '../../testing/acd-lab-topology.ts';
import { CtiServerClient } from '../client/cti-server-client.ts';
import { AgentState, CtiStatus, ctiMessage, ServiceMask } from '../wire.ts';

describe('CTI Server refusal log', { timeout: 20_000 }, () => {
  let lab: AcdLab;
  const lines: string[] = [];
  before(async () => {
    const nodes = await acdLabNodes('acd-duplex.yaml');
    lab = new AcdLab({ nodes, sidePorts: { acd: { A: 0, B: 0 } }, log: (line) => lines.push(line) });
    await lab.start();
  });
  after(() => lab.close());

  const refusals = () => lines.filter((l) => l.includes(' refused: '));

  it('a CONTROL_FAILURE_CONF names the side, session, client, request, code and its text', async () => {
    const ep = lab.endpoints().nodes.acd!;
    const bridge = await CtiServerClient.connect({
      sides: [ep.A, ep.B],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
    });
    try {
      lines.length = 0;
      const answer = await bridge.request(
        ctiMessage('SET_AGENT_STATE_REQ', { PeripheralID: 5000, AgentState: AgentState.LOGIN }, [
          { name: 'AgentInstrument', value: '3001' },
          { name: 'AgentID', value: '5001' },
          { name: 'AgentPassword', value: 'guess' },
        ]),
      );
      assert.equal(answer.name, 'CONTROL_FAILURE_CONF');
      // The Text the client was sent is the reason in the line.
      assert.equal(answer.floating.find((f) => f.name === 'Text')?.value, 'wrong password for agent 5001');
      assert.deepEqual(refusals(), [
        '[acd-cti-A] session 1 (bridge): SET_AGENT_STATE_REQ refused: CONTROL_FAILURE_CONF 257 INVALID_PASSWORD_SPECIFIED (wrong password for agent 5001)',
      ]);
    } finally {
      await bridge.close();
    }
  });

  it('a FAILURE_CONF carries the Status name and the reason the session noted', async () => {
    const ep = lab.endpoints().nodes.acd!;
    const monitor = await CtiServerClient.connect({
      sides: [ep.A, ep.B],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS,
    });
    try {
      lines.length = 0;
      const answer = await monitor.request(
        ctiMessage('SET_AGENT_STATE_REQ', { PeripheralID: 5000, AgentState: AgentState.LOGIN }, [
          { name: 'AgentInstrument', value: '3001' },
        ]),
      );
      assert.deepEqual(
        [answer.name, answer.fixed.Status],
        ['FAILURE_CONF', CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE],
      );
      assert.deepEqual(refusals(), [
        '[acd-cti-A] session 2 (bridge): SET_AGENT_STATE_REQ refused: FAILURE_CONF 12 E_CTI_FUNCTION_NOT_AVAILABLE (service not granted)',
      ]);
    } finally {
      await monitor.close();
    }
  });

  it('an OPEN_REQ refused: the ClientID it named, the Status and the check that failed', async () => {
    const ep = lab.endpoints().nodes.acd!;
    lines.length = 0;
    await assert.rejects(
      CtiServerClient.connect({
        sides: [ep.A],
        clientID: 'bridge',
        password: 'wrong',
        services: ServiceMask.ALL_EVENTS,
        maxOpenAttempts: 1,
      }),
    );
    assert.deepEqual(refusals(), [
      '[acd-cti-A] session 3 (bridge): OPEN_REQ refused: FAILURE_CONF 36 E_CTI_INVALID_PASSWORD (wrong ClientPassword for bridge)',
    ]);
  });
});
