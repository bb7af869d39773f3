import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requestControl, serveControl } from './lab-control.ts';
import type { LabFault } from './lab-fault.ts';
import type { LabStatus, RunningLab } from './lab-runtime.ts';

// The control socket answers bad requests with {"ok":false,"error"} and keeps serving.

const STATUS: LabStatus = { lab: 'l', runtime: 'embedded', nodes: {}, phones: {} };
const faults: LabFault[] = [];
const lab: RunningLab = {
  name: 'l',
  runtime: 'embedded',
  nodes: {},
  status: async () => STATUS,
  fault: async (node, fault) => {
    faults.push(fault);
    return { applied: true, node, fault, detail: 'done' };
  },
  logs: () => ({}),
  processes: () => [],
  captures: () => [],
  stop: async () => {},
};

function raw(path: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path, () => socket.write(text));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      reply += d;
    });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

test('bad control requests get an error answer; good ones are still served', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-control-'));
  const path = join(dir, 'l.sock');
  let downs = 0;
  const server = await serveControl(lab, path, () => downs++);
  try {
    assert.deepEqual(JSON.parse(await raw(path, 'not json\n')), { ok: false, error: 'not a JSON request' });
    assert.deepEqual(JSON.parse(await raw(path, '{"op":"explode"}\n')), {
      ok: false,
      error: "unknown op 'explode'",
    });
    const badFault = await requestControl(path, { op: 'fault', node: 'a', fault: ['delay'] });
    assert.deepEqual(badFault, { ok: false, error: 'delay takes milliseconds: delay <ms>' });
    assert.deepEqual(JSON.parse(await raw(path, `${'x'.repeat(70_000)}`)), {
      ok: false,
      error: 'request too long',
    });
    assert.deepEqual(faults, []);
    assert.deepEqual(await requestControl(path, { op: 'status' }), { ok: true, result: STATUS });
    const kill = await requestControl(path, { op: 'fault', node: 'a', fault: ['kill'] });
    assert.deepEqual(kill, {
      ok: true,
      result: { applied: true, node: 'a', fault: { kind: 'kill' }, detail: 'done' },
    });
    assert.equal(downs, 0);
    assert.deepEqual(await requestControl(path, { op: 'down' }), {
      ok: true,
      result: { lab: 'l', stopping: true },
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(downs, 1);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
