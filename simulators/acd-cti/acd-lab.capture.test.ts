/**
 * "The lab's CTI Server captures dissect with 0 malformed" (issue 11, Wireshark): a live ACD lab
 * (labs/acd-duplex.yaml, ephemeral side ports) is recorded from its observation stream
 * (CaptureRecorder, protocol cti-server) while a CTI Bridge and an agent workstation open
 * sessions in both protocol versions, exchange heartbeats and requests, receive events (the
 * ALL_EVENTS SYSTEM_EVENT after OPEN_CONF, a central controller fault and recovery, and whatever
 * agent and call events the ACD sends for a login and a call through the ACD) and close with
 * CLOSE_REQ. tshark with the project's GED-188 Lua dissector (wireshark/ged188.lua) must name every
 * message that crossed the sockets, in order, and find nothing malformed.
 * Without tshark this fails (install it: `apt-get install -y tshark`) unless CTILAB_SKIP_TSHARK=1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import {
  AgentStateMask,
  CallMsgMask,
  CtiFrameReader,
  ctiMessage,
  MESSAGES_BY_ID,
  ServiceMask,
  SystemEventID,
} from '../cti-server/wire.ts';
import { CaptureRecorder } from '../lab/capture-recorder.ts';
import type { WireObservation } from '../lab/observation.ts';
import { decodeCapture, TSHARK_INSTALL_HINT, tsharkAvailable } from '../lab/tshark.ts';
import { acdLabNodes } from '../testing/acd-lab-topology.ts';
import { ged188DecodeOptions } from '../testing/ged188-tshark.ts';
import { AcdLab } from './acd-lab.ts';

const SKIP =
  process.env['CTILAB_SKIP_TSHARK'] === '1' ? 'CTILAB_SKIP_TSHARK=1: tshark checks skipped' : false;
const dir = mkdtempSync(join(tmpdir(), 'ctilab-acd-capture-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ALL_CALL_EVENTS = Object.values(CallMsgMask).reduce((a, b) => a | b, 0);
const ALL_AGENT_EVENTS = Object.values(AgentStateMask).reduce((a, b) => a | b, 0);

/** Message names in the order they crossed the sockets, from the lab's own observations. */
function namesOf(wire: readonly WireObservation[]): string[] {
  const names: string[] = [];
  for (const o of wire) {
    for (const r of new CtiFrameReader().push(o.bytes)) {
      assert.ok(r.ok, 'the lab published whole messages');
      names.push(MESSAGES_BY_ID.get(r.frame.messageType)?.name ?? `type ${r.frame.messageType}`);
    }
  }
  return names;
}

describe(
  'the ACD lab CTI Server capture dissects with the GED-188 plugin',
  { skip: SKIP, timeout: 60_000 },
  () => {
    it('bridge + workstation sessions (v20, v19): every message named in order, 0 malformed', async () => {
      if (!(await tsharkAvailable())) assert.fail(TSHARK_INSTALL_HINT);
      const nodes = await acdLabNodes('acd-duplex.yaml');
      const lab = new AcdLab({ nodes, sidePorts: { acd: { A: 0, B: 0 } } });
      const path = join(dir, 'acd-lab-cti-server.pcap');
      const rec = new CaptureRecorder(lab.observations, { path, protocols: ['cti-server'] });
      const wire: WireObservation[] = [];
      lab.observations.subscribe((o) => {
        if (o.kind === 'wire' && o.protocol === 'cti-server') wire.push(o);
      });
      rec.start();
      await lab.start();
      const side = lab.pair('acd').sides.A.endpoint;
      try {
        const bridge = await CtiServerClient.connect({
          sides: [side],
          clientID: 'bridge',
          password: '',
          services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
          callMsgMask: ALL_CALL_EVENTS,
          agentStateMask: ALL_AGENT_EVENTS,
        });
        const online = await bridge.nextEvent((m) => m.name === 'SYSTEM_EVENT');
        assert.equal(online.fixed.SystemEventID, SystemEventID.PERIPHERAL_ONLINE);
        const workstation = await CtiServerClient.connect({
          sides: [side],
          version: 19,
          clientID: 'agent-5001',
          services: ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL,
          peripheralID: 5000,
          agentID: '5001',
          agentExtension: '3001',
          agentInstrument: '3001',
          callMsgMask: ALL_CALL_EVENTS,
          agentStateMask: ALL_AGENT_EVENTS,
        });
        assert.equal((await bridge.heartbeat()).name, 'HEARTBEAT_CONF');
        assert.equal((await workstation.heartbeat()).name, 'HEARTBEAT_CONF');
        // Requests: answered by the peripheral (a CONF, or FAILURE_CONF while a request is not
        // implemented): either way a message the dissector must name.
        await workstation.request(
          ctiMessage('QUERY_AGENT_STATE_REQ', { PeripheralID: 5000 }, [{ name: 'AgentID', value: '5001' }]),
        );
        // Events: a central controller fault and recovery (SYSTEM_EVENT to every session), and the
        // ACD's own for agent 5001's login and a customer call 3009 -> 8000 answered on 3001.
        lab.cti('acd').setCentralController(false);
        lab.cti('acd').setCentralController(true);
        await bridge.nextEvent((m) => m.fixed.SystemEventID === SystemEventID.CENTRAL_CONTROLLER_ONLINE);
        const model = lab.calls.model;
        for (const dn of ['3001', '3009']) assert.equal(model.setInService(dn, true).ok, true);
        const acd = lab.system.peripheral(5000);
        assert.equal(acd.login('5001', '5001-pw', '3001').ok, true);
        assert.equal(acd.setAgentState('5001', 'AVAILABLE').ok, true);
        assert.equal(model.makeCall('3009', '8000').ok, true);
        const offered = model.snapshotDevice('3001')[0];
        assert.equal(offered?.localConnectionState, 'alerting');
        assert.equal(model.answer(offered!.connection).ok, true);
        assert.equal(model.clear(offered!.connection).ok, true);
        await new Promise((r) => setTimeout(r, 100)); // let the events cross
        assert.equal((await workstation.close())?.name, 'CLOSE_CONF');
        assert.equal((await bridge.close())?.name, 'CLOSE_CONF');
      } finally {
        await lab.close();
        await rec.stop();
      }
      const expected = namesOf(wire);
      for (const n of [
        'OPEN_REQ',
        'OPEN_CONF',
        'SYSTEM_EVENT',
        'HEARTBEAT_REQ',
        'HEARTBEAT_CONF',
        'CLOSE_REQ',
        'CLOSE_CONF',
      ])
        assert.ok(expected.includes(n), `the session had a ${n}`);
      assert.equal(rec.stats.rejected, 0, JSON.stringify(rec.stats.lastRejections));
      const decoded = await decodeCapture(path, {
        ...ged188DecodeOptions([side.port]),
        fields: ['ged188.type', '_ws.col.Info'],
        displayFilter: 'ged188',
      });
      assert.equal(decoded.malformed, 0, JSON.stringify(decoded.problems));
      assert.deepEqual(
        decoded.packets.flatMap((p) => (p['_ws.col.Info'] ?? '').split(', ')),
        expected,
        'tshark names every message, in order',
      );
    });
  },
);
