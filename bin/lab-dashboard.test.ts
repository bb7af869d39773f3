/**
 * The dashboard of a real embedded lab (labs/cme-moc.yaml: one CME, three ephones) over real HTTP:
 * the page, the JSON view, the server-sent events and the presses on a phone, with their 4xx errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Dashboard, startDashboard } from '../simulators/dashboard/dashboard-server.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import type { Ladder } from '../simulators/ladder/ladder.ts';
import { EmbeddedRuntime } from '../simulators/runtime/embedded-runtime.ts';
import type { RunningLab } from '../simulators/runtime/lab-runtime.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';

let lab: RunningLab;
let dashboard: Dashboard;

before(async () => {
  const file = fileURLToPath(new URL('../labs/cme-moc.yaml', import.meta.url));
  lab = await new EmbeddedRuntime().start(await loadTopology(file));
  const parts = lab.parts?.();
  assert.ok(parts !== undefined, 'the embedded runtime hands over its parts');
  dashboard = await startDashboard(parts, 0);
});

after(async () => {
  await dashboard?.close();
  await lab?.stop();
});

const post = async (path: string, body?: string) => {
  const res = await fetch(new URL(path, dashboard.url), {
    method: 'POST',
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const state = async (): Promise<DashboardView> =>
  (await (await fetch(new URL('/api/state', dashboard.url))).json()) as DashboardView;

test('GET / serves the page (HTML, no external resource)', async () => {
  const res = await fetch(dashboard.url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await res.text();
  assert.match(html, /<title>CTI Lab dashboard<\/title>/);
  assert.match(html, /new EventSource\('\/api\/events'\)/);
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.equal(dashboard.url, `http://127.0.0.1:${dashboard.port}/`);
});

test('GET /api/state: the three ephones registered, idle, with the OnHook soft key set', async () => {
  const v = await state();
  assert.equal(v.lab, 'cme-moc');
  assert.deepEqual(
    v.phones.map((p) => [
      p.device,
      p.registered,
      p.lines.map((l) => l.dn),
      p.softKeySet,
      p.ringer,
      p.speaker,
      p.mwi,
    ]),
    [
      ['SEP001E4A34A35F', true, ['201'], 'OnHook', 'RingOff', 'off', 'Off'],
      ['SEP000F8FC7B681', true, ['202'], 'OnHook', 'RingOff', 'off', 'Off'],
      ['SEP0019E7FF1E30', true, ['203'], 'OnHook', 'RingOff', 'off', 'Off'],
    ],
  );
  assert.deepEqual(v.phones[0]?.softKeys, ['Redial', 'NewCall', 'CfwdAll', 'DND']);
  assert.deepEqual(v.calls, []);
});

test('a press on an unknown phone, an unknown action or with bad input is a 4xx JSON error', async () => {
  assert.deepEqual(await post('/api/phones/SEP000000000001/offhook'), {
    status: 404,
    body: {
      error: "unknown phone 'SEP000000000001' (phones: SEP001E4A34A35F, SEP000F8FC7B681, SEP0019E7FF1E30)",
    },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/jump'), {
    status: 404,
    body: { error: "unknown action 'jump' (one of offhook, onhook, dial, softkey, line)" },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/softkey', '{"key":"Bogus"}'), {
    status: 400,
    body: { error: "softKey: unknown soft key 'Bogus'" },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/softkey', '{}'), {
    status: 400,
    body: { error: "'key' (a soft key name, e.g. NewCall) is required" },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/dial', '{"digits":"2x"}'), {
    status: 400,
    body: { error: "dial: 'x' is not a keypad button" },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/line', '{"line":0}'), {
    status: 400,
    body: { error: "'line' must be an integer >= 1, got 0" },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/dial', '{digits'), {
    status: 400,
    body: { error: 'the body is not JSON' },
  });
  assert.deepEqual(await post('/api/phones/SEP0019E7FF1E30/dial', '[1]'), {
    status: 400,
    body: { error: 'the body must be a JSON object' },
  });
  const get = await fetch(new URL('/api/phones/SEP0019E7FF1E30/dial', dashboard.url));
  assert.deepEqual(
    [get.status, await get.json()],
    [405, { error: 'GET /api/phones/SEP0019E7FF1E30/dial: use POST' }],
  );
  const none = await fetch(new URL('/nothing', dashboard.url));
  assert.deepEqual([none.status, await none.json()], [404, { error: 'no such resource: GET /nothing' }]);
  assert.deepEqual((await state()).calls, [], 'nothing was acted on');
});

test('off hook and dial 202 from the dashboard: the events stream shows 202 ringing and the call, on hook clears it', async () => {
  const controller = new AbortController();
  const res = await fetch(new URL('/api/events', dashboard.url), { signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** The next `state` event whose view satisfies `until`. */
  const next = async (until: (v: DashboardView) => boolean): Promise<DashboardView> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('event: ladder\n')) continue; // the ladder panel: the next test
        const data = /^event: state\ndata: (.*)$/s.exec(frame);
        assert.ok(data !== null, `an SSE state event, got ${frame}`);
        const v = JSON.parse(data[1] ?? '') as DashboardView;
        if (until(v)) return v;
        continue;
      }
      const chunk = await reader.read();
      assert.equal(chunk.done, false, 'the stream stays open');
      buffer += chunk.value;
    }
  };
  try {
    await next((v) => v.calls.length === 0);
    assert.equal((await post('/api/phones/SEP001E4A34A35F/offhook')).status, 200);
    await next((v) => v.phones[0]?.speaker === 'on');
    assert.deepEqual(await post('/api/phones/SEP001E4A34A35F/dial', '{"digits":"202"}'), {
      status: 200,
      body: { ok: true, device: 'SEP001E4A34A35F', action: 'dial' },
    });
    const ringing = await next((v) => v.phones[1]?.ringer !== 'RingOff' && v.calls.length === 1);
    const callee = ringing.phones[1]!;
    assert.equal(callee.lines[0]?.lamp, 'Blink');
    assert.deepEqual(
      callee.lines[0]?.calls.map((c) => [c.state, c.party]),
      [['RingIn', '201']],
    );
    assert.ok(callee.softKeys.includes('Answer'), `Answer among ${callee.softKeys.join(',')}`);
    assert.deepEqual(
      ringing.calls.map((c) => [c.node, c.calling, c.called, c.parties.map((p) => `${p.device} ${p.state}`)]),
      [['cme', '201', '202', ['201 connected', '202 alerting']]],
    );
    assert.equal((await post('/api/phones/SEP001E4A34A35F/onhook')).status, 200);
    const cleared = await next((v) => v.calls.length === 0 && v.phones[1]?.ringer === 'RingOff');
    assert.deepEqual(cleared.phones[1]?.lines[0]?.calls, []);
  } finally {
    controller.abort();
    await reader.cancel().catch(() => {});
  }
});

