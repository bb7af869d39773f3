// `ctilab serve acd` as a real child process (issue 11 item 10): the ready line with both sides'
// endpoints per ACD node, the active side and the phones' SCCP endpoint; `ctilab phones` registers
// the lab's phones there; a CTI Bridge (ClientID `bridge`, empty password) opens on side A, the
// standby B refuses OPEN_REQ with FAILURE_CONF E_CTI_SERVER_NOT_MASTER (Cisco "CTI Planning", "CTI
// Server Fault Tolerance": only the active side accepts sessions); the console's fault verbs fail
// the active side (the bridge reopens on B), bring the dead side back as standby, and take the
// peripheral offline (SYSTEM_EVENT PERIPHERAL_OFFLINE, CTI Server Message Reference Guide
// "SYSTEM_EVENT"); bad verbs and bad arguments are refused with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AcdLabEndpoints } from '../simulators/acd-cti/acd-lab.ts';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { CtiStatus, ServiceMask, SystemEventID } from '../simulators/cti-server/wire.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { serveReadyLine } from '../simulators/testing/ctilab-test-children.ts';
import { parseAcdPortOverrides } from './serve-acd-command.ts';

const shipped = fileURLToPath(new URL('../labs/acd-duplex.yaml', import.meta.url));
const EPHEMERAL = ['--port', 'sccp=0', '--port', 'acd:A=0', '--port', 'acd:B=0'];

interface ConsoleAnswer {
  command: string;
  ok: boolean;
  error?: string;
  endpoints?: AcdLabEndpoints;
  peripherals?: Record<string, { online: boolean; pgStatus: number }>;
}

describe('ctilab serve acd --console (labs/acd-duplex.yaml)', { timeout: 60_000 }, () => {
  let serve: CtilabChild;
  let ready: { node: string; lab: string; endpoints: AcdLabEndpoints; phones: number };
  const clients: CtiServerClient[] = [];

  const command = async (line: string): Promise<ConsoleAnswer> => {
    const from = serve.lines.length;
    serve.send(line);
    const reply = await serve.waitForLine((v) => typeof v.console === 'object', 10_000, line, from);
    return reply.value.console as ConsoleAnswer;
  };

  before(async () => {
    serve = new CtilabChild('serve acd', ['serve', 'acd', '--topology', shipped, ...EPHEMERAL, '--console'], {
      stdin: true,
    });
    ready = await serveReadyLine<typeof ready>(serve);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    const exit = await serve.stop(5_000);
    assert.equal(exit.code, 0, 'SIGTERM ends serve acd with exit code 0');
  });

  it('prints one ready line: both sides of node acd (A active), the phones SCCP endpoint', () => {
    assert.equal(ready.node, 'acd');
    assert.equal(ready.lab, 'acd-duplex');
    assert.equal(ready.phones, 3);
    const acd = ready.endpoints.nodes.acd!;
    assert.equal(acd.active, 'A');
    assert.deepEqual(acd.up, ['A', 'B']);
    assert.equal(acd.A.host, '127.0.0.1');
    assert.ok(acd.A.port > 0 && acd.B.port > 0 && acd.A.port !== acd.B.port);
    assert.ok(ready.endpoints.sccp.port > 0);
    assert.equal(serve.lines.length, 1, 'exactly one line before any command');
  });

  it('ctilab phones --topology --target acd=<sccp> registers SEP0000000AC001/2/9', async () => {
    const { host, port } = ready.endpoints.sccp;
    const phones = new CtilabChild('phones', [
      'phones',
      '--topology',
      shipped,
      '--target',
      `acd=${host}:${port}`,
      '--exit-when-registered',
    ]);
    const round = await phones.waitForLine((v) => typeof v.phones === 'number', 30_000, 'round');
    assert.deepEqual(
      { phones: round.value.phones, registered: round.value.registered, failed: round.value.failed },
      { phones: 3, registered: 3, failed: 0 },
    );
    assert.equal((await phones.waitForExit(10_000)).code, 0);
  });

  it('the bridge opens on A; B refuses E_CTI_SERVER_NOT_MASTER; fail-side moves it to B; restore-side brings A back as standby', async () => {
    const { A, B } = ready.endpoints.nodes.acd!;
    const bridge = await CtiServerClient.connect({
      sides: [A, B],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      openFailureWaitMs: 200,
    });
    clients.push(bridge);
    assert.equal(bridge.side, 0);
    // The standby side answers OPEN_REQ with FAILURE_CONF E_CTI_SERVER_NOT_MASTER (92).
    const standby = CtiServerClient.connect({
      sides: [B],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS,
      maxOpenAttempts: 1,
    });
    await assert.rejects(standby, /no CTI session after 1 attempts: FAILURE_CONF to OPEN_REQ/);
    assert.equal(CtiStatus.E_CTI_SERVER_NOT_MASTER, 92);

    const refusedStandby = await command('fail-side acd B');
    assert.deepEqual(refusedStandby, {
      command: 'fail-side acd B',
      ok: false,
      error: 'side B of acd is the standby: only the active side (A) can fail (the duplex fault)',
    });
    const failed = await command('fail-side acd A');
    assert.equal(failed.ok, true);
    assert.equal(failed.endpoints?.nodes.acd?.active, 'B');
    assert.deepEqual(failed.endpoints?.nodes.acd?.up, ['B']);
    await bridge.waitForSession(2, 10_000);
    assert.equal(bridge.side, 1, 'the bridge is back in session on side B');
    const last = await command('fail-side acd B');
    assert.equal(last.error, 'side B of acd is its last side up (side A is down): restore-side acd first');

    const restored = await command('restore-side acd');
    assert.equal(restored.endpoints?.nodes.acd?.active, 'B');
    assert.deepEqual(restored.endpoints?.nodes.acd?.up, ['A', 'B']);
    assert.equal(restored.endpoints?.nodes.acd?.A.port, A.port, 'side A listens on the port it first bound');

    bridge.events.length = 0;
    const offline = await command('peripheral acd offline');
    assert.deepEqual(offline.peripherals, { acd: { online: false, pgStatus: 4 } });
    const event = await bridge.nextEvent((m) => m.name === 'SYSTEM_EVENT', 5_000);
    assert.equal(event.fixed.SystemEventID, SystemEventID.PERIPHERAL_OFFLINE);
    const cc = await command('central-controller acd down');
    assert.deepEqual(cc.peripherals, { acd: { online: false, pgStatus: 4 | 2 } });
    const status = await command('status');
    assert.equal(status.ok, true);
  });

  it('refuses unknown verbs, bad arguments and unknown nodes with the reason', async () => {
    assert.deepEqual(await command('fail-side acd C'), {
      command: 'fail-side acd C',
      ok: false,
      error: 'fail-side <node> A|B',
    });
    assert.deepEqual(await command('peripheral acd maybe'), {
      command: 'peripheral acd maybe',
      ok: false,
      error: 'peripheral <node> online|offline',
    });
    assert.deepEqual(await command('restore-side nosuch'), {
      command: 'restore-side nosuch',
      ok: false,
      error: "no ACD node named 'nosuch' (acd)",
    });
    const unknown = await command('reboot acd');
    assert.equal(unknown.ok, false);
    assert.match(unknown.error ?? '', /^unknown command 'reboot' \(commands: fail-side <node> A\|B, /);
  });
});

test('ctilab serve acd --admin: the ready line names it; POST /command and GET /status run the console verbs', async () => {
  const child = new CtilabChild('serve acd', [
    'serve',
    'acd',
    '--topology',
    shipped,
    ...EPHEMERAL,
    '--admin',
    '127.0.0.1:0',
  ]);
  try {
    const { admin } = await serveReadyLine<{ admin: { host: string; port: number } }>(child);
    assert.equal(admin.host, '127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${admin.port}/command`, {
      method: 'POST',
      body: 'fail-side acd A',
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as ConsoleAnswer).endpoints?.nodes.acd?.active, 'B');
    const refused = await fetch(`http://127.0.0.1:${admin.port}/command`, {
      method: 'POST',
      body: 'fail-side acd A',
    });
    assert.equal(refused.status, 400);
    assert.equal(
      ((await refused.json()) as ConsoleAnswer).error,
      'side A of acd is the standby: only the active side (B) can fail (the duplex fault)',
    );
    const status = (await (await fetch(`http://127.0.0.1:${admin.port}/status`)).json()) as ConsoleAnswer;
    assert.deepEqual(status.endpoints?.nodes.acd?.up, ['B']);
  } finally {
    await child.stop(5_000);
  }
});

