import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Ladder, LadderArrow } from './ladder.ts';
import { ladderHtml, ladderSvg, PAGE_ARROWS } from './ladder-svg.ts';

const arrow = (seq: number, from: string, to: string, name: string, fields: unknown = {}): LadderArrow => ({
  seq,
  time: Date.UTC(2026, 10, 23, 9, 0, 0) + seq,
  from,
  to,
  fromEndpoint: `${from}-ep`,
  toEndpoint: `${to}-ep`,
  protocol: 'sccp',
  transport: 'tcp',
  name,
  fields,
});

const registration: Ladder = {
  format: 'ctilab-ladder/2',
  total: 3,
  truncated: 0,
  parties: [
    { name: 'SEP00AABB001001', endpoints: ['127.0.0.1:38688'] },
    { name: 'CME', endpoints: ['127.0.0.2:2000'] },
  ],
  arrows: [
    arrow(1, 'SEP00AABB001001', 'CME', 'RegisterReq', { deviceName: 'SEP00AABB001001' }),
    arrow(2, 'CME', 'SEP00AABB001001', 'RegisterAck'),
    arrow(3, 'CME', 'CME', 'loop'),
  ],
};

test('the SVG has a lifeline per party and one linked arrow per message, labelled with its name', () => {
  const svg = ladderSvg(registration);
  assert.deepEqual(
    [...svg.matchAll(/<g class="party">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]),
    ['SEP00AABB001001', 'CME'],
  );
  assert.equal([...svg.matchAll(/<line class="life"/g)].length, 2);
  assert.deepEqual(
    [...svg.matchAll(/<a class="msg sccp" href="([^"]*)"[^>]*>[\s\S]*?<text[^>]*>([^<]*)<\/text><\/a>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    ),
    ['#m-1 RegisterReq', '#m-2 RegisterAck', '#m-3 loop'],
  );
  // RegisterReq runs left to right (the phone's lifeline is the first), RegisterAck back.
  const x = (seq: number) => /<line x1="(\d+)"[^>]*x2="(\d+)"/.exec(svg.split(`data-seq="${seq}"`)[1] ?? '');
  assert.ok(Number(x(1)?.[1]) < Number(x(1)?.[2]));
  assert.ok(Number(x(2)?.[1]) > Number(x(2)?.[2]));
});

test('hostile names and fields are escaped in the SVG and the page; only the page’s own script is there', () => {
  const hostile = '<script>alert("x")</script>';
  const ladder: Ladder = {
    format: 'ctilab-ladder/2',
    total: 1,
    truncated: 0,
    parties: [
      { name: hostile, endpoints: ['"><img src=x onerror=alert(1)>'] },
      { name: 'CME', endpoints: ['127.0.0.2:2000'] },
    ],
    arrows: [arrow(1, hostile, 'CME', `DisplayNotify ${hostile}`, { text: `</pre>${hostile}` })],
  };
  const html = ladderHtml(ladder, { title: `scenario ${hostile}`, jsonHref: 'a"b.json' });
  assert.ok(!html.includes(hostile));
  assert.ok(!html.includes('<img'));
  assert.equal([...html.matchAll(/<script>/g)].length, 1, 'the one fixed script of the page');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('href="a&quot;b.json"'));
  assert.ok(html.includes('<details id="m-1">'));
  assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;'));
});

test('the page lists each message with its time, parties and decoded fields', () => {
  const html = ladderHtml(registration, { title: 'A configured phone registers', jsonHref: 'x.ladder.json' });
  assert.ok(
    html.includes(
      '<p id="ladder-summary">3 messages between 2 parties · <a href="x.ladder.json">JSON</a></p>',
    ),
  );
  assert.ok(
    html.includes(
      '<summary>#1 09:00:00.001 SEP00AABB001001 → CME <b>RegisterReq</b> <span class="proto">sccp/tcp SEP00AABB001001-ep → CME-ep</span></summary><pre>{\n  &quot;deviceName&quot;: &quot;SEP00AABB001001&quot;\n}</pre>',
    ),
  );
});

test('a long ladder’s page draws its first and last PAGE_ARROWS, says what it left out, and lists only those messages', () => {
  const total = PAGE_ARROWS.first + PAGE_ARROWS.last + 1000;
  const long: Ladder = {
    ...registration,
    total,
    arrows: Array.from({ length: total }, (_, i) =>
      arrow(i + 1, i % 2 ? 'CME' : 'SEP00AABB001001', i % 2 ? 'SEP00AABB001001' : 'CME', `m${i + 1}`),
    ),
  };
  const html = ladderHtml(long, { title: 'device limit', jsonHref: 'x.ladder.json' });
  const drawn = [...html.matchAll(/<a class="msg sccp" href="#m-(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(drawn.length, PAGE_ARROWS.first + PAGE_ARROWS.last);
  assert.equal(drawn[PAGE_ARROWS.first - 1], PAGE_ARROWS.first);
  assert.equal(drawn[PAGE_ARROWS.first], PAGE_ARROWS.first + 1001);
  assert.equal([...html.matchAll(/<details id="m-/g)].length, drawn.length);
  const gap = [...html.matchAll(/<g class="gap">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(gap, [
    `… 1000 messages not drawn (#${PAGE_ARROWS.first + 1}–#${PAGE_ARROWS.first + 1000}): see the .ladder.json / pcap …`,
  ]);
  assert.match(
    html,
    new RegExp(
      `<p id="ladder-summary">showing ${PAGE_ARROWS.first + PAGE_ARROWS.last} of ${total} messages \\(#1–#${PAGE_ARROWS.first}, #${PAGE_ARROWS.first + 1001}–#${total}\\) between 2 parties; 1000 not drawn: a scenario's JSON keeps the first 1000 and the last 1000 messages, its pcap every one · <a href="x.ladder.json">JSON</a></p>`,
    ),
  );
  // A live ladder's last arrows (the dashboard's panel, which says itself what it leaves out): no gap row.
  const recent = ladderSvg({ ...long, arrows: long.arrows.slice(-2), truncated: total - 2 });
  assert.ok(!recent.includes('class="gap"'));
});
