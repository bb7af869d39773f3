import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { FreezingRelay } from './freezing-relay.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FreezingRelay', () => {
  it('passes bytes both ways until frozen; then nothing passes, the far end stays up, the client reset is timed', async () => {
    const got: string[] = [];
    let serverSide: Socket | undefined;
    let serverClosed = false;
    const echo = createServer((s) => {
      serverSide = s;
      s.on('data', (d) => {
        got.push(d.toString());
        s.write(`echo ${d}`);
      });
      s.on('close', () => {
        serverClosed = true;
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const relay = new FreezingRelay({ host: '127.0.0.1', port: (echo.address() as { port: number }).port });
    const via = await relay.start();
    const c = connect(via);
    const back: string[] = [];
    c.on('data', (d) => back.push(d.toString()));
    c.on('error', () => {});
    await new Promise((r) => c.once('connect', r));
    c.write('one');
    await wait(50);
    assert.deepEqual([got, back], [['one'], ['echo one']]);
    const frozeAt = relay.freeze();
    c.write('two');
    serverSide?.write('late');
    await wait(50);
    assert.deepEqual([got, back], [['one'], ['echo one']], 'nothing passes once frozen');
    assert.equal(relay.clientResetAt, undefined);
    c.resetAndDestroy();
    await wait(50);
    assert.ok(relay.clientResetAt !== undefined && relay.clientResetAt >= frozeAt);
    assert.equal(serverClosed, false, 'the frozen relay does not pass the close on');
    await relay.stop();
    await wait(20);
    assert.equal(serverClosed, true);
    await new Promise((r) => echo.close(r));
  });
});
