import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { DeviceType } from '../sccp/enums.ts';
import { testEphone, threePhoneConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import { acceptsDeviceType } from './phone-models.ts';
import { RegisterRejectText } from './registration.ts';
import type { StationConfig } from './station-config.ts';

/** Three phones, 201-203; `maxEphones` below 3 leaves the third without a slot. */
function config(maxEphones = 3): StationConfig {
  return threePhoneConfig('cme-test', { maxEphones });
}

const prompts = new Set(['DisplayPromptStatus', 'DisplayPromptStatusV2']);

describe('CME node: registration and keepalive (real TCP)', () => {
  const clock = new ManualClock();
  let lab: CmeLab;
  let port: number;
  const clients: SccpTestClient[] = [];
  let phoneB: SccpTestClient | undefined;
  const connect = async () => {
    const c = await SccpTestClient.connect(port);
    clients.push(c);
    return c;
  };

  before(async () => {
    lab = new CmeLab({ config: config(2), sccpPort: 0, clock, log: () => {} });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    for (const c of clients) c.close();
    await lab.stop();
  });

  test('RegisterReq from a configured MAC: RegisterAck then CapabilitiesReq, then the idle screen', async () => {
    const a = await connect();
    await a.register('001E4A34A35F');
    const types = a.types();
    assert.deepEqual(types.slice(0, 2), ['RegisterAck', 'CapabilitiesReq']);
    const ack = a.received[0] as { keepAliveInterval: number; maxProtocolVer: number };
    assert.equal(ack.keepAliveInterval, 30);
    assert.equal(ack.maxProtocolVer, 5);
    const bt = a.received.find((m) => m.type === 'ButtonTemplateRes') as {
      definitions: { instanceNumber: number; buttonDefinition: number }[];
    };
    assert.deepEqual(bt.definitions[0], { instanceNumber: 1, buttonDefinition: 9 });
    // reference §6 frames 45-46: SelectSoftKeys(0, 0, OnHook) then "Your current options".
    const iTime = types.indexOf('TimeDateRes');
    assert.equal(types[iTime + 1], 'SelectSoftKeys');
    assert.ok(prompts.has(types[iTime + 2]!));
    assert.equal(lab.node.registeredDevices.length, 1);
  });

  test('unknown MAC is rejected and the connection closed', async () => {
    const c = await connect();
    c.send('RegisterReq', { deviceName: 'SEP112233445566', deviceType: 30018, protocolVer: 5 });
    const rej = await c.waitFor('RegisterReject');
    assert.match(rej.text, /Unknown device/);
    await c.waitClosed();
  });

  test('a device already registered is rejected', async () => {
    const c = await connect();
    c.send('RegisterReq', { deviceName: 'SEP001E4A34A35F', deviceType: 30018, protocolVer: 5 });
    assert.match((await c.waitFor('RegisterReject')).text, /already registered/);
    await c.waitClosed();
  });

  test('max-ephones reached: the next phone is rejected', async () => {
    const b = await connect();
    phoneB = b;
    await b.register('000F8FC7B681');
    const c = await connect();
    c.send('RegisterReq', { deviceName: 'SEP0019E7FF1E30', deviceType: 30018, protocolVer: 5 });
    assert.match((await c.waitFor('RegisterReject')).text, /max-ephones/);
    await c.waitClosed();
    assert.equal(lab.node.registeredDevices.length, 2);
  });

  test('KeepAliveReq is answered by KeepAliveAck', async () => {
    const a = clients[0]!;
    a.clear();
    a.send('KeepAliveReq');
    await a.waitFor('KeepAliveAck');
  });

  test('bad input on one connection: closed or ignored, the other phones keep working', async () => {
    const bad1 = await connect();
    bad1.raw(Buffer.from([0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // length 2 < 4
    await bad1.waitClosed();
    const bad2 = await connect();
    bad2.raw(Buffer.from([0xff, 0xff, 0xff, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])); // length far above any message
    await bad2.waitClosed();
    const bad3 = await connect();
    bad3.raw(Buffer.from([4, 0, 0, 0, 0x42, 0, 0, 0, 0, 0, 0, 0])); // header version 0x42
    await bad3.waitClosed();
    const bad4 = await connect();
    bad4.raw(Buffer.from([4, 0, 0, 0, 0, 0, 0, 0, 0xee, 0xee, 0, 0])); // unknown message id: ignored
    bad4.send('KeepAliveReq');
    await bad4.waitFor('KeepAliveAck');
    assert.equal(bad4.closed, false);
    const bad5 = await connect();
    bad5.raw(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0x53, 0x45, 0x50, 0x30])); // truncated RegisterReq
    bad5.send('KeepAliveReq');
    await bad5.waitFor('KeepAliveAck');
    const a = clients[0]!;
    a.clear();
    a.send('KeepAliveReq');
    await a.waitFor('KeepAliveAck');
    assert.equal(lab.node.registeredDevices.length, 2);
  });

  test('a phone silent for 3 x keepalive is unregistered', async () => {
    const [a, b] = [clients[0]!, phoneB!];
    // keep b alive while a stays silent
    for (let i = 0; i < 4; i++) {
      clock.advance(25_000);
      b.clear();
      b.send('KeepAliveReq');
      await b.waitFor('KeepAliveAck');
    }
    await a.waitClosed();
    assert.deepEqual(
      lab.node.registeredDevices.map((d) => d.deviceName),
      ['SEP000F8FC7B681'],
    );
  });
});

describe('CME node: a basic call in the CUCM message orders', () => {
  let lab: CmeLab;
  let a: SccpTestClient;
  let b: SccpTestClient;

  before(async () => {
    lab = new CmeLab({ config: config(), sccpPort: 0, log: () => {} });
    const port = (await lab.start()).endpoints.sccp.port;
    a = await SccpTestClient.connect(port);
    b = await SccpTestClient.connect(port);
    await a.register('001E4A34A35F');
    await b.register('000F8FC7B681');
  });
  after(async () => {
    a.close();
    b.close();
    await lab.stop();
  });

  test('off-hook, dial, ring-in, answer, media, hang up', async () => {
    a.clear();
    b.clear();
    a.send('OffHook', { lineInstance: 0, callReference: 0 });
    await a.waitFor('StartTone');
    // reference §6 frames 80-87.
    assert.deepEqual(a.types(), [
      'SetRinger',
      'SetSpeakerMode',
      'SetLamp',
      'CallState',
      'SelectSoftKeys',
      'DisplayPromptStatus',
      'ActivateCallPlane',
      'StartTone',
    ]);
    const cs = a.received.find((m) => m.type === 'CallState') as { callState: number; callReference: number };
    assert.equal(cs.callState, 1);
    const ref = cs.callReference;
    a.clear();
    for (const d of [2, 0, 2]) a.send('KeypadButton', { kpButton: d, lineInstance: 1, callReference: ref });
    await b.until((r) => r.some((m) => m.type === 'SetRinger'), 'ring');
    // reference §6 frames 132-138 (ring-in).
    assert.deepEqual(b.types().slice(0, 6), [
      'CallState',
      'SelectSoftKeys',
      'DisplayPromptStatus',
      'DisplayPriNotify',
      'SetLamp',
      'SetRinger',
    ]);
    const ringIn = b.received[0] as { callState: number; callReference: number };
    assert.equal(ringIn.callState, 4);
    const prompt = b.received[2] as { promptStatus: string };
    assert.equal(prompt.promptStatus, '\x80\x17201');
    await a.until(
      (r) => r.some((m) => m.type === 'CallState' && (m as { callState: number }).callState === 3),
      'ring out',
    );
    b.clear();
    a.clear();
    b.send('OffHook', { lineInstance: 1, callReference: ringIn.callReference });
    await b.waitFor('OpenReceiveChannel');
    // reference §6 frames 141-151 (answer).
    assert.deepEqual(b.types().slice(0, 8), [
      'SetRinger',
      'SetSpeakerMode',
      'SetLamp',
      'CallState',
      'ActivateCallPlane',
      'SetRinger',
      'StopTone',
      'OpenReceiveChannel',
    ]);
    const orcB = await b.waitFor('OpenReceiveChannel');
    const orcA = await a.waitFor('OpenReceiveChannel');
    b.send('OpenReceiveChannelAck', {
      mediaReceptionStatus: 0,
      ipAddr: '127.0.0.2',
      portNumber: 16384,
      passThroughPartyId: orcB.passThroughPartyId,
    });
    a.send('OpenReceiveChannelAck', {
      mediaReceptionStatus: 0,
      ipAddr: '127.0.0.3',
      portNumber: 16386,
      passThroughPartyId: orcA.passThroughPartyId,
    });
    const smA = await a.waitFor('StartMediaTransmission');
    const smB = await b.waitFor('StartMediaTransmission');
    assert.equal(smA.remoteIpAddr, '127.0.0.2');
    assert.equal(smA.remotePortNumber, 16384);
    assert.equal(smB.remoteIpAddr, '127.0.0.3');
    a.clear();
    b.clear();
    a.send('OnHook', { lineInstance: 1, callReference: ref });
    await b.until(
      (r) => r.some((m) => m.type === 'CallState' && (m as { callState: number }).callState === 2),
      'b on hook',
    );
    assert.ok(b.types().includes('CloseReceiveChannel'));
    assert.ok(b.types().includes('StopMediaTransmission'));
    assert.equal(lab.calls.model.callIds().length, 0);
  });
});

describe('CME node: RegisterReq device type (real TCP)', () => {
  // Ephones 1 and 2 are `type 7961` (DeviceType Cisco7961 = 30018), ephone 3 has no `type`.
  const cfg = config(3);
  cfg.ephones.set(3, { ...testEphone(3, '0019E7FF1E30', [3]), model: undefined });
  let lab: CmeLab;
  let port: number;
  const clients: SccpTestClient[] = [];
  const connect = async () => {
    const c = await SccpTestClient.connect(port);
    clients.push(c);
    return c;
  };
  const registerReq = (c: SccpTestClient, mac: string, deviceType: number) =>
    c.send('RegisterReq', { deviceName: `SEP${mac}`, deviceType, protocolVer: 5, maxStreams: 5 });

  before(async () => {
    lab = new CmeLab({ config: cfg, sccpPort: 0, clock: new ManualClock(), log: () => {} });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    for (const c of clients) c.close();
    await lab.stop();
  });

  for (const [what, deviceType, text] of [
    ['device type 0', 0, RegisterRejectText.invalidDeviceType],
    ['device type 0xFFFFFFFF', 0xffffffff, RegisterRejectText.invalidDeviceType],
    ['a 7960 (7) on a type 7961 ephone', DeviceType.Cisco7960, RegisterRejectText.deviceTypeMismatch],
    ['a 7961GE (308) on a type 7961 ephone', DeviceType.Cisco7961GE, RegisterRejectText.deviceTypeMismatch],
  ] as const) {
    test(`${what}: RegisterReject "${text}", connection closed, nothing registered`, async () => {
      const c = await connect();
      registerReq(c, '001E4A34A35F', deviceType);
      const rej = await c.waitFor('RegisterReject');
      assert.equal(rej.text, text);
      await c.waitClosed();
      assert.deepEqual(c.types(), ['RegisterReject']);
      assert.equal(lab.node.device('SEP001E4A34A35F'), undefined);
    });
  }

  test('the matching device type registers: RegisterAck then CapabilitiesReq', async () => {
    const c = await connect();
    registerReq(c, '001E4A34A35F', DeviceType.Cisco7961);
    await c.waitFor('CapabilitiesReq');
    assert.deepEqual(c.types().slice(0, 2), ['RegisterAck', 'CapabilitiesReq']);
    assert.ok(lab.node.device('SEP001E4A34A35F'));
  });

  test('an ephone without `type` takes any valid device type, but never 0 or 0xFFFFFFFF', async () => {
    for (const bad of [0, 0xffffffff]) {
      const c = await connect();
      registerReq(c, '0019E7FF1E30', bad);
      assert.equal((await c.waitFor('RegisterReject')).text, RegisterRejectText.invalidDeviceType);
      await c.waitClosed();
    }
    const c = await connect();
    registerReq(c, '0019E7FF1E30', DeviceType.Cisco7960);
    await c.waitFor('CapabilitiesReq');
    assert.equal(c.types()[0], 'RegisterAck');
    assert.ok(lab.node.device('SEP0019E7FF1E30'));
  });

  test('the reject texts fit RegisterReject char[32] with their NUL', () => {
    for (const text of Object.values(RegisterRejectText)) assert.ok(text.length <= 31, text);
  });

  test('type ata takes an ATA 186 or 188; other types only their own code', () => {
    assert.ok(acceptsDeviceType('ATA', DeviceType.CiscoATA186));
    assert.ok(acceptsDeviceType('ata', DeviceType.CiscoATA188));
    assert.ok(!acceptsDeviceType('ATA', DeviceType.Cisco7961));
    assert.ok(acceptsDeviceType('ATA-188', DeviceType.CiscoATA188));
    assert.ok(!acceptsDeviceType('ATA-188', DeviceType.CiscoATA186));
    assert.ok(acceptsDeviceType('7960', DeviceType.Cisco7960));
    assert.ok(!acceptsDeviceType('7960', DeviceType.Cisco7961));
    assert.ok(acceptsDeviceType(undefined, DeviceType.Cisco7960));
    assert.ok(acceptsDeviceType('no-such-model', 12345));
  });
});
