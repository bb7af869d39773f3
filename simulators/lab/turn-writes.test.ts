import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { writeInTurn } from './turn-writes.ts';

/** A Writable that records each chunk batch it is handed (writev = one batch of several). */
function recorder() {
  const batches: string[][] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      batches.push([chunk.toString()]);
      cb();
    },
    writev(chunks, cb) {
      batches.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      cb();
    },
  });
  return { w, batches };
}

test('writes of one turn reach the stream as one batch, in order, on the next tick', async () => {
  const { w, batches } = recorder();
  writeInTurn(w, Buffer.from('a'));
  writeInTurn(w, Buffer.from('b'));
  writeInTurn(w, Buffer.from('c'));
  assert.deepEqual(batches, [], 'nothing leaves before the turn ends');
  await new Promise((r) => process.nextTick(r));
  assert.deepEqual(batches, [['a', 'b', 'c']]);
  writeInTurn(w, Buffer.from('d'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(batches, [['a', 'b', 'c'], ['d']], 'the next turn is a batch of its own');
});

test('end() in the same turn still sends what was written before it', async () => {
  const { w, batches } = recorder();
  writeInTurn(w, Buffer.from('last'));
  w.end();
  await once(w, 'finish');
  assert.deepEqual(batches.flat(), ['last']);
});

test('over TCP the peer reads every byte in order', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [peer] = await accepted;
  const received: Buffer[] = [];
  peer.on('data', (d: Buffer) => received.push(d));
  for (let i = 0; i < 50; i++) writeInTurn(client, Buffer.from(`${i},`));
  client.end();
  await once(peer, 'end');
  assert.equal(Buffer.concat(received).toString(), Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  server.close();
});

test('maxPerWritev: the write that reaches it leaves at once with those held; the rest wait for the turn', async () => {
  const { w, batches } = recorder();
  for (const c of ['a', 'b', 'c', 'd', 'e']) writeInTurn(w, Buffer.from(c), 2);
  assert.deepEqual(
    batches,
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
    'two batches of two before the turn ends',
  );
  await new Promise((r) => process.nextTick(r));
  assert.deepEqual(batches, [['a', 'b'], ['c', 'd'], ['e']]);
  writeInTurn(w, Buffer.from('f'), 1);
  assert.deepEqual(batches.at(-1), ['f'], 'a bound of 1 writes at once');
  writeInTurn(w, Buffer.from('g'), 1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(batches.flat(), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  assert.equal(w.writableCorked, 0, 'every cork released');
});