test('ctilab serve acd refuses bad arguments before anything listens', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--port', 'acd:C=1'], /--port 'acd:C=1' is not <node>:A=<port>, <node>:B=<port> or sccp=<port>/],
    [['--port', 'other:A=1'], /--port 'other:A=1': 'other' is no ACD node served here \(acd\)/],
    [['--node', 'nosuch'], /--node 'nosuch' is no ACD node of .*acd-duplex.yaml \(acd\)/],
    [['--admin', 'nowhere'], /--admin 'nowhere' is not <host>:<port>/],
  ];
  await Promise.all(
    cases.map(async ([args, message]) => {
      const bad = new CtilabChild('serve acd', [
        'serve',
        'acd',
        '--topology',
        shipped,
        ...EPHEMERAL,
        ...args,
      ]);
      const exit = await bad.waitForExit(30_000);
      assert.equal(exit.code, 1, args.join(' '));
      assert.match(bad.stderr.join('\n'), message);
      assert.equal(bad.lines.length, 0, 'no ready line');
    }),
  );
  const noAcd = new CtilabChild('serve acd', [
    'serve',
    'acd',
    '--topology',
    fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url)),
  ]);
  await noAcd.waitForExit(30_000);
  assert.match(noAcd.stderr.join('\n'), /cucm-cluster.yaml: no ACD node in this topology/);
});

test('--port: side ports per node and the SCCP port; anything else is refused', () => {
  assert.deepEqual(parseAcdPortOverrides(['acd:A=42127', 'acd:B=0', 'sccp=2001'], ['acd']), {
    sccp: 2001,
    sides: { acd: { A: 42127, B: 0 } },
  });
  assert.throws(
    () => parseAcdPortOverrides(['acd:A=70000'], ['acd']),
    /^Error: --port 'acd:A=70000' is not <node>:A=<port>, <node>:B=<port> or sccp=<port>$/,
  );
});
