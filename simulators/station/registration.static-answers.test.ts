import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream, type WireObservation } from '../lab/observation.ts';
import { encodeMessage } from '../sccp/codec.ts';
import type { MessageOf, SccpMessage } from '../sccp/messages.ts';
import { THREE_PHONE_MACS, threePhoneConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import { softKeySetDefinitions, softKeyTemplate } from './softkeys.ts';

/** What softkeys.ts says the two answers hold (registration.ts encodes them once per header version). */
function expected(): { template: SccpMessage; sets: SccpMessage } {
  const keys = softKeyTemplate();
  const sets = softKeySetDefinitions();
  return {
    template: {
      type: 'SoftKeyTemplateRes',
      softKeyOffset: 0,
      totalSoftKeyCount: keys.length,
      definitions: keys,
    },
    sets: {
      type: 'SoftKeySetRes',
      softKeySetOffset: 0,
      totalSoftKeySetCount: sets.length,
      definitions: sets,
    },
  };
}

const staticTypes = new Set(['SoftKeyTemplateRes', 'SoftKeySetRes']);

describe('StationRegistration: the soft-key answers encoded once (real TCP)', () => {
  const clock = new ManualClock();
  const observations = new ObservationStream();
  /** Frames the CME sent of the two static answers: connection, type, bytes. */
  const sent: Array<{ connection: string; type: string; bytes: Uint8Array }> = [];
  let lab: CmeLab;
  let port: number;
  const clients: SccpTestClient[] = [];

  before(async () => {
    lab = new CmeLab({
      config: threePhoneConfig('cme-static'),
      sccpPort: 0,
      clock,
      observations,
      log: () => {},
    });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    for (const c of clients) c.close();
    await lab.stop();
  });

  async function registerAndAsk(mac: string, protocolVer: number, observe: boolean): Promise<SccpTestClient> {
    const stop = observe
      ? observations.subscribe((o: Observation) => {
          if (o.kind !== 'wire' || o.source !== 'cme-static') return;
          const type = (o.decoded as SccpMessage | undefined)?.type;
          if (type !== undefined && staticTypes.has(type))
            sent.push({ connection: o.connection, type, bytes: new Uint8Array(o.bytes) });
        })
      : () => {};
    const c = await SccpTestClient.connect(port);
    clients.push(c);
    await c.register(mac, { protocolVer });
    c.send('SoftKeyTemplateReq');
    c.send('SoftKeySetReq');
    await c.waitFor('SoftKeySetRes');
    stop();
    return c;
  }

  test('each phone gets the bytes encodeMessage makes for its header version (0 below v10, v17 from v17)', async () => {
    const want = expected();
    const a = await registerAndAsk('001E4A34A35F', 5, true);
    const b = await registerAndAsk('000F8FC7B681', 17, true);
    const byConnection = new Map<string, Map<string, Uint8Array>>();
    for (const s of sent) {
      const m = byConnection.get(s.connection) ?? new Map<string, Uint8Array>();
      m.set(s.type, s.bytes);
      byConnection.set(s.connection, m);
    }
    const [first, second] = [...byConnection.values()];
    assert.ok(first && second, `frames of two connections, got ${byConnection.size}`);
    assert.deepEqual(first.get('SoftKeyTemplateRes'), new Uint8Array(encodeMessage(want.template, 0)));
    assert.deepEqual(first.get('SoftKeySetRes'), new Uint8Array(encodeMessage(want.sets, 0)));
    assert.deepEqual(second.get('SoftKeyTemplateRes'), new Uint8Array(encodeMessage(want.template, 17)));
    assert.deepEqual(second.get('SoftKeySetRes'), new Uint8Array(encodeMessage(want.sets, 17)));
    // What each phone decoded is the message softkeys.ts describes.
    for (const c of [a, b]) {
      assert.deepEqual(
        c.received.find((m) => m.type === 'SoftKeyTemplateRes'),
        want.template,
      );
      assert.deepEqual(
        c.received.find((m) => m.type === 'SoftKeySetRes'),
        want.sets,
      );
    }
  });

  test('with no observer the answers still reach the phone (a header version already encoded)', async () => {
    const want = expected();
    const count = sent.length;
    const c = await registerAndAsk('0019E7FF1E30', 5, false);
    assert.equal(sent.length, count);
    // The lab's TR/87 refusal log takes state observations only: no one takes wire ones.
    assert.equal(observations.wants('wire'), false);
    assert.deepEqual(
      c.received.find((m) => m.type === 'SoftKeyTemplateRes'),
      want.template,
    );
    assert.deepEqual(
      c.received.find((m) => m.type === 'SoftKeySetRes'),
      want.sets,
    );
  });
});

describe('StationSession: wire observations for a listener of wire observations only (real TCP)', () => {
  const clock = new ManualClock();
  const observations = new ObservationStream();
  let lab: CmeLab;
  let port: number;

  before(async () => {
    lab = new CmeLab({
      config: threePhoneConfig('cme-wire'),
      sccpPort: 0,
      clock,
      observations,
      log: () => {},
    });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    await lab.stop();
  });

  test('each frame received and sent, whole: protocol, transport, connection, both addresses, bytes, message', async () => {
    const wire: WireObservation[] = [];
    const stop = observations.subscribe(
      (o) => {
        if (o.kind === 'wire' && o.source === 'cme-wire') wire.push(o);
      },
      ['wire'],
    );
    const c = await SccpTestClient.connect(port);
    const d = await SccpTestClient.connect(port);
    try {
      for (const [client, mac] of [
        [c, '001E4A34A35F'],
        [d, '000F8FC7B681'],
      ] as const) {
        await client.register(mac, { protocolVer: 17 });
        client.send('SoftKeyTemplateReq');
        await client.waitFor('SoftKeyTemplateRes');
      }
    } finally {
      stop();
      c.close();
      d.close();
    }
    // Encoded once per header version: both phones were sent the very same frame.
    const answers = wire.filter((o) => (o.decoded as SccpMessage | undefined)?.type === 'SoftKeyTemplateRes');
    assert.equal(answers.length, 2);
    assert.notEqual(answers[0]?.connection, answers[1]?.connection);
    assert.equal(answers[0]?.bytes, answers[1]?.bytes, 'one frame object for both phones');
    const register = wire.find((o) => (o.decoded as SccpMessage | undefined)?.type === 'RegisterReq');
    const answer = wire.find((o) => (o.decoded as SccpMessage | undefined)?.type === 'SoftKeyTemplateRes');
    assert.ok(register && answer, `RegisterReq in and SoftKeyTemplateRes out, got ${wire.length} frames`);
    const cme = { host: '127.0.0.1', port };
    for (const o of [register, answer]) {
      assert.equal(o.protocol, 'sccp');
      assert.equal(o.transport, 'tcp');
      assert.equal(o.time, clock.now());
    }
    assert.equal(answer.connection, register.connection);
    assert.ok(register.connection.length > 0);
    // In: from the phone's socket to the CME's; out: the other way round.
    assert.deepEqual(register.dst, cme);
    assert.deepEqual(answer.src, cme);
    assert.deepEqual(answer.dst, register.src);
    assert.notEqual(register.src.port, port);
    assert.deepEqual(new Uint8Array(answer.bytes), new Uint8Array(encodeMessage(expected().template, 17)));
    assert.deepEqual(answer.decoded, expected().template);
    assert.equal((register.decoded as MessageOf<'RegisterReq'>).deviceName, 'SEP001E4A34A35F');
    assert.ok(register.bytes.byteLength > 12, 'the whole RegisterReq frame');
  });
});

describe('StationRegistration: RegisterAck kept per keepalive and version', () => {
  let lab: CmeLab;
  let port: number;
  const clients: SccpTestClient[] = [];
  before(async () => {
    lab = new CmeLab({
      config: threePhoneConfig('cme-acks'),
      sccpPort: 0,
      clock: new ManualClock(),
      log: () => {},
    });
    port = (await lab.start()).endpoints.sccp.port;
  });
  after(async () => {
    for (const c of clients) c.close();
    await lab.stop();
  });

  test('phones offering different versions each get the RegisterAck of their own agreed version', async () => {
    const [macA, macB, macC] = THREE_PHONE_MACS;
    const acks: number[] = [];
    for (const [mac, protocolVer] of [
      [macA, 11],
      [macB, 17],
      [macC, 11],
    ] as const) {
      const c = await SccpTestClient.connect(port);
      clients.push(c);
      await c.register(mac, { protocolVer });
      const ack = c.received.find((m) => m.type === 'RegisterAck') as MessageOf<'RegisterAck'>;
      acks.push(ack.maxProtocolVer);
    }
    assert.equal(acks[0], acks[2]);
    assert.notEqual(acks[0], acks[1]);
    assert.equal(acks[0], 11);
  });
});
