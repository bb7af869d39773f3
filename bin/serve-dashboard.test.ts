/**
 * `ctilab serve cme --dashboard`: the node alone (its phones are outside, here two SccpPhones of
 * this test) shows its calls on the dashboard; the ready line names the page.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SccpPhone } from '../simulators/phone/phone.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

test(
  'serve cme --dashboard: the ready line has the page, which shows a call between two outside phones',
  { timeout: 60_000 },
  async () => {
    const child = spawn(
      process.execPath,
      [
        `${root}bin/ctilab.js`,
        'serve',
        'cme',
        '--config',
        `${root}labs/cme-moc.cfg`,
        '--sccp-port',
        '0',
        '--dashboard',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const phones: SccpPhone[] = [];
    try {
      const ready = JSON.parse(
        await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).once('line', resolve);
          exited.then((code) => reject(new Error(`serve exited (${code}) before its ready line`)));
        }),
      ) as { endpoints: { sccp: { host: string; port: number } }; dashboard: string };
      assert.match(ready.dashboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const state = async () =>
        (await (await fetch(new URL('/api/state', ready.dashboard))).json()) as Record<string, unknown>;
      assert.deepEqual(await state(), {
        lab: 'cme',
        phones: [],
        calls: [],
        cti: [],
        cucm: [],
        acd: [],
        alarms: [],
      });

      const servers = [ready.endpoints.sccp];
      const a = new SccpPhone({ mac: '001E4A34A35F', model: '7961', servers });
      const b = new SccpPhone({ mac: '000F8FC7B681', model: '7960', servers });
      phones.push(a, b);
      await a.start();
      await b.start();
      a.offHook();
      await a.waitFor((s) => Object.values(s.lines).some((l) => Object.keys(l.calls).length > 0));
      a.dial('202');
      await b.waitFor((s) => s.ringer !== 'RingOff');
      assert.deepEqual((await state())['calls'], [
        {
          node: 'cme',
          callID: 'C1',
          calling: '201',
          called: '202',
          parties: [
            { device: '201', state: 'connected' },
            { device: '202', state: 'alerting' },
          ],
        },
      ]);
      const press = await fetch(new URL('/api/phones/SEP001E4A34A35F/onhook', ready.dashboard), {
        method: 'POST',
      });
      assert.deepEqual(
        [press.status, await press.json()],
        [404, { error: "unknown phone 'SEP001E4A34A35F' (this dashboard has no phones)" }],
      );
    } finally {
      for (const p of phones) await p.stop().catch(() => {});
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  },
);
