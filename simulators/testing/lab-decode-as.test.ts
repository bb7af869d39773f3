import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CaptureRecorder } from '../lab/capture-recorder.ts';
import { type Endpoint, type Observation, ObservationStream } from '../lab/observation.ts';
import { decodeCapture, TSHARK_INSTALL_HINT, tsharkAvailable } from '../lab/tshark.ts';
import { labDecodeOptions } from './lab-decode-as.ts';

const SKIP =
  process.env['CTILAB_SKIP_TSHARK'] === '1' ? 'CTILAB_SKIP_TSHARK=1: tshark checks skipped' : false;
const dir = mkdtempSync(join(tmpdir(), 'ctilab-decode-as-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 9);
const open = (protocol: 'sccp' | 'sip', client: Endpoint, server: Endpoint): Observation => ({
  kind: 'connection',
  time: T0,
  source: 'cme',
  protocol,
  connection: `${protocol}-${client.port}`,
  event: 'open',
  client,
  server,
});
const ep = (port: number, host = '127.0.0.1'): Endpoint => ({ host, port });

test('listener ports from the connections: registered ports need no rule, each port once', () => {
  const observed = [
    open('sccp', ep(48898), ep(2000)),
    open('sccp', ep(51000), ep(41000)),
    open('sccp', ep(51001), ep(41000)),
    open('sip', ep(34980), ep(45421)),
    open('sip', ep(34981), ep(5060)),
  ];
  assert.deepEqual(labDecodeOptions(observed, [40000]), {
    decodeAs: ['tcp.port==40000,skinny', 'tcp.port==41000,skinny', 'tcp.port==45421,sip'],
  });
  // Only registered ports (or nothing seen): no option at all, checksums still checked.
  assert.deepEqual(labDecodeOptions([open('sccp', ep(48898), ep(2000))], []), {});
  assert.deepEqual(labDecodeOptions([], []), {});
});

test("a runtime lab adds its nodes' listeners and leaves checksums to the NIC", () => {
  const nodes = {
    cme: { endpoints: { sccp: { port: 2000 }, sip: { port: 5060 } } },
    cucm1: { endpoints: { sccp: { port: 32001 }, sip: { port: 45421 } } },
    acd: { endpoints: {} },
  };
  assert.deepEqual(labDecodeOptions([open('sip', ep(34980), ep(45421))], [], nodes), {
    decodeAs: ['tcp.port==32001,skinny', 'tcp.port==45421,sip'],
    checkChecksums: false,
  });
  assert.deepEqual(labDecodeOptions([], [], { cme: nodes.cme }), { decodeAs: [], checkChecksums: false });
});

/** A CSTA request in a TR/87 dialog: SIP INFO with an ECMA-323 body (ECMA TR/87: requests travel in INFO within the session dialog), on TCP. */
function sipRequest(cseq: number): Uint8Array {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><SystemStatus xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed4"><systemStatus>normal</systemStatus></SystemStatus>';
  const text =
    `INFO sip:cti@127.0.0.1:45421 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:34980;branch=z9hG4bK${cseq}\r\n` +
    'From: <sip:app@127.0.0.1>;tag=1\r\nTo: <sip:cti@127.0.0.1>;tag=2\r\nCall-ID: tr87-1@127.0.0.1\r\n' +
    `CSeq: ${cseq} INFO\r\nMax-Forwards: 70\r\nContent-Type: application/csta+xml\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  return new TextEncoder().encode(text);
}
function sipOk(cseq: number): Uint8Array {
  return new TextEncoder().encode(
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:34980;branch=z9hG4bK' +
      `${cseq}\r\nFrom: <sip:app@127.0.0.1>;tag=1\r\nTo: <sip:cti@127.0.0.1>;tag=2\r\n` +
      `Call-ID: tr87-1@127.0.0.1\r\nCSeq: ${cseq} INFO\r\nContent-Length: 0\r\n\r\n`,
  );
}

test(
  'a TR/87 client on 34980 (EtherCAT): malformed without the rule, all SIP with it (tshark)',
  { skip: SKIP },
  async () => {
    if (!(await tsharkAvailable())) assert.fail(TSHARK_INSTALL_HINT);
    const path = join(dir, 'ethercat-port.pcap');
    const stream = new ObservationStream();
    const rec = new CaptureRecorder(stream, { path });
    rec.start();
    const observed: Observation[] = [];
    stream.subscribe((o) => observed.push(o));
    const client = ep(34980);
    const server = ep(45421);
    stream.publish({ ...open('sip', client, server), source: 'cme-cti' });
    let t = T0;
    for (let cseq = 1; cseq <= 3; cseq++) {
      for (const [src, dst, bytes] of [
        [client, server, sipRequest(cseq)],
        [server, client, sipOk(cseq)],
      ] as const) {
        t += 2;
        stream.publish({
          kind: 'wire',
          time: t,
          source: 'cme-cti',
          protocol: 'sip',
          transport: 'tcp',
          connection: 'sip-34980',
          src,
          dst,
          bytes,
        });
      }
    }
    await rec.stop();
    const fields = ['sip.Method', 'sip.Status-Code'];
    // The collision is real in this tshark: without Decode As the port's own dissector wins.
    const plain = await decodeCapture(path, { fields });
    assert.ok(plain.malformed > 0, `expected EtherCAT to claim port 34980, got ${plain.malformed} malformed`);
    const decoded = await decodeCapture(path, { fields, ...labDecodeOptions(observed, []) });
    assert.equal(decoded.malformed, 0, JSON.stringify(decoded.problems));
    assert.equal(decoded.packets.filter((p) => p['sip.Method'] === 'INFO').length, 3);
    assert.equal(decoded.packets.filter((p) => p['sip.Status-Code'] === '200').length, 3);
  },
);
