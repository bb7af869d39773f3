// Steps of the CTI Server session features (features/acd/session-management.feature): a raw TCP
// peer on a side of the ACD lab's CTI Server (simulators/testing/raw-cti-peer.ts) sends exactly
// the bytes a scenario names, before and after OPEN_REQ (Cisco "CTI Server Message Reference
// Guide", chapter 4 "Session Management"; "CTI Planning", "CTI Server Communications").
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { type CtiMessage, CtiStatus, ctiMessage, SystemEventID } from '../simulators/cti-server/wire.ts';
import { CtiRawPeer } from '../simulators/testing/raw-cti-peer.ts';
import { acdScenario, openCti, sideEndpoint } from './acd-steps.ts';
import type { LabWorld } from './world.ts';

const peers = new WeakMap<LabWorld, CtiRawPeer>();

function peer(world: LabWorld): CtiRawPeer {
  const p = peers.get(world);
  assert.ok(p, 'a raw CTI connection is open (When a raw CTI connection is made to side ...)');
  return p;
}

const status = (name: string): number => {
  const v = CtiStatus[name as keyof typeof CtiStatus];
  assert.ok(v !== undefined, `${name} is an E_CTI status`);
  return v;
};

/** The next message of the raw peer that is not an event the server sent on its own. */
async function nextAnswer(world: LabWorld): Promise<CtiMessage> {
  for (;;) {
    const m = await peer(world).next(3000);
    if (m.name !== 'SYSTEM_EVENT') return m;
  }
}

When('a raw CTI connection is made to side {word}', async function (this: LabWorld, side: string) {
  const ep = sideEndpoint(this, side);
  const p = await CtiRawPeer.connect(ep.port, 20, ep.host);
  peers.set(this, p);
  this.cleanups.push(async () => p.end());
});

When(
  'the raw connection sends {word} with InvokeID {int}',
  function (this: LabWorld, name: string, id: number) {
    peer(this).send(ctiMessage(name, { InvokeID: id }));
  },
);

When(
  'the raw connection sends a frame of message type {int} with InvokeID {int}',
  function (this: LabWorld, type: number, id: number) {
    const frame = Buffer.alloc(12);
    frame.writeUInt32BE(4, 0); // MessageLength: the body only (guide chapter 2 "Message Format")
    frame.writeUInt32BE(type, 4);
    frame.writeUInt32BE(id, 8);
    peer(this).write(frame);
  },
);

When('the raw connection sends a header with MessageLength {int}', function (this: LabWorld, length: number) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(length, 0);
  header.writeUInt32BE(3, 4); // OPEN_REQ
  peer(this).write(header);
});

When(
  'the raw connection opens a CTI Bridge session with version {int} and IdleTimeout {int}',
  async function (this: LabWorld, version: number, idle: number) {
    const p = peer(this);
    // An older, unsupported version is written with the older layout (1-byte floating tags and
    // lengths below version 20, reference digest): only its VersionNumber is refused.
    p.version = version >= 20 ? 20 : 19;
    await p.open({ VersionNumber: version, IdleTimeout: idle }).then((m) => {
      acdScenario(this).lastAnswer = m;
    });
  },
);

When('the raw connection opens a CTI Bridge session', async function (this: LabWorld) {
  acdScenario(this).lastAnswer = await peer(this).open();
});

Then(
  'the raw connection receives {word} with InvokeID {int}',
  async function (this: LabWorld, name: string, id: number) {
    const m = await nextAnswer(this);
    assert.equal(m.name, name, JSON.stringify(m.fixed));
    assert.equal(m.fixed.InvokeID, id);
  },
);

Then(
  'the raw connection receives FAILURE_CONF with status {word} and InvokeID {int}',
  async function (this: LabWorld, name: string, id: number) {
    const m = await nextAnswer(this);
    assert.equal(m.name, 'FAILURE_CONF', JSON.stringify(m.fixed));
    assert.equal(m.fixed.Status, status(name), `status ${name}`);
    assert.equal(m.fixed.InvokeID, id);
  },
);

Then('the side ends the raw connection', async function (this: LabWorld) {
  await peer(this).waitClosed(3000);
});

Then('the raw connection is still open', async function (this: LabWorld) {
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(peer(this).closed, false, 'the connection is open');
});

// ------------------------------------------------------------------ system events

When('the peripheral of ACD node {string} goes {word}', function (this: LabWorld, node: string, how: string) {
  assert.ok(how === 'offline' || how === 'online', 'offline or online');
  acdScenario(this)
    .lab.cti(node)
    .setPeripheralOnline(how === 'online');
});

When('ACD node {string} loses the central controller', function (this: LabWorld, node: string) {
  acdScenario(this).lab.cti(node).setCentralController(false);
});

When('the central controller of ACD node {string} is back', function (this: LabWorld, node: string) {
  acdScenario(this).lab.cti(node).setCentralController(true);
});

Then(
  '{string} receives SYSTEM_EVENT {word} with PGStatus {int}',
  async function (this: LabWorld, name: string, id: string, pg: number) {
    const client = acdScenario(this).clients.get(name);
    assert.ok(client, name);
    const want = SystemEventID[id as keyof typeof SystemEventID];
    assert.ok(want !== undefined, `${id} is a SystemEventID`);
    const m = await client.nextEvent((x) => x.name === 'SYSTEM_EVENT' && x.fixed.SystemEventID === want);
    assert.equal(m.fixed.PGStatus, pg);
  },
);

When(
  '{string} opens a CTI Bridge session on side {word} again',
  async function (this: LabWorld, name: string, side: string) {
    const old = acdScenario(this).clients.get(name);
    await old?.close();
    const c = await openCti(this, name, side);
    assert.ok(c, `session of ${name}`);
  },
);

Then(
  'the OPEN_CONF of {string} says PGStatus {int} and PeripheralOnline {word}',
  function (this: LabWorld, name: string, pg: number, online: string) {
    const conf = acdScenario(this).clients.get(name)?.openConf;
    assert.ok(conf, `${name} has an OPEN_CONF`);
    assert.equal(conf.fixed.PGStatus, pg);
    assert.equal(conf.fixed.PeripheralOnline, online === 'true');
  },
);

Then('the OPEN_CONF grants services {int}', function (this: LabWorld, services: number) {
  const a = acdScenario(this).lastAnswer;
  assert.ok(a?.name === 'OPEN_CONF', `OPEN_CONF, not ${a?.name} ${JSON.stringify(a?.fixed)}`);
  assert.equal(a.fixed.ServicesGranted, services);
});

When('{string} loses its session without CLOSE_REQ', function (this: LabWorld, name: string) {
  const c = acdScenario(this).clients.get(name);
  assert.ok(c, name);
  c.destroy();
  acdScenario(this).clients.delete(name);
});

When(
  '{string} opens a CTI Bridge session on side {word} with password {string}',
  async function (this: LabWorld, name: string, side: string, password: string) {
    await openCti(this, name, side, { password });
  },
);
