import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { freePort } from '../testing/free-port.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { requireSipp } from '../testing/require-sipp.ts';
import { Tr87Server } from './tr87-server.ts';

// SIPp (Debian package `sip-tester`) as an independent TR/87 client (issue 3 "Tests that must exist").
const scenario = fileURLToPath(new URL('./sipp/tr87-session.xml', import.meta.url));

let endpoint: SipEndpoint;
let server: Tr87Server<unknown>;
const backend = new InMemoryCtiBackend(new Set(['201']));

before(async () => {
  endpoint = await SipEndpoint.start({ name: 'cme' });
  server = new Tr87Server({ endpoint, backend }) as Tr87Server<unknown>;
});

after(async () => {
  await server.close();
  await endpoint.close();
});

for (const mode of ['u1', 't1'] as const) {
  test(`SIPp ${mode}: RequestSystemStatus, GetCSTAFeatures, MonitorStart, MonitorStop, BYE`, async () => {
    requireSipp();
    const args = [
      `127.0.0.1:${endpoint.address.port}`,
      ...['-sf', scenario, '-s', '201', '-t', mode, '-m', '1', '-timeout', '10s', '-timeout_error'],
      ...['-i', '127.0.0.1', '-p', String(await freePort()), '-nostdin'],
    ];
    const closedBefore = backend.closed.length;
    const handledBefore = backend.handled.length;
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile('sipp', args, { timeout: 20_000 }, (err, stdout, stderr) => {
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          out: `${stdout}\n${stderr}`,
        });
      });
    });
    assert.equal(result.code, 0, `sipp exited with ${result.code}:\n${result.out.slice(-2000)}`);
    assert.deepEqual(
      backend.handled.slice(handledBefore).map((h) => h.request.type),
      ['RequestSystemStatus', 'GetCSTAFeatures', 'MonitorStart', 'MonitorStop'],
    );
    assert.equal(backend.closed.length, closedBefore + 1);
    assert.equal(backend.closed.at(-1)?.reason, 'bye');
    assert.equal(backend.closed.at(-1)?.session.params.client, 'generic');
    assert.equal(backend.monitors.size, 0);
    assert.deepEqual(backend.rows(), []);
  });
}
