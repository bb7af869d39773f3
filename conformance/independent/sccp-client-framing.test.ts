import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../../simulators/lab/clock.ts';

/**
 * Checks sccp_client.py on its own against a scripted fake server whose frames are written by
 * hand here (Wireshark packet-skinny, framing), so the acceptance test's client is known
 * to reassemble frames and report bad input before it is trusted to judge the CME.
 */

const CLIENT = fileURLToPath(new URL('./sccp_client.py', import.meta.url));
const PYTHON = process.env['CTILAB_PYTHON'] ?? 'python3';
const clock: Clock = systemClock;

interface Ev {
  event: string;
  [key: string]: unknown;
}

function requirePython(): void {
  const probe = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    assert.fail(
      `${PYTHON} is required to test the independent SCCP client (install Python 3 or set CTILAB_PYTHON)`,
    );
}

/** length = 4 + body, header version, message id, body (all u32 LE). */
function frame(id: number, body: Buffer = Buffer.alloc(0), headerVersion = 0): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(body.length + 4, 0);
  head.writeUInt32LE(headerVersion, 4);
  head.writeUInt32LE(id, 8);
  return Buffer.concat([head, body]);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) b.writeUInt32LE(v, i * 4);
  return b;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

async function withServer(
  onConnection: (socket: Socket) => void,
  run: (port: number) => Promise<void>,
): Promise<void> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  try {
    await run(address.port);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs the client to completion (bounded) and returns its JSON lines and exit code. */
function runClient(
  args: string[],
  ms = 10_000,
): Promise<{ code: number | null; events: Ev[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [CLIENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    const timer = clock.setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`client did not finish within ${ms} ms: ${out}${err}`));
    }, ms);
    child.on('exit', (code) => {
      timer.cancel();
      const events = out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Ev);
      resolve({ code, events, stderr: err });
    });
  });
}

test('client reassembles frames sharing a segment and frames split byte by byte', async () => {
  requirePython();
  const ring = frame(0x0111, u32s(4, 1, 0x01000002, 0, 4, 0)); // CallState RingIn
  const ringer = frame(0x0085, u32s(2, 1, 1, 0x01000002)); // SetRinger InsideRing
  const lamp = frame(0x0086, u32s(9, 1, 5)); // SetLamp Line 1 Blink
  const tone = frame(0x0082, u32s(36, 0, 1, 0x01000002)); // StartTone AlertingTone
  const prompt = Buffer.concat([u32s(0, 1, 0x01000002), Buffer.from([0x80, 0x17, 0x32, 0x30, 0x31, 0])]);
  await withServer(
    (s) => {
      void (async () => {
        s.write(Buffer.concat([ring, ringer, lamp]));
        await sleep(50);
        const split = Buffer.concat([tone, frame(0x0145, prompt, 17)]);
        for (const byte of split) {
          s.write(Buffer.from([byte]));
          await sleep(2);
        }
      })();
    },
    async (port) => {
      const { code, events } = await runClient([
        '--port',
        String(port),
        '--mac',
        '001E.4A34.A35F',
        'script',
        'wait:CallState:state=4',
        'wait:StartTone:tone=36',
        'wait:DisplayPromptStatusV2',
      ]);
      assert.equal(code, 0, JSON.stringify(events));
      const recv = events.filter((e) => e.event === 'recv');
      assert.deepEqual(
        recv.map((e) => [e['name'], e['seq'], e['hv']]),
        [
          ['CallState', 0, 0],
          ['SetRinger', 1, 0],
          ['SetLamp', 2, 0],
          ['StartTone', 3, 0],
          ['DisplayPromptStatusV2', 4, 17],
        ],
      );
      assert.deepEqual(recv[0]?.['fields'], {
        state: 4,
        line: 1,
        ref: 0x01000002,
        privacy: 0,
        precedenceLevel: 4,
        precedenceDomain: 0,
      });
      const display = recv[4]?.['fields'] as Record<string, unknown>;
      assert.equal(display['label'], 23);
      assert.equal(display['labelRest'], '201');
      assert.equal(display['textHex'], '8017323031');
    },
  );
});

test('client sends a RegisterReq as the description lays it out and reports a RegisterReject', async () => {
  requirePython();
  let registerReq: Buffer | undefined;
  await withServer(
    (s) => {
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 8 && buf.length >= buf.readUInt32LE(0) + 8 && registerReq === undefined) {
          registerReq = buf.subarray(0, buf.readUInt32LE(0) + 8);
          const text = Buffer.alloc(32);
          text.write('Unknown device');
          s.write(frame(0x009d, text));
        }
      });
    },
    async (port) => {
      const { code, events } = await runClient([
        '--port',
        String(port),
        '--mac',
        '001e4a34a35f',
        '--protocol',
        '17',
        'script',
        'register',
      ]);
      assert.equal(code, 1);
      const error = events.find((e) => e.event === 'error');
      assert.equal(error?.['code'], 'rejected');
      assert.match(String(error?.['message']), /Unknown device/);
    },
  );
  assert.ok(registerReq, 'the fake server got a RegisterReq');
  assert.equal(registerReq.readUInt32LE(4), 0, 'header version 0');
  assert.equal(registerReq.readUInt32LE(8), 0x0001, 'message id RegisterReq');
  const body = registerReq.subarray(12);
  assert.equal(body.subarray(0, 16).toString('latin1').replace(/\0+$/, ''), 'SEP001E4A34A35F');
  assert.deepEqual([...body.subarray(24, 28)], [127, 0, 0, 1], 'stationIpAddr in network order');
  assert.equal(body.readUInt32LE(28), 30018, 'deviceType 7961G');
  assert.equal(body[40], 17, 'protocolVer');
});

test('client reports bad frames, bad arguments and refused connections without a traceback', async () => {
  requirePython();
  await withServer(
    (s) => {
      s.write(u32s(2, 0, 0x0111)); // length 2 < 4: not a frame
    },
    async (port) => {
      const { code, events, stderr } = await runClient([
        '--port',
        String(port),
        '--mac',
        '001E4A34A35F',
        'script',
        'wait:CallState',
      ]);
      assert.equal(code, 1);
      assert.ok(events.some((e) => e.event === 'error' && e['code'] === 'bad-frame'));
      assert.ok(events.some((e) => e.event === 'error' && e['code'] === 'closed'));
      assert.doesNotMatch(stderr, /Traceback/);
    },
  );
  const badMac = await runClient(['--port', '2000', '--mac', 'XYZ', 'script', 'register']);
  assert.equal(badMac.code, 2);
  assert.equal(badMac.events[0]?.['code'], 'bad-mac');
  const badStep = await runClient(['--port', '2000', '--mac', '001E4A34A35F', 'script', 'fly:away']);
  assert.equal(badStep.code, 2);
  assert.equal(badStep.events[0]?.['code'], 'bad-step');
  // A port nobody listens on: bind one, note it, close it.
  let freePort = 0;
  await withServer(
    () => undefined,
    async (port) => {
      freePort = port;
    },
  );
  const refused = await runClient([
    '--port',
    String(freePort),
    '--mac',
    '001E4A34A35F',
    'script',
    'register',
  ]);
  assert.equal(refused.code, 1);
  assert.equal(refused.events[0]?.['code'], 'connect-failed');
  assert.doesNotMatch(refused.stderr, /Traceback/);
});
