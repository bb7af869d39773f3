/**
 * `ctilab lab up labs/cme-moc.yaml --runtime process --dashboard` as a user runs it: real child
 * processes (the CME's `serve cme --dashboard`, the phones' `phones --dashboard`), the index the
 * `lab up` process serves, each child's own page behind its link, a call placed on the phones'
 * page seen on the CME's, a kill fault shown as down, a restore's new address, and lab down.
 * Every wait is bounded; everything started here is stopped at the end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DashboardIndex } from '../simulators/dashboard/dashboard-index.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';

const moc = fileURLToPath(new URL('../labs/cme-moc.yaml', import.meta.url));
const { start: ctilab, once } = ctilabChildren({ cwdPrefix: 'ctilab-dashproc-' });

const getJson = async <T>(url: string | URL): Promise<T> => {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  return (await res.json()) as T;
};

/** Reads `read` until `ok` holds, for at most 30 s (a bounded wait, not a timing assertion). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(
  'lab up --runtime process --dashboard: the index links the CME and its phones, a kill shows down, a restore the new page',
  { timeout: 180_000 },
  async () => {
    const up = ctilab('lab up', ['lab', 'up', moc, '--runtime', 'process', '--dashboard']);
    const ready = await up.waitForLine((v) => 'nodes' in v, 60_000, 'lab up line', 0);
    const indexUrl = String(ready.value.dashboard);
    assert.match(indexUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(ready.value.phones, { 'moc-phones': { phones: 3, registered: 3, byNode: { cme: 3 } } });

    const index = await getJson<DashboardIndex>(new URL('/api/dashboards', indexUrl));
    assert.equal(index.lab, 'cme-moc');
    assert.deepEqual(
      index.entries.map((e) => [e.name, e.kind, e.state]),
      [
        ['cme', 'cme', 'up'],
        ['moc-phones', 'phones', 'up'],
      ],
    );
    const cmeUrl = index.entries[0]!.url!;
    const phonesUrl = index.entries[1]!.url!;
    for (const url of [cmeUrl, phonesUrl]) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(indexUrl)).text();
    assert.match(html, /<title>CTI Lab dashboards: cme-moc<\/title>/);
    assert.ok(html.includes(`<a href="${cmeUrl}" target="_blank">`), html);
    assert.ok(html.includes(`<a href="${phonesUrl}" target="_blank">`), html);

    // The phones' own page: the three ephones registered with the CME child.
    const phones = await getJson<DashboardView>(new URL('/api/state', phonesUrl));
    assert.deepEqual(
      phones.phones.map((p) => [p.group, p.device, p.registered, p.lines.map((l) => l.dn)]),
      [
        ['moc-phones', 'SEP001E4A34A35F', true, ['201']],
        ['moc-phones', 'SEP000F8FC7B681', true, ['202']],
        ['moc-phones', 'SEP0019E7FF1E30', true, ['203']],
      ],
    );
    // The CME's own page: no call yet; a call placed from the phones' page is on it.
    const cmeState = () => getJson<DashboardView>(new URL('/api/state', cmeUrl));
    assert.deepEqual((await cmeState()).calls, []);
    const press = async (action: string, body?: string) =>
      (
        await fetch(new URL(`/api/phones/SEP001E4A34A35F/${action}`, phonesUrl), {
          method: 'POST',
          ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
        })
      ).status;
    assert.equal(await press('offhook'), 200);
    await until(
      () => getJson<DashboardView>(new URL('/api/state', phonesUrl)),
      (v) => v.phones[0]?.speaker === 'on',
      'phone 201 off hook',
    );
    assert.equal(await press('dial', '{"digits":"202"}'), 200);
    const ringing = await until(cmeState, (v) => v.calls.length === 1, 'the call on the CME page');
    assert.deepEqual(
      ringing.calls.map((c) => [c.node, c.calling, c.called]),
      [['cme', '201', '202']],
    );
    assert.equal(await press('onhook'), 200);
    await until(cmeState, (v) => v.calls.length === 0, 'the call cleared on the CME page');

    // A kill: the index shows the CME down (its last address struck out), the phones still up.
    const kill = await once(['lab', 'fault', 'cme', 'kill']);
    assert.equal(kill.code, 0);
    const killed = await getJson<DashboardIndex>(new URL('/api/dashboards', indexUrl));
    assert.deepEqual(
      killed.entries.map((e) => [e.name, e.state, e.url]),
      [
        ['cme', 'down', cmeUrl],
        ['moc-phones', 'up', phonesUrl],
      ],
    );
    const downHtml = await (await fetch(indexUrl)).text();
    assert.match(downHtml, /<tr class="down" data-name="cme">.*<td class="state">down<\/td><td><s>/);
    await assert.rejects(fetch(new URL('/api/state', cmeUrl)), 'the killed child serves nothing');

    // A restore: a new child, a new page, linked from the index.
    const restore = await once(['lab', 'fault', 'cme', 'restore']);
    assert.equal(restore.code, 0);
    const restored = await getJson<DashboardIndex>(new URL('/api/dashboards', indexUrl));
    const cme = restored.entries[0]!;
    assert.equal(cme.state, 'up');
    assert.match(String(cme.url), /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(cme.url, cmeUrl);
    assert.equal((await getJson<DashboardView>(new URL('/api/state', cme.url!))).lab, 'cme');
    // The phones come back to the restored CME (their page says so).
    await until(
      () => getJson<DashboardView>(new URL('/api/state', phonesUrl)),
      (v) => v.phones.every((p) => p.registered),
      'the three phones registered again',
    );

    const down = await once(['lab', 'down']);
    assert.equal(down.code, 0);
    assert.deepEqual(down.value, { down: [{ lab: 'cme-moc', stopped: true }] });
    assert.deepEqual(await up.waitForExit(30_000), { code: 0, signal: null });
    await assert.rejects(fetch(indexUrl), 'the index is closed');
    await assert.rejects(fetch(phonesUrl), "the phones' page is closed");
  },
);

test('lab up --dashboard on the containers runtime is refused before anything starts', async () => {
  const { labUp } = await import('./lab-command.ts');
  await assert.rejects(labUp(moc, { runtime: 'containers', dashboard: true }), {
    message:
      "--dashboard runs on the embedded runtime (one page) or the process runtime (a page per child and their index), not 'containers'",
  });
});
