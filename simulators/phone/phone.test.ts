import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream } from '../lab/observation.ts';
import {
  decodeBody,
  encodeMessage,
  FrameReader,
  MessageId,
  type MessageOf,
  type SccpMessage,
} from '../sccp/codec.ts';
import { SccpPhone } from './phone.ts';
import {
  NoCallManagerError,
  PhoneActionError,
  PhoneWaitTimeoutError,
  RegistrationRejectedError,
} from './phone-errors.ts';

// ---- a minimal scripted call manager (real TCP + the codec) ------------------------------------

interface CallManagerScript {
  reject?: string;
  answerKeepalives?: boolean;
  keepAliveInterval?: number;
  /** Answers to successive RegisterTokenReqs ('ack' or seconds to wait); the last one repeats. */
  tokenAnswers?: Array<'ack' | number>;
}

interface Received {
  socket: number;
  headerVersion: number;
  message: SccpMessage;
}

/** A message with every field defaulted, as the codec decodes an all-zero body. */
function blank<T extends keyof typeof MessageId>(type: T, fields: Partial<MessageOf<T>>): MessageOf<T> {
  return { ...(decodeBody(MessageId[type], Buffer.alloc(600), 0) as MessageOf<T>), ...fields };
}

class ScriptedCallManager {
  readonly received: Received[] = [];
  readonly sockets: Socket[] = [];
  private tokenCount = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly script: CallManagerScript,
  ) {}

  static async start(script: CallManagerScript = {}, port = 0): Promise<ScriptedCallManager> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const cm = new ScriptedCallManager(server, address.port, script);
    server.on('connection', (socket) => cm.accept(socket));
    return cm;
  }

  private accept(socket: Socket): void {
    const index = this.sockets.push(socket) - 1;
    const reader = new FrameReader();
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      for (const r of reader.push(chunk)) {
        if (!r.ok) continue;
        this.received.push({ socket: index, headerVersion: r.headerVersion, message: r.message });
        this.answer(socket, r.message);
      }
    });
  }

  send(m: SccpMessage, socket = this.sockets.length - 1): void {
    this.sockets[socket]?.write(encodeMessage(m, 0));
  }

  sendRaw(bytes: Buffer, socket = this.sockets.length - 1): void {
    this.sockets[socket]?.write(bytes);
  }

  types(): string[] {
    return this.received.map((r) => r.message.type);
  }

  of<T extends SccpMessage['type']>(type: T): MessageOf<T>[] {
    return this.received.filter((r) => r.message.type === type).map((r) => r.message as MessageOf<T>);
  }

  /** Polls (real time) until `count` messages of `type` have arrived. */
  async until(type: SccpMessage['type'], count = 1, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(type).length < count) {
      if (Date.now() > deadline)
        throw new Error(`call manager ${this.port}: no ${count} x ${type}; got ${this.types()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(socket: Socket, m: SccpMessage): void {
    const send = (reply: SccpMessage): void => {
      socket.write(encodeMessage(reply, 0));
    };
    switch (m.type) {
      case 'RegisterReq':
        if (this.script.reject !== undefined) {
          send({ type: 'RegisterReject', text: this.script.reject });
          socket.end();
          return;
        }
        // Wireshark packet-skinny and chan-sccp (registration): RegisterAck, then CapabilitiesReq.
        send({
          type: 'RegisterAck',
          keepAliveInterval: this.script.keepAliveInterval ?? 30,
          dateTemplate: 'M/D/Y',
          secondaryKeepAliveInterval: this.script.keepAliveInterval ?? 30,
          maxProtocolVer: 17,
          unknown: 0x20,
          phoneFeatures: 0xfff1,
        });
        send({ type: 'CapabilitiesReq' });
        return;
      case 'ButtonTemplateReq':
        send({
          type: 'ButtonTemplateRes',
          buttonOffset: 0,
          totalButtonCount: 3,
          definitions: [
            { instanceNumber: 1, buttonDefinition: 9 },
            { instanceNumber: 2, buttonDefinition: 9 },
            { instanceNumber: 1, buttonDefinition: 2 },
          ],
        });
        return;
      case 'SoftKeyTemplateReq':
        send({
          type: 'SoftKeyTemplateRes',
          softKeyOffset: 0,
          totalSoftKeyCount: 5,
          definitions: [
            { softKeyLabel: '\x80\x01', softKeyEvent: 1 },
            { softKeyLabel: '\x80\x02', softKeyEvent: 2 },
            { softKeyLabel: '\x80\x09', softKeyEvent: 9 },
            { softKeyLabel: '\x80\x0b', softKeyEvent: 11 },
            // A template may pair a label with its own event number (chan_skinny sends DND as 19).
            { softKeyLabel: 'DND', softKeyEvent: 19 },
          ],
        });
        return;
      case 'SoftKeySetReq':
        send({
          type: 'SoftKeySetRes',
          softKeySetOffset: 0,
          totalSoftKeySetCount: 2,
          definitions: [
            { softKeyTemplateIndex: [1, 2, 5], softKeyInfoIndex: [301, 302, 363] },
            { softKeyTemplateIndex: [3], softKeyInfoIndex: [309] },
          ],
        });
        return;
      case 'ConfigStatReq':
        send({
          type: 'ConfigStatRes',
          deviceName: 'SEP001122334455',
          userId: 0,
          instance: 1,
          userName: '',
          serverName: 'PUB',
          numberOfLines: 2,
          numberOfSpeedDials: 1,
        });
        return;
      case 'LineStatReq':
        send({
          type: 'LineStatRes',
          lineNumber: m.lineNumber,
          lineDirNumber: `100${m.lineNumber}`,
          lineFullyQualifiedDisplayName: `Phone ${m.lineNumber}`,
          lineTextLabel: `Line 100${m.lineNumber}`,
          lineDisplayOptions: 0,
        });
        return;
      case 'TimeDateReq':
        send({
          type: 'TimeDateRes',
          wYear: 2026,
          wMonth: 6,
          wDayOfWeek: 5,
          wDay: 5,
          wHour: 23,
          wMinute: 18,
          wSecond: 47,
          wMilliseconds: 0,
          systemTime: 0,
        });
        return;
      case 'KeepAliveReq':
        if (this.script.answerKeepalives !== false) send({ type: 'KeepAliveAck' });
        return;
      case 'UnregisterReq':
        send({ type: 'UnregisterAck', status: 0 });
        return;
      case 'RegisterTokenReq': {
        const answers = this.script.tokenAnswers ?? ['ack'];
        const answer = answers[Math.min(this.tokenCount++, answers.length - 1)];
        if (answer === 'ack' || answer === undefined) send({ type: 'RegisterTokenAck' });
        else send({ type: 'RegisterTokenReject', waitTimeBeforeNextReq: answer });
        return;
      }
      default:
        return;
    }
  }
}

// ---- fixtures ---------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function callManager(script?: CallManagerScript, port?: number): Promise<ScriptedCallManager> {
  const cm = await ScriptedCallManager.start(script, port);
  cleanups.push(() => cm.close());
  return cm;
}

function phoneFor(
  servers: ScriptedCallManager[] | number[],
  extra: Partial<ConstructorParameters<typeof SccpPhone>[0]> = {},
) {
  const phone = new SccpPhone({
    mac: '001122aabbcc',
    model: '7961',
    servers: servers.map((s) => ({ host: '127.0.0.1', port: typeof s === 'number' ? s : s.port })),
    ...extra,
  });
  cleanups.push(() => phone.stop());
  return phone;
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const cm = await ScriptedCallManager.start();
  const port = cm.port;
  await cm.close();
  return port;
}

// ---- registration -----------------------------------------------------------------------------

test('registers: RegisterReq, CapabilitiesRes, templates, line stats, TimeDateReq (reference §3)', async () => {
  const cm = await callManager();
  const observations = new ObservationStream();
  const seen: Observation[] = [];
  observations.subscribe((o) => seen.push(o));
  const phone = phoneFor([cm], { observations, clock: new ManualClock() });
  const registered: number[] = [];
  phone.on('registered', (s) => registered.push(s.index));
  await phone.start();

  assert.deepEqual(cm.types(), [
    'RegisterReq',
    'CapabilitiesRes',
    'ButtonTemplateReq',
    'SoftKeyTemplateReq',
    'SoftKeySetReq',
    'ConfigStatReq',
    'LineStatReq',
    'LineStatReq',
    'RegisterAvailableLines',
    'TimeDateReq',
  ]);
  const [req] = cm.of('RegisterReq');
  assert.equal(req?.deviceName, 'SEP001122AABBCC');
  assert.equal(req?.deviceType, 30018);
  assert.equal(req?.protocolVer, 15);
  assert.equal(req?.stationIpAddr, '127.0.0.1');
  assert.deepEqual(
    cm.of('LineStatReq').map((m) => m.lineNumber),
    [1, 2],
  );
  // RegisterReq goes out with header 0; after RegisterAck (max 17) the agreed 15 is the header (§2).
  assert.equal(cm.received[0]?.headerVersion, 0);
  assert.equal(cm.received[1]?.headerVersion, 15);

  const s = phone.state;
  assert.equal(s.registered, true);
  assert.equal(s.serverIndex, 0);
  assert.equal(s.deviceName, 'SEP001122AABBCC');
  assert.equal(s.keepAliveInterval, 30);
  assert.equal(s.protocolVersion, 15);
  assert.deepEqual(
    s.buttons.map((b) => [b.instance, b.typeName]),
    [
      [1, 'Line'],
      [2, 'Line'],
      [1, 'SpeedDial'],
    ],
  );
  assert.equal(s.lines['1']?.dirNumber, '1001');
  assert.equal(s.lines['2']?.label, 'Line 1002');
  assert.deepEqual(
    s.softKeyTemplate.map((k) => k.name),
    ['Redial', 'NewCall', 'EndCall', 'Answer', 'DND'],
  );
  assert.deepEqual(s.softKeySets[0]?.keys, ['Redial', 'NewCall', 'DND']);
  assert.equal(s.softKeySets[0]?.name, 'OnHook');
  assert.equal(s.config?.serverName, 'PUB');
  assert.equal(s.timeDate?.year, 2026);
  assert.deepEqual(registered, [0]);
  // snapshot(): a detached copy of the whole state that survives JSON unchanged (observers and
  // reports serialise it).
  const snap = phone.snapshot();
  assert.notEqual(snap, phone.state);
  assert.deepEqual(snap, phone.state);
  assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap, 'the snapshot round-trips through JSON');
  assert.deepEqual(Object.keys(snap).sort(), [
    'activeLine',
    'buttons',
    'config',
    'dateTemplate',
    'deviceName',
    'dialedNumber',
    'keepAliveInterval',
    'lamps',
    'lastResetType',
    'lines',
    'media',
    'notify',
    'prompt',
    'protocolVersion',
    'registered',
    'ringer',
    'secondaryKeepAliveInterval',
    'selectedSoftKeys',
    'server',
    'serverIndex',
    'softKeySets',
    'softKeyTemplate',
    'speaker',
    'timeDate',
    'tone',
  ]);
  assert.equal(snap.deviceName, 'SEP001122AABBCC');
  assert.equal(snap.registered, true);
  assert.equal(snap.lines['1']?.dirNumber, '1001');
  snap.lines['1']!.dirNumber = '9999';
  assert.equal(phone.state.lines['1']?.dirNumber, '1001', 'changing the snapshot leaves the phone alone');

  const wire = seen.filter((o) => o.kind === 'wire');
  assert.equal(wire.length, 10 + 9, 'every frame in both directions is observed');
  const first = wire[0];
  assert.ok(first?.kind === 'wire');
  assert.equal(first.source, 'SEP001122AABBCC');
  assert.equal(first.protocol, 'sccp');
  assert.equal(first.dst.port, cm.port);
  assert.deepEqual((first.decoded as SccpMessage).type, 'RegisterReq');
  assert.ok(seen.some((o) => o.kind === 'connection' && o.event === 'open' && o.server.port === cm.port));
  assert.ok(
    seen.some((o) => o.kind === 'state' && o.topic === 'registration' && o.detail.registered === true),
  );
});

test('phones of one process share the templates they were sent alike: frozen entries and sets', async () => {
  const cm = await callManager();
  const one = phoneFor([cm], { clock: new ManualClock() });
  const two = phoneFor([cm], { mac: '001122aabbcd', clock: new ManualClock() });
  await one.start();
  await two.start();
  const [a, b] = [one.state, two.state];
  assert.deepEqual(
    a.softKeyTemplate.map((k) => k.name),
    ['Redial', 'NewCall', 'EndCall', 'Answer', 'DND'],
  );
  // The same bytes decode once per process (sccp/decode-memo.ts): the entries are one frozen object.
  assert.equal(a.softKeyTemplate[0], b.softKeyTemplate[0]);
  assert.ok(Object.isFrozen(a.softKeyTemplate[0]));
  assert.equal(a.softKeySets[0]?.templateIndexes, b.softKeySets[0]?.templateIndexes);
  // The same template and sets: one frozen set (soft-key-sets.ts; a different template would not share it).
  assert.equal(a.softKeySets[0], b.softKeySets[0]);
  assert.ok(Object.isFrozen(b.softKeySets[0]));
  assert.deepEqual(b.softKeySets[0]?.keys, ['Redial', 'NewCall', 'DND']);
  assert.deepEqual(two.snapshot().softKeySets, structuredClone(a.softKeySets));
  assert.deepEqual(two.snapshot().softKeyTemplate, structuredClone(a.softKeyTemplate));
});

test('RegisterReject makes start() reject with RegistrationRejectedError carrying the text', async () => {
  const cm = await callManager({ reject: 'Unknown device' });
  const phone = phoneFor([cm]);
  await assert.rejects(phone.start(), (err: unknown) => {
    assert.ok(err instanceof RegistrationRejectedError);
    assert.equal(err.text, 'Unknown device');
    return true;
  });
  assert.equal(phone.state.registered, false);
});

test('no reachable server: start() rejects with NoCallManagerError listing each attempt', async () => {
  const port = await freePort();
  const phone = phoneFor([port, port]);
  await assert.rejects(phone.start(), (err: unknown) => {
    assert.ok(err instanceof NoCallManagerError);
    assert.equal(err.attempts.length, 2);
    return true;
  });
});

test('bad options are PhoneConfigErrors', () => {
  assert.throws(
    () => new SccpPhone({ mac: 'xyz', model: '7961', servers: [{ host: 'h', port: 1 }] }),
    /12 hex/,
  );
  assert.throws(() => new SccpPhone({ mac: '001122aabbcc', model: '7961', servers: [] }), /empty/);
  assert.throws(
    () => new SccpPhone({ mac: '001122aabbcc', model: 'toaster', servers: [{ host: 'h', port: 1 }] }),
    /model/,
  );
});

// ---- keepalive, failover, fallback ------------------------------------------------------------

test('keepalives follow keepAliveInterval on the injected clock and KeepAliveAck keeps the phone registered', async () => {
  const cm = await callManager({ keepAliveInterval: 20 });
  const clock = new ManualClock();
  const phone = phoneFor([cm], { clock });
  await phone.start();
  clock.advance(19_999);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(cm.of('KeepAliveReq').length, 0);
  for (let i = 1; i <= 5; i++) {
    const ack = phone.nextMessage('KeepAliveAck');
    clock.advance(i === 1 ? 1 : 20_000);
    await cm.until('KeepAliveReq', i);
    await ack;
  }
  assert.equal(phone.state.registered, true);
  assert.equal(phone.state.serverIndex, 0);
});

test('after keepaliveMissLimit unanswered keepalives the phone fails over to the next server (§4, §5)', async () => {
  const a = await callManager({ answerKeepalives: false });
  const b = await callManager();
  const clock = new ManualClock();
  const phone = phoneFor([a, b], { clock, keepaliveMissLimit: 3, fallbackProbeIntervalMs: 3_600_000 });
  const failovers: Array<{ from: number; to: number }> = [];
  phone.on('failover', (f) => failovers.push(f));
  await phone.start();
  for (let i = 1; i <= 3; i++) {
    clock.advance(30_000);
    await a.until('KeepAliveReq', i);
  }
  assert.equal(phone.state.registered, true, 'still registered while the third keepalive is pending');
  clock.advance(30_000);
  await phone.waitFor((s) => s.registered && s.serverIndex === 1, 3000);
  assert.deepEqual(failovers, [{ from: 0, to: 1, reason: '3 keepalives unanswered' }]);
  assert.equal(b.of('RegisterReq').length, 1);
  assert.equal(phone.state.lines['1']?.dirNumber, '1001');
});

test('a closed connection fails over too, and a fatal frame from the server counts as a lost server', async () => {
  const a = await callManager();
  const b = await callManager();
  const observations = new ObservationStream();
  const bad: Observation[] = [];
  observations.subscribe((o) => o.kind === 'state' && o.topic === 'bad-input' && bad.push(o));
  const phone = phoneFor([a, b], { clock: new ManualClock(), observations });
  await phone.start();
  a.dropConnections();
  await phone.waitFor((s) => s.registered && s.serverIndex === 1, 3000);
  // Length field 2 < 4: fatal (reference §1), so the phone closes and goes round to server 0.
  b.sendRaw(Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]));
  await phone.waitFor((s) => s.registered && s.serverIndex === 0, 3000);
  assert.equal(bad.length, 1);
  assert.ok(bad[0]?.kind === 'state' && bad[0].detail.fatal === true);
});

test('a non-fatal bad frame is published as bad-input and ignored', async () => {
  const cm = await callManager();
  const observations = new ObservationStream();
  const bad: Observation[] = [];
  observations.subscribe((o) => o.kind === 'state' && o.topic === 'bad-input' && bad.push(o));
  const phone = phoneFor([cm], { clock: new ManualClock(), observations });
  await phone.start();
  const frame = Buffer.alloc(12);
  frame.writeUInt32LE(4, 0);
  frame.writeUInt32LE(0x7777, 8); // unknown message id
  cm.sendRaw(frame);
  cm.send({ type: 'SetSpeakerMode', speakerMode: 1 });
  await phone.waitFor((s) => s.speaker === 'on', 3000);
  assert.equal(bad.length, 1);
  assert.ok(
    bad[0]?.kind === 'state' && bad[0].detail.code === 'unknown-message' && bad[0].detail.fatal === false,
  );
  assert.equal(phone.state.registered, true);
});

test('token fallback: reject waits waitTimeBeforeNextReq, ack with no call moves back to the primary (§5)', async () => {
  const b = await callManager();
  // Picked after b listens: a port freed by freePort() can be handed straight to b's ephemeral
  // listen, and the phone would then find its "down" primary answering (seen in a full run).
  let primaryPort = await freePort();
  while (primaryPort === b.port) primaryPort = await freePort();
  const clock = new ManualClock();
  const phone = phoneFor([primaryPort, b.port], { clock, fallbackProbeIntervalMs: 60_000 });
  await phone.start();
  assert.equal(phone.state.serverIndex, 1);

  const a = await callManager({ tokenAnswers: [10, 'ack', 'ack'] }, primaryPort);
  clock.advance(59_000);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(a.of('RegisterTokenReq').length, 0);
  clock.advance(1000);
  await a.until('RegisterTokenReq', 1);
  const [token] = a.of('RegisterTokenReq');
  assert.equal(token?.deviceName, 'SEP001122AABBCC');
  assert.equal(token?.deviceType, 30018);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(phone.state.serverIndex, 1, 'rejected: stays on the secondary');

  // A call is in progress on the secondary: the next ack must not move the phone.
  b.send(blank('CallState', { callState: 5, lineInstance: 1, callReference: 77 }));
  await phone.waitFor((s) => s.lines['1']?.calls['77']?.state === 'Connected');
  clock.advance(10_000);
  await a.until('RegisterTokenReq', 2);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(phone.state.serverIndex, 1);
  assert.equal(b.of('UnregisterReq').length, 0);

  b.send(blank('CallState', { callState: 2, lineInstance: 1, callReference: 77 }));
  await phone.waitFor((s) => s.lines['1']?.calls['77'] === undefined);
  const failovers: Array<{ from: number; to: number }> = [];
  phone.on('failover', (f) => failovers.push({ from: f.from, to: f.to }));
  clock.advance(60_000);
  await phone.waitFor((s) => s.registered && s.serverIndex === 0, 3000);
  assert.equal(b.of('UnregisterReq').length, 1);
  // Registration runs on the token connection itself.
  const tokenSocket = a.received.filter((r) => r.message.type === 'RegisterTokenReq').at(-1)?.socket;
  assert.equal(a.received.find((r) => r.message.type === 'RegisterReq')?.socket, tokenSocket);
  assert.deepEqual(failovers, [{ from: 1, to: 0 }]);
  // On the primary there is nothing left to probe.
  clock.advance(600_000);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(a.of('RegisterTokenReq').length, 3);
});

// ---- calls, display, media --------------------------------------------------------------------

test('CUCM off-hook sequence is reflected in state; dial sends one KeypadButton per digit (§6)', async () => {
  const cm = await callManager();
  const phone = phoneFor([cm], { clock: new ManualClock() });
  await phone.start();
  phone.offHook();
  await cm.until('OffHook');
  const ref = 0x0100001a;
  // reference §6 frames 80-87.
  cm.send(blank('SetRinger', { ringMode: 1, ringDuration: 1 }));
  cm.send({ type: 'SetSpeakerMode', speakerMode: 1 });
  cm.send({ type: 'SetLamp', stimulus: 9, stimulusInstance: 1, lampMode: 2 });
  cm.send(blank('CallState', { callState: 1, lineInstance: 1, callReference: ref, precedenceLevel: 4 }));
  cm.send({
    type: 'SelectSoftKeys',
    lineInstance: 1,
    callReference: ref,
    softKeySetIndex: 4,
    validKeyMask: 0xffffffff,
  });
  cm.send({
    type: 'DisplayPromptStatus',
    timeOutValue: 0,
    promptStatus: '\x80\x20',
    lineInstance: 1,
    callReference: ref,
  });
  cm.send({ type: 'ActivateCallPlane', lineInstance: 1 });
  cm.send({ type: 'StartTone', tone: 33, toneOutputDirection: 0, lineInstance: 1, callReference: ref });
  await phone.waitFor((s) => s.tone !== null);
  const s = phone.snapshot();
  assert.equal(s.ringer, 'RingOff');
  assert.equal(s.speaker, 'on');
  assert.equal(s.lines['1']?.lamp, 'On');
  assert.equal(s.activeLine, 1);
  assert.equal(s.tone?.tone, 'InsideDialTone');
  assert.equal(s.prompt?.text, 'Enter number');
  const call = s.lines['1']?.calls[String(ref)];
  assert.equal(call?.state, 'OffHook');
  assert.equal(call?.softKeySet, 'OffHook');
  assert.equal(call?.validKeyMask, 0xffffffff);
  assert.equal(call?.prompt, 'Enter number');

  phone.dial('12*#');
  await cm.until('KeypadButton', 4);
  assert.deepEqual(
    cm.of('KeypadButton').map((k) => [k.kpButton, k.lineInstance, k.callReference]),
    [
      [1, 1, ref],
      [2, 1, ref],
      [14, 1, ref],
      [15, 1, ref],
    ],
  );
  assert.throws(() => phone.dial('1x'), PhoneActionError);

  phone.softKey('EndCall');
  phone.softKey('DND');
  phone.softKey('Hold', { line: 2, callReference: 9 });
  phone.pressLine(2);
  await cm.until('SoftKeyEvent', 3);
  assert.deepEqual(
    cm.of('SoftKeyEvent').map((k) => [k.softKeyEvent, k.lineInstance, k.callReference]),
    [
      [9, 1, ref],
      [19, 1, ref], // the template's event for DND wins over the enum's 63
      [3, 2, 9],
    ],
  );
  await cm.until('Stimulus');
  assert.deepEqual(cm.of('Stimulus')[0], {
    type: 'Stimulus',
    stimulus: 9,
    lineInstance: 2,
    callReference: 0,
    stimulusStatus: 0,
  });
  assert.throws(() => phone.softKey('NoSuchKey'), PhoneActionError);

  cm.send(blank('CallState', { callState: 2, lineInstance: 1, callReference: ref }));
  await phone.waitFor((st) => Object.keys(st.lines['1']?.calls ?? {}).length === 0);
});

test('ring-in shows "From 1003" and answer() sends the Answer soft key for the ringing call (§6)', async () => {
  const cm = await callManager();
  const phone = phoneFor([cm], { clock: new ManualClock() });
  await phone.start();
  assert.throws(() => phone.answer(), PhoneActionError);
  const ref = 0x0100001f;
  cm.send(blank('CallState', { callState: 4, lineInstance: 1, callReference: ref }));
  cm.send(
    blank('CallInfo', {
      callingParty: '1003',
      callingPartyName: 'Alice',
      calledParty: '1001',
      lineInstance: 1,
      callReference: ref,
      callType: 1,
    }),
  );
  cm.send({
    type: 'DisplayPromptStatus',
    timeOutValue: 0,
    promptStatus: '\x80\x171003',
    lineInstance: 1,
    callReference: ref,
  });
  cm.send({ type: 'DisplayPriNotify', timeOutValue: 10, priority: 5, notify: '\x80\x171003' });
  cm.send({ type: 'SetLamp', stimulus: 9, stimulusInstance: 1, lampMode: 5 });
  cm.send(blank('SetRinger', { ringMode: 2, ringDuration: 1, lineInstance: 1, callReference: ref }));
  await phone.waitFor((s) => s.ringer === 'InsideRing');
  const call = phone.state.lines['1']?.calls[String(ref)];
  assert.equal(call?.state, 'RingIn');
  assert.equal(call?.callInfo?.callingParty, '1003');
  assert.equal(call?.callInfo?.callingPartyName, 'Alice');
  assert.equal(call?.callInfo?.callType, 'InBoundCall');
  assert.equal(phone.state.prompt?.text, 'From 1003');
  assert.equal(phone.state.notify?.text, 'From 1003');
  assert.equal(phone.state.notify?.priority, 5);
  assert.equal(phone.state.lines['1']?.lamp, 'Blink');
  phone.answer();
  await cm.until('SoftKeyEvent');
  assert.deepEqual(cm.of('SoftKeyEvent')[0], {
    type: 'SoftKeyEvent',
    softKeyEvent: 11,
    lineInstance: 1,
    callReference: ref,
  });
});

test('OpenReceiveChannel is acknowledged with the station IP and even ports from 16384; media is tracked', async () => {
  const cm = await callManager();
  const phone = phoneFor([cm], { clock: new ManualClock(), stationIp: '10.102.10.209' });
  await phone.start();
  const open = (ptid: number) =>
    blank('OpenReceiveChannel', {
      conferenceId: 5,
      passThroughPartyId: ptid,
      milliSecondPacketSize: 20,
      compressionType: 4,
      callReference: 0x0100001f,
    });
  cm.send(open(0x01000101));
  cm.send(open(0x01000102));
  await cm.until('OpenReceiveChannelAck', 2);
  assert.deepEqual(
    cm
      .of('OpenReceiveChannelAck')
      .map((a) => [a.mediaReceptionStatus, a.ipAddr, a.portNumber, a.passThroughPartyId, a.callReference]),
    [
      [0, '10.102.10.209', 16384, 0x01000101, 0x0100001f],
      [0, '10.102.10.209', 16386, 0x01000102, 0x0100001f],
    ],
  );
  cm.send(
    blank('StartMediaTransmission', {
      conferenceId: 5,
      passThroughPartyId: 0x01000101,
      remoteIpAddr: '10.102.219.27',
      remotePortNumber: 60186,
      milliSecondPacketSize: 20,
      compressionType: 4,
      callReference: 0x0100001f,
    }),
  );
  await phone.waitFor((s) => Object.keys(s.media.transmit).length === 1);
  assert.equal(phone.state.media.transmit[String(0x01000101)]?.remotePort, 60186);
  assert.equal(phone.state.media.receive[String(0x01000102)]?.localPort, 16386);
  cm.send(blank('StopMediaTransmission', { passThroughPartyId: 0x01000101 }));
  cm.send(blank('CloseReceiveChannel', { passThroughPartyId: 0x01000101 }));
  await phone.waitFor(
    (s) => Object.keys(s.media.receive).length === 1 && Object.keys(s.media.transmit).length === 0,
  );
  cm.send(open(0x01000103));
  await cm.until('OpenReceiveChannelAck', 3);
  assert.equal(cm.of('OpenReceiveChannelAck')[2]?.portNumber, 16384, 'a closed channel frees its port');
});

test('Reset from the call manager makes the phone register again, primary first', async () => {
  const cm = await callManager();
  const phone = phoneFor([cm], { clock: new ManualClock() });
  await phone.start();
  cm.send({ type: 'Reset', resetType: 2 });
  await cm.until('RegisterReq', 2);
  await phone.waitFor((s) => s.registered && s.lastResetType === 'Restart', 3000);
  assert.equal(cm.sockets.length, 2, 'a new connection');
});

// ---- stop, waitFor ----------------------------------------------------------------------------

test('stop() unregisters, closes and leaves no timer behind', async () => {
  const cm = await callManager();
  const clock = new ManualClock();
  const phone = phoneFor([cm], { clock });
  const events: string[] = [];
  phone.on('unregistered', (e) => events.push(e.reason));
  await phone.start();
  assert.ok(clock.pending > 0, 'the keepalive timer runs');
  await phone.stop();
  assert.equal(cm.of('UnregisterReq').length, 1);
  assert.equal(phone.state.registered, false);
  assert.equal(clock.pending, 0);
  assert.deepEqual(events, ['stopped']);
  assert.throws(() => phone.offHook(), PhoneActionError);
});

test('stop() gives up on a silent UnregisterAck after unregisterTimeoutMs of the injected clock', async () => {
  const cm = await callManager();
  const clock = new ManualClock();
  const phone = phoneFor([cm], { clock, unregisterTimeoutMs: 2000 });
  await phone.start();
  // Make the scripted server ignore UnregisterReq by closing its answer path: drop replies.
  (cm as unknown as { answer: () => void }).answer = () => {};
  const stopped = phone.stop();
  await cm.until('UnregisterReq');
  let done = false;
  void stopped.then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(done, false);
  clock.advance(2000);
  await stopped;
  assert.equal(clock.pending, 0);
});

test('waitFor times out in real time with PhoneWaitTimeoutError', async () => {
  const cm = await callManager();
  const phone = phoneFor([cm], { clock: new ManualClock() });
  await phone.start();
  await assert.rejects(
    phone.waitFor((s) => s.ringer === 'InsideRing', 30),
    PhoneWaitTimeoutError,
  );
});
