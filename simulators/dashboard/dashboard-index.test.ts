import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexPage, startDashboardIndex } from './dashboard-index.ts';

test('indexPage: a row per entry, linked while up, struck out when down, escaped', () => {
  const page = indexPage({
    lab: 'a<b',
    entries: [
      { name: 'cme', kind: 'cme', state: 'up', url: 'http://127.0.0.1:1/' },
      { name: 'x"y', kind: 'cme', state: 'down', url: 'http://127.0.0.1:2/' },
      { name: 'p', kind: 'phones', state: 'paused', url: null },
    ],
  });
  assert.match(page, /<title>CTI Lab dashboards: a&#60;b<\/title>/);
  assert.ok(page.includes('<tr class="up" data-name="cme">'));
  assert.ok(page.includes('<a href="http://127.0.0.1:1/" target="_blank">'));
  assert.ok(page.includes('<tr class="down" data-name="x&#34;y">'));
  assert.ok(page.includes('<s>http://127.0.0.1:2/</s>'));
  assert.ok(page.includes('<td class="state">paused</td><td>(no dashboard)</td>'));
  assert.doesNotMatch(page, /<script/);
});

test('the index server: GET / and /api/dashboards read the entries at each request; 404, 405', async () => {
  let state: 'up' | 'down' = 'up';
  const index = await startDashboardIndex(
    () => ({ lab: 'l', entries: [{ name: 'n', kind: 'cme', state, url: 'http://127.0.0.1:9/' }] }),
    0,
  );
  try {
    assert.equal(index.url, `http://127.0.0.1:${index.port}/`);
    const api = () => fetch(new URL('/api/dashboards', index.url)).then((r) => r.json());
    assert.deepEqual(await api(), {
      lab: 'l',
      entries: [{ name: 'n', kind: 'cme', state: 'up', url: 'http://127.0.0.1:9/' }],
    });
    state = 'down';
    const page = await fetch(index.url);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await page.text(), /<tr class="down" data-name="n">/);
    const none = await fetch(new URL('/x', index.url));
    assert.deepEqual([none.status, await none.json()], [404, { error: 'no such resource: GET /x' }]);
    const post = await fetch(index.url, { method: 'POST' });
    assert.deepEqual([post.status, await post.json()], [405, { error: 'POST /: use GET' }]);
    // RFC 9110 §15.5.6: a 405 names the methods the resource has.
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  } finally {
    await index.close();
  }
});
