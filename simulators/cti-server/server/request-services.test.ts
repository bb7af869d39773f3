/**
 * A request of a service the session was not granted (Cisco "CTI Server Message Reference Guide
 * (Protocol Version 15)", table 4-1 "CTI Service Masks": CLIENT_CONTROL, CALL_DATA_UPDATE; tables
 * 5-89 / 5-57 list their requests) → FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE ("a request message
 * was received for a function or service that was not granted to the client", chapter 6 table
 * 6-1), and the peripheral never sees it. Real TCP, a real CTI Server side.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { CtiRawPeer } from '../../testing/raw-cti-peer.ts';
import { CtiStatus, ctiMessage, ServiceMask } from '../wire.ts';
import { CtiServerSide } from './cti-server-side.ts';
import { requestGranted, serviceOfRequest } from './request-services.ts';

const CONN = { name: 'ConnectionDeviceID', value: '3001' };
const desk = (services: number) => ({ ServicesRequested: services, PeripheralID: 5000 });
const deskId = [
  { name: 'ClientID', value: 'desk' },
  { name: 'ClientPassword', value: new Uint8Array() },
  { name: 'AgentID', value: '5001' },
];

describe('request services: CLIENT_CONTROL and CALL_DATA_UPDATE are enforced', { timeout: 20_000 }, () => {
  let side: CtiServerSide;
  let peripheral: InMemoryCtiPeripheral;
  let port: number;
  const peers: CtiRawPeer[] = [];
  const peer = async () => {
    const p = await CtiRawPeer.connect(port, 20);
    peers.push(p);
    return p;
  };

  beforeEach(async () => {
    peripheral = new InMemoryCtiPeripheral({
      supported: ['ANSWER_CALL_REQ', 'SET_CALL_DATA_REQ', 'CLIENT_EVENT_REPORT_REQ'],
    });
    side = new CtiServerSide({ port: 0, clock: new ManualClock(0), peripheral, clients: new Map() });
    port = (await side.start()).port;
  });

  afterEach(async () => {
    for (const p of peers.splice(0)) p.end();
    await side.stop();
  });

  it('the guide tables: control requests need CLIENT_CONTROL, call data requests CALL_DATA_UPDATE', () => {
    assert.equal(serviceOfRequest('ANSWER_CALL_REQ'), ServiceMask.CLIENT_CONTROL);
    assert.equal(serviceOfRequest('SET_AGENT_STATE_REQ'), ServiceMask.CLIENT_CONTROL);
    assert.equal(serviceOfRequest('SNAPSHOT_DEVICE_REQ'), ServiceMask.CLIENT_CONTROL);
    assert.equal(serviceOfRequest('SET_CALL_DATA_REQ'), ServiceMask.CALL_DATA_UPDATE);
    assert.equal(serviceOfRequest('RELEASE_CALL_REQ'), ServiceMask.CALL_DATA_UPDATE);
    assert.equal(serviceOfRequest('CLIENT_EVENT_REPORT_REQ'), undefined);
    assert.equal(requestGranted('ANSWER_CALL_REQ', ServiceMask.ALL_EVENTS), false);
    assert.equal(
      requestGranted('ANSWER_CALL_REQ', ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL),
      true,
    );
    assert.equal(requestGranted('SET_CALL_DATA_REQ', ServiceMask.CLIENT_CONTROL), false);
  });

  it('a bridge without CLIENT_CONTROL: ANSWER_CALL_REQ → FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE, not forwarded', async () => {
    const p = await peer();
    await p.open({ ServicesRequested: ServiceMask.ALL_EVENTS });
    p.send(ctiMessage('ANSWER_CALL_REQ', { InvokeID: 7, PeripheralID: 5000, ConnectionCallID: 12 }, [CONN]));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 7, Status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE });
    assert.equal(peripheral.requests.length, 0);
    // CLIENT_EVENT_REPORT_REQ belongs to no such service: forwarded.
    p.send(
      ctiMessage('CLIENT_EVENT_REPORT_REQ', { InvokeID: 8, State: 0 }, [
        { name: 'ObjectName', value: 'desk' },
        { name: 'Text', value: 'hello' },
      ]),
    );
    await p.next();
    assert.equal(peripheral.requests[0]?.request.name, 'CLIENT_EVENT_REPORT_REQ');
  });

  it('a workstation with CLIENT_CONTROL but not CALL_DATA_UPDATE: control forwarded, SET_CALL_DATA_REQ refused', async () => {
    const p = await peer();
    const conf = await p.open(desk(ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL), deskId);
    assert.equal(conf.fixed.ServicesGranted, ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL);
    p.send(
      ctiMessage('SET_CALL_DATA_REQ', { InvokeID: 9, PeripheralID: 5000, ConnectionCallID: 12 }, [CONN]),
    );
    assert.deepEqual((await p.next()).fixed, { InvokeID: 9, Status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE });
    p.send(ctiMessage('ANSWER_CALL_REQ', { InvokeID: 10, PeripheralID: 5000, ConnectionCallID: 12 }, [CONN]));
    assert.equal((await p.next()).name, 'ANSWER_CALL_CONF');
    assert.deepEqual(
      peripheral.requests.map((r) => r.request.name),
      ['ANSWER_CALL_REQ'],
    );
  });

  it('a workstation with CALL_DATA_UPDATE only: SET_CALL_DATA_REQ forwarded, ANSWER_CALL_REQ refused', async () => {
    const p = await peer();
    await p.open(desk(ServiceMask.CLIENT_EVENTS | ServiceMask.CALL_DATA_UPDATE), deskId);
    p.send(ctiMessage('ANSWER_CALL_REQ', { InvokeID: 11, PeripheralID: 5000, ConnectionCallID: 12 }, [CONN]));
    assert.deepEqual((await p.next()).fixed, {
      InvokeID: 11,
      Status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE,
    });
    p.send(
      ctiMessage('SET_CALL_DATA_REQ', { InvokeID: 12, PeripheralID: 5000, ConnectionCallID: 12 }, [CONN]),
    );
    await p.next();
    assert.deepEqual(
      peripheral.requests.map((r) => r.request.name),
      ['SET_CALL_DATA_REQ'],
    );
  });
});
