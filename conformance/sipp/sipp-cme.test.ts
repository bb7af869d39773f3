import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { freePort } from '../../simulators/testing/free-port.ts';
import { requireSipp } from '../../simulators/testing/require-sipp.ts';
import { Tr87Client } from '../../simulators/tr87/tr87-client.ts';

// Issue 3 "Tests that must exist": SIPp (Debian package `sip-tester`) as an independent TR/87
// client of the real simulated CME (`ctilab serve cme`), with registered SCCP phones on both lines,
// over TCP and over UDP.
const scenario = fileURLToPath(new URL('./cme-make-call.xml', import.meta.url));
const config = fileURLToPath(new URL('../../labs/cme-moc.cfg', import.meta.url));
const caller = '201'; // labs/cme-moc.cfg: ephone-dn 1 on ephone 1
const callee = '202'; // labs/cme-moc.cfg: ephone-dn 2 on ephone 2

interface Endpoint {
  host: string;
  port: number;
}

function endpointIn(value: Record<string, unknown>, name: 'sccp' | 'sip'): Endpoint | undefined {
  const e = (value.endpoints as Record<string, unknown> | undefined)?.[name] as
    | { host?: unknown; port?: unknown }
    | undefined;
  return typeof e?.host === 'string' && typeof e.port === 'number'
    ? { host: e.host, port: e.port }
    : undefined;
}

let cme: CtilabChild | undefined;
let phones: CtilabChild | undefined;
let sip: Endpoint;
let workDir: string;

before(async () => {
  requireSipp();
  workDir = await mkdtemp(path.join(tmpdir(), 'ctilab-sipp-'));
  cme = new CtilabChild('cme', ['serve', 'cme', '--config', config, '--sccp-port', '0', '--sip-port', '0']);
  const ready = await cme.waitForLine((v) => endpointIn(v, 'sip') !== undefined, 15_000, 'endpoints line');
  const sccp = endpointIn(ready.value, 'sccp');
  sip = endpointIn(ready.value, 'sip')!;
  assert.ok(sccp, `no endpoints.sccp in ${JSON.stringify(ready.value)}`);
  phones = new CtilabChild('phones', [
    ...['phones', '--target', `${sccp.host}:${sccp.port}`, '--config', config, '--ephones', '1,2'],
  ]);
  const reg = await phones.waitForLine((v) => typeof v.registered === 'number', 15_000, 'registration line');
  assert.equal(reg.value.registered, 2, `phones did not all register: ${JSON.stringify(reg.value)}`);
});

after(async () => {
  // Always stop the children, even when `before` failed half-way.
  await Promise.allSettled([phones?.stop(3000), cme?.stop(3000)]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function runSipp(
  mode: 't1' | 'u1',
): Promise<{ code: number | string | null; out: string; errors: string }> {
  const errorFile = path.join(workDir, `sipp-${mode}-errors.log`);
  const args = [
    `${sip.host}:${sip.port}`,
    ...['-sf', scenario, '-s', caller, '-key', 'callee', callee, '-t', mode, '-m', '1'],
    // -timeout bounds the whole run; -timeout_error makes reaching it a failure.
    ...['-timeout', '10s', '-timeout_error', '-i', '127.0.0.1', '-p', String(await freePort())],
    ...['-nostdin', '-trace_err', '-error_file', errorFile],
  ];
  const result = await new Promise<{ code: number | string | null; out: string }>((resolve) => {
    execFile('sipp', args, { timeout: 20_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number | string }).code ?? err.signal ?? null) : 0;
      resolve({ code, out: `${stdout}\n${stderr}` });
    });
  });
  const errors = await readFile(errorFile, 'utf8').catch(() => '');
  return { ...result, errors };
}

for (const mode of ['t1', 'u1'] as const) {
  test(`SIPp ${mode} against ctilab serve cme: session, features, monitor, MakeCall ${caller}->${callee} and its events`, async () => {
    // An independent witness on the callee's line: the callee's phone must really ring and the
    // call must really be cleared by SIPp's ClearConnection.
    const witness = await Tr87Client.connect({
      host: sip.host,
      port: sip.port,
      user: 'witness',
      line: callee,
      autoRefresh: false,
    });
    try {
      await witness.monitorStart(callee);
      const r = await runSipp(mode);
      assert.equal(
        r.code,
        0,
        `sipp -t ${mode} exited with ${r.code}\n--- sipp errors ---\n${r.errors.slice(-3000)}\n--- sipp output ---\n${r.out.slice(-1500)}`,
      );
      const delivered = await witness.nextEvent('DeliveredEvent', 3000);
      const alerting = delivered.alertingDevice;
      assert.ok('deviceIdentifier' in alerting, `alertingDevice not known: ${JSON.stringify(delivered)}`);
      assert.match(alerting.deviceIdentifier, new RegExp(`^tel:${callee};`));
      const cleared = await witness.nextEvent('ConnectionClearedEvent', 3000);
      assert.equal(cleared.droppedConnection.callID, delivered.connection.callID);
    } finally {
      await witness.close();
    }
  });
}
