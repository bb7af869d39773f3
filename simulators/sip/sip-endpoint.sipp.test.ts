import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../testing/free-port.ts';
import { requireSipp } from '../testing/require-sipp.ts';
import type { SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';

// Interop with a real SIP tool (DESIGN.md section 3: SIPp, Debian package `sip-tester`).
const scenario = fileURLToPath(new URL('./sipp/tr87-uac.xml', import.meta.url));

const CSTA = 'application/csta+xml';
let ep: SipEndpoint;
const dialogs: SipDialog[] = [];
const infos: string[] = [];

before(async () => {
  ep = await SipEndpoint.start({ name: 'cme' });
  ep.onInvite(
    (inv) => {
      assert.match(inv.request.body, /RequestSystemStatus/);
      const d = inv.accept({
        body: '<SystemStatus>normal</SystemStatus>',
        contentType: CSTA,
        headers: [['Session-Expires', '1800']],
      });
      dialogs.push(d);
      d.onInfo((r) => {
        infos.push(r.request.body);
        r.respond(200, { body: '<GetCSTAFeaturesResponse/>', contentType: CSTA });
      });
    },
    { user: '201', accept: [CSTA] },
  );
});

after(() => ep.close());

for (const mode of ['u1', 't1'] as const) {
  test(`SIPp ${mode}: INVITE -> 200 -> ACK -> INFO -> 200 -> BYE -> 200 against the endpoint`, async () => {
    requireSipp();
    const localPort = await freePort();
    const args = [
      `127.0.0.1:${ep.address.port}`,
      ...['-sf', scenario, '-s', '201', '-t', mode, '-m', '1', '-timeout', '10s'],
      ...['-i', '127.0.0.1', '-p', String(localPort), '-nostdin', '-timeout_error'],
    ];
    const before = dialogs.length;
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile('sipp', args, { timeout: 20_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, out: `${stdout}\n${stderr}` });
      });
    });
    assert.equal(result.code, 0, `sipp exited with ${result.code}:\n${result.out.slice(-2000)}`);
    assert.equal(dialogs.length, before + 1);
    assert.equal(dialogs.at(-1)?.transport, mode === 'u1' ? 'udp' : 'tcp');
    assert.equal(dialogs.at(-1)?.state, 'terminated');
    assert.match(infos.at(-1) ?? '', /GetCSTAFeatures/);
  });
}