test('the ladder of that call: GET /api/ladder, the /ladder page and the events stream’s ladder panel', async () => {
  const ladder = (await (await fetch(new URL('/api/ladder', dashboard.url))).json()) as Ladder;
  const arrows = ladder.arrows.map((a) => `${a.from}>${a.to} ${a.name}`);
  // The phones registered before the dashboard started: the lab's phones name their lifelines.
  for (const expected of [
    'SEP001E4A34A35F>cme OffHook',
    'SEP001E4A34A35F>cme KeypadButton',
    'cme>SEP000F8FC7B681 SetRinger',
    'SEP001E4A34A35F>cme OnHook',
  ])
    assert.ok(arrows.includes(expected), `${expected} among ${arrows.join(', ')}`);
  assert.ok(arrows.indexOf('SEP001E4A34A35F>cme OffHook') < arrows.indexOf('cme>SEP000F8FC7B681 SetRinger'));
  const page = await fetch(new URL('/ladder', dashboard.url));
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await page.text();
  assert.match(html, /<a class="msg sccp" href="#m-\d+" data-seq="\d+">/);
  assert.match(html, /<details id="m-1">/);
  const controller = new AbortController();
  const res = await fetch(new URL('/api/events', dashboard.url), { signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let buffer = '';
    while (!/event: ladder\ndata: .*\n\n/.test(buffer)) {
      const chunk = await reader.read();
      assert.equal(chunk.done, false, 'the stream stays open');
      buffer += chunk.value;
    }
    const panel = JSON.parse(/event: ladder\ndata: (.*)\n\n/.exec(buffer)?.[1] ?? '') as {
      total: number;
      shown: number;
      svg: string;
    };
    assert.equal(panel.total, ladder.arrows.length);
    assert.equal(panel.shown, Math.min(60, ladder.arrows.length));
    assert.match(panel.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="ladder"/);
    assert.match(panel.svg, /<a class="msg sccp" href="\/ladder#m-\d+" target="ladder" data-seq="\d+">/);
    assert.match(panel.svg, />OnHook<\/text>/);
  } finally {
    controller.abort();
    await reader.cancel().catch(() => {});
  }
});
