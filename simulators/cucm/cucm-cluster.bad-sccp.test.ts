/**
 * Bad SCCP on a CUCM node's listener (real TCP): whatever one connection sends to cucm-sub1, the
 * node treats it as on the CME's port (simulators/station/station-server.fuzz.test.ts has the full
 * framing oracle; the same StationServer serves every CallManager node): a fatal framing error
 * closes that connection (reference: Wireshark's skinny dissector and the SCCP framing of
 * Cisco's captures, length + header version + message id), a device the cluster does not know is
 * refused with RegisterReject, nothing throws, the cluster's registered phones stay registered on
 * their node and can still call each other, and nothing of the bad connection stays registered.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { encodeMessage, HEADER_VERSIONS, type SccpMessage } from '../sccp/codec.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { versionedMessage } from '../testing/sccp-message-arbitraries.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import { CucmCluster } from './cucm-cluster.ts';

const clock = new ManualClock();
let cluster: CucmCluster;
let port: number;
const phones: SccpPhone[] = [];

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
  const endpoints = await cluster.start();
  const sub1 = endpoints.nodes['cucm-sub1']?.sccp;
  const pub = endpoints.nodes['cucm-pub']?.sccp;
  assert.ok(sub1 && pub);
  port = sub1.port;
  for (const mac of ['0000000CA001', '0000000CA002']) {
    const p = new SccpPhone({ mac, model: '7961', servers: [sub1, pub], clock });
    phones.push(p);
    await p.start();
  }
});

after(async () => {
  await Promise.allSettled(phones.map((p) => p.stop()));
  await cluster?.stop();
});

/** Both phones still registered on cucm-sub1, and the third phone of the lab on no node. */
function clusterIntact(): void {
  for (const p of phones) {
    assert.equal(p.state.registered, true, `${p.deviceName} still registered`);
    assert.equal(cluster.registeredNode(p.deviceName), 'cucm-sub1');
  }
  assert.equal(cluster.registeredNode('SEP0000000CA003'), undefined, 'nothing else registered');
}

test('a frame longer than the node accepts closes that connection only', async () => {
  const c = await SccpTestClient.connect(port);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x7fff_ffff, 0); // length far beyond any SCCP message
  c.raw(header);
  await c.waitClosed();
  clusterIntact();
});

test('a device the cluster does not know gets RegisterReject and the connection closes', async () => {
  const c = await SccpTestClient.connect(port);
  c.send('RegisterReq', { deviceName: 'SEP00000000DEAD', deviceType: 30018 } as Partial<SccpMessage>);
  const reject = await c.waitFor('RegisterReject');
  assert.match(String((reject as { text?: string }).text ?? ''), /\S/, 'RegisterReject carries a reason');
  await c.waitClosed();
  assert.equal(cluster.registeredNode('SEP00000000DEAD'), undefined);
  clusterIntact();
});

test('property: any bytes or SCCP messages from one connection leave the cluster serving its phones', async () => {
  const frame = versionedMessage(HEADER_VERSIONS).map(({ v, m }) => Buffer.from(encodeMessage(m, v)));
  const input = fc.array(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }).map(Buffer.from), frame), {
    minLength: 1,
    maxLength: 8,
  });
  await fc.assert(
    fc.asyncProperty(input, async (chunks) => {
      const c = await SccpTestClient.connect(port);
      for (const chunk of chunks) c.raw(chunk);
      // A KeepAliveReq after the input: answered unless the input closed or wedged the stream.
      c.raw(encodeMessage({ type: 'KeepAliveReq' } as SccpMessage, 0));
      await new Promise((r) => setTimeout(r, 20));
      c.close();
      await new Promise((r) => setTimeout(r, 5));
      clusterIntact();
    }),
    { numRuns: 40, seed: 10_2026 },
  );
  // The phones still call each other through the node.
  const [a, b] = phones;
  a!.offHook();
  a!.dial('1002');
  for (let i = 0; i < 200 && !Object.values(b!.state.lines).some((l) => Object.keys(l.calls).length > 0); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(
    Object.values(b!.state.lines).some((l) => Object.values(l.calls).some((call) => call.state === 'RingIn')),
    '1002 rings after the fuzzing',
  );
  a!.onHook();
});
