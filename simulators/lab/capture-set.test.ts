import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CaptureError } from './capture-error.ts';
import { CaptureSet } from './capture-set.ts';
import { type Endpoint, ObservationStream, type WireObservation } from './observation.ts';
import { readPcap } from './pcap-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'ctilab-capset-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const phone: Endpoint = { host: '127.0.0.1', port: 40000 };
const cme: Endpoint = { host: '127.0.0.1', port: 2000 };
const T0 = Date.UTC(2026, 0, 1);
const ka = Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

function wire(n: number, src: Endpoint, dst: Endpoint): WireObservation {
  const base = { kind: 'wire', time: T0 + n, source: 'cme', protocol: 'sccp', transport: 'tcp' } as const;
  return { ...base, connection: 'c1', src, dst, bytes: ka };
}

const records = (p: string) => readPcap(readFileSync(p)).records;
const tcpSrcPort = (r: { data: Uint8Array }) => new DataView(r.data.buffer, r.data.byteOffset).getUint16(34);

test('one pcap per run and one per scenario receive the same packets', async () => {
  const stream = new ObservationStream();
  const set = new CaptureSet(stream, { runPath: join(dir, 'run.pcap') });
  set.start();
  stream.publish({
    kind: 'connection',
    time: T0,
    source: 'cme',
    protocol: 'sccp',
    connection: 'c1',
    event: 'open',
    client: phone,
    server: cme,
  });
  stream.publish(wire(1, phone, cme));

  set.beginScenario(join(dir, 'scenario-1.pcap'));
  assert.equal(set.scenarioPath, join(dir, 'scenario-1.pcap'));
  stream.publish(wire(2, cme, phone)); // the server speaks first inside the scenario
  stream.publish(wire(3, phone, cme));
  const s1 = await set.endScenario();
  assert.equal(s1.packets, 3 + 2);

  stream.publish(wire(4, phone, cme)); // between scenarios: run capture only
  set.beginScenario(join(dir, 'scenario-2.pcap'));
  stream.publish({
    kind: 'connection',
    time: T0 + 5,
    source: 'cme',
    protocol: 'sccp',
    connection: 'c1',
    event: 'close',
    client: phone,
    server: cme,
  });
  await set.stop(); // also ends scenario 2

  const run = records(join(dir, 'run.pcap'));
  assert.equal(run.length, 3 + 4 + 3);
  const sc1 = records(join(dir, 'scenario-1.pcap'));
  assert.equal(
    tcpSrcPort(sc1[0]!),
    phone.port,
    'scenario SYN from the true client (roles from the run capture)',
  );
  // Scenario payloads are byte-identical to the run's frames for the same observations.
  assert.deepEqual(sc1[3]!.data.subarray(54), run[4]!.data.subarray(54));
  const sc2 = records(join(dir, 'scenario-2.pcap'));
  assert.equal(sc2.length, 0, 'a connection first seen closing writes nothing');
});

test('scenario misuse is a CaptureError', async () => {
  const stream = new ObservationStream();
  const set = new CaptureSet(stream, { runPath: join(dir, 'run2.pcap') });
  assert.throws(
    () => set.beginScenario(join(dir, 'early.pcap')),
    (e: unknown) => e instanceof CaptureError && e.code === 'not-started',
  );
  set.start();
  await assert.rejects(
    set.endScenario(),
    (e: unknown) => e instanceof CaptureError && e.code === 'no-scenario',
  );
  set.beginScenario(join(dir, 'a.pcap'));
  assert.throws(
    () => set.beginScenario(join(dir, 'b.pcap')),
    (e: unknown) => e instanceof CaptureError && e.code === 'scenario-open',
  );
  await set.stop();
  assert.equal(stream.listenerCount, 0);
});
