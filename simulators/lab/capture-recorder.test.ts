import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CaptureError } from './capture-error.ts';
import { CaptureRecorder } from './capture-recorder.ts';
import { type Endpoint, ObservationStream, type WireObservation } from './observation.ts';
import { readPcap } from './pcap-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'ctilab-capture-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const phone: Endpoint = { host: '192.0.2.10', port: 51001 };
const cme: Endpoint = { host: '192.0.2.1', port: 2000 };
const T0 = Date.UTC(2026, 0, 1);

function wire(n: number, extra: Partial<WireObservation> = {}): WireObservation {
  return {
    kind: 'wire',
    time: T0 + n,
    source: 'cme',
    protocol: 'sccp',
    transport: 'tcp',
    connection: 'c1',
    src: phone,
    dst: cme,
    bytes: Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ...extra,
  };
}

const records = (path: string) => readPcap(readFileSync(path)).records;

test('records every observation of the stream, both directions, and flushes on stop', async () => {
  const stream = new ObservationStream();
  const path = join(dir, 'all.pcap');
  const rec = new CaptureRecorder(stream, { path });
  rec.start();
  assert.equal(stream.listenerCount, 1);
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
  for (let i = 1; i <= 2000; i++) stream.publish(wire(i, i % 2 ? {} : { src: cme, dst: phone }));
  stream.publish({ kind: 'state', time: T0, source: 'cme', topic: 'registration', detail: {} });
  await rec.stop();
  assert.equal(stream.listenerCount, 0, 'unsubscribed');
  const rs = records(path);
  assert.equal(rs.length, 3 + 2000, 'nothing lost');
  assert.equal(rec.stats.packets, 2003);
  // Published after stop: not written, file unchanged.
  stream.publish(wire(5000));
  assert.equal(records(path).length, 2003);
  await rec.stop(); // idempotent
});

test('the protocols option filters by wire protocol', async () => {
  const stream = new ObservationStream();
  const path = join(dir, 'sip-only.pcap');
  const rec = new CaptureRecorder(stream, { path, protocols: ['sip'] });
  rec.start();
  stream.publish(wire(1));
  stream.publish(wire(2, { protocol: 'sip', transport: 'udp', src: { host: '192.0.2.10', port: 5060 } }));
  await rec.stop();
  assert.equal(records(path).length, 1);
});

test('observations the writer refuses are counted and never reach the publisher', async () => {
  const stream = new ObservationStream();
  const path = join(dir, 'rejects.pcap');
  const rec = new CaptureRecorder(stream, { path });
  rec.start();
  stream.publish(wire(1, { src: { host: 'not-an-ip', port: 1 } }));
  stream.publish(wire(2, { time: Number.NaN }));
  stream.publish(wire(3));
  assert.equal(rec.stats.rejected, 2);
  assert.match(rec.stats.lastRejections[0] ?? '', /bad-address/);
  await rec.stop();
  assert.equal(records(path).length, 4);
});

test('rotate() continues in a new file without losing packets; live connections keep their roles', async () => {
  const stream = new ObservationStream();
  const first = join(dir, 'rot-1.pcap');
  const second = join(dir, 'rot-2.pcap');
  const rec = new CaptureRecorder(stream, { path: first });
  rec.start();
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
  stream.publish(wire(1));
  await rec.rotate(second);
  assert.equal(rec.path, second);
  stream.publish(wire(2, { src: cme, dst: phone })); // server speaks first in the new file
  await rec.stop();
  assert.equal(records(first).length, 4);
  const rs = records(second);
  assert.equal(rs.length, 4);
  const synSrcPort = new DataView(rs[0]!.data.buffer, rs[0]!.data.byteOffset).getUint16(34);
  assert.equal(synSrcPort, phone.port, 'the SYN still comes from the phone');
});

test('life-cycle misuse and I/O failures are CaptureErrors', async () => {
  const stream = new ObservationStream();
  const rec = new CaptureRecorder(stream, { path: join(dir, 'life.pcap') });
  await assert.rejects(
    rec.rotate(join(dir, 'x.pcap')),
    (e: unknown) => e instanceof CaptureError && e.code === 'not-started',
  );
  rec.start();
  assert.throws(
    () => rec.start(),
    (e: unknown) => e instanceof CaptureError && e.code === 'already-started',
  );
  await rec.stop();
  assert.throws(
    () => rec.start(),
    (e: unknown) => e instanceof CaptureError && e.code === 'stopped',
  );

  // The path is a directory: the open fails asynchronously; stop() reports it.
  const bad = new CaptureRecorder(stream, { path: dir });
  bad.start();
  stream.publish(wire(1));
  await assert.rejects(bad.stop(), (e: unknown) => e instanceof CaptureError && e.code === 'io');
  assert.equal(stream.listenerCount, 0);
});
