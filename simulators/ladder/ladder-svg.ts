import { cappedLadder, JSON_ARROWS, type Ladder, type LadderArrow } from './ladder.ts';

/** Escapes text for XML/HTML element content and quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeXml;

const COL = 190;
const MARGIN = 20;
const HEAD = 44;
const ROW = 24;
const LABEL_MAX = 26;

/** The id of an arrow's decoded message in the ladder page (`#m-<seq>`). */
export const messageId = (a: Pick<LadderArrow, 'seq'>): string => `m-${a.seq}`;

export interface LadderSvgOptions {
  /** Where clicking an arrow goes; default the message's section in the same page. */
  href?: (a: LadderArrow) => string;
  /** The links' target (`_blank`: the decoded message opens in a new tab). */
  target?: string;
}

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** The lab clock's time of day, UTC, to the millisecond. */
export function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().slice(11, 23);
}

/**
 * A sequence diagram as SVG (hand-written, no library): a lifeline per party, an arrow per
 * message labelled with its name, each arrow a link (`<a href>`) to its decoded message. Every
 * text from the ladder is escaped.
 */
export function ladderSvg(ladder: Ladder, options: LadderSvgOptions = {}): string {
  const href = options.href ?? ((a: LadderArrow) => `#${messageId(a)}`);
  const column = new Map(ladder.parties.map((p, i) => [p.name, i]));
  const x = (name: string) => MARGIN + COL / 2 + (column.get(name) ?? 0) * COL;
  const width = Math.max(1, ladder.parties.length) * COL + 2 * MARGIN;
  // A row per arrow, and one more where arrows between two drawn ones were left out (their seq
  // jumps: a capped ladder): "… n not drawn …". A live ladder's last arrows (the dashboard's
  // panel) say what they leave out above them, in the panel.
  const rows: Array<{ arrow: LadderArrow } | { gap: [number, number] }> = [];
  let previous: number | undefined;
  for (const a of ladder.arrows) {
    if (previous !== undefined && a.seq > previous + 1) rows.push({ gap: [previous + 1, a.seq - 1] });
    rows.push({ arrow: a });
    previous = a.seq;
  }
  const bottom = HEAD + 16 + rows.length * ROW;
  const height = bottom + MARGIN;
  const parties = ladder.parties
    .map((p) => {
      const cx = x(p.name);
      return `<g class="party"><title>${e(`${p.name} (${p.endpoints.join(', ')})`)}</title><rect x="${cx - COL / 2 + 8}" y="${MARGIN / 2}" width="${COL - 16}" height="26" rx="4"/><text x="${cx}" y="${MARGIN / 2 + 17}" text-anchor="middle">${e(clip(p.name, LABEL_MAX))}</text></g><line class="life" x1="${cx}" y1="${MARGIN / 2 + 26}" x2="${cx}" y2="${bottom}"/>`;
    })
    .join('\n');
  const target = options.target === undefined ? '' : ` target="${e(options.target)}"`;
  const link = (a: LadderArrow) => `href="${e(href(a))}"${target}`;
  const arrows = rows
    .map((r, i) => {
      const y = HEAD + 16 + i * ROW;
      if ('arrow' in r) return arrowSvg(r.arrow, y, x(r.arrow.from), x(r.arrow.to), link(r.arrow));
      const [from, to] = r.gap;
      return `<g class="gap"><rect x="${MARGIN}" y="${y - 10}" width="${width - 2 * MARGIN}" height="16"/><text x="${width / 2}" y="${y + 2}" text-anchor="middle">… ${to - from + 1} messages not drawn (#${from}–#${to}): see the .ladder.json / pcap …</text></g>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="ladder" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<style>
.party rect { fill: #eef2f7; stroke: #567; }
.life { stroke: #999; stroke-dasharray: 4 3; }
.gap rect { fill: #fff6d6; } .gap text { fill: #6a5300; font-style: italic; }
.msg line, .msg path { stroke-width: 1.4; fill: none; }
.msg text { fill: #222; }
.msg:hover text { font-weight: bold; }
.sccp line, .sccp path { stroke: #1f5fa8; } .sccp polygon { fill: #1f5fa8; }
.sip line, .sip path { stroke: #2e7d32; } .sip polygon { fill: #2e7d32; }
.cti-server line, .cti-server path { stroke: #8e24aa; } .cti-server polygon { fill: #8e24aa; }
.tftp line, .tftp path { stroke: #666; } .tftp polygon { fill: #666; }
</style>
${parties}
${arrows}
</svg>`;
}

/** `link`: the link's attributes, escaped (`href="..."` and any target). */
function arrowSvg(a: LadderArrow, y: number, x1: number, x2: number, link: string): string {
  const title = `#${a.seq} ${timeOfDay(a.time)} ${a.protocol}: ${a.name}\n${a.fromEndpoint} → ${a.toEndpoint}`;
  const head = (tip: number, at: number, dir: 1 | -1) =>
    `<polygon points="${tip},${at} ${tip - 8 * dir},${at - 4} ${tip - 8 * dir},${at + 4}"/>`;
  let shape: string;
  let label: string;
  if (x1 === x2) {
    // A message between two endpoints of one party: a loop on its lifeline.
    shape = `<path d="M${x1},${y - 6} h28 v10 h-27"/>${head(x1 + 1, y + 4, -1)}`;
    label = `<text x="${x1 + 32}" y="${y + 2}">${e(a.name)}</text>`;
  } else {
    const dir = x2 > x1 ? 1 : -1;
    shape = `<line x1="${x1}" y1="${y}" x2="${x2 - dir}" y2="${y}"/>${head(x2 - dir, y, dir)}`;
    label = `<text x="${(x1 + x2) / 2}" y="${y - 4}" text-anchor="middle">${e(a.name)}</text>`;
  }
  return `<a class="msg ${e(a.protocol)}" ${link} data-seq="${a.seq}"><title>${e(title)}</title>${shape}${label}</a>`;
}

/**
 * A ladder page draws at most this many arrows, with their decoded messages: the first and the
 * last 200. A person reads a ladder's set-up and its end; 400 rows are a 10 000-pixel diagram
 * already, and 400 arrows with their messages keep the page under about 1 MB (a device-limit
 * scenario has 12 000 messages: 19.5 MB drawn whole). The rest is in the .ladder.json (up to
 * its own cap, `JSON_ARROWS`) and every byte in the pcap.
 */
export const PAGE_ARROWS = { first: 200, last: 200 } as const;

export interface LadderHtmlOptions {
  /** The page's heading (the scenario's name). */
  title: string;
  /** A link to the same ladder as JSON, if written beside it. */
  jsonHref?: string;
}

/** What the page shows of how many messages: `showing 400 of 12014 messages (#1–#200, #11815–#12014) …`. */
function summary(ladder: Ladder): string {
  const { arrows } = ladder;
  const parties = `between ${ladder.parties.length} parties`;
  if (ladder.truncated === 0) return `${arrows.length} messages ${parties}`;
  const runs: [number, number][] = [];
  for (const a of arrows) {
    const last = runs.at(-1);
    if (last !== undefined && a.seq === last[1] + 1) last[1] = a.seq;
    else runs.push([a.seq, a.seq]);
  }
  const shown = runs.map(([a, b]) => (a === b ? `#${a}` : `#${a}–#${b}`)).join(', ');
  return `showing ${arrows.length} of ${ladder.total} messages (${shown}) ${parties}; ${ladder.truncated} not drawn: a scenario's JSON keeps the first ${JSON_ARROWS.first} and the last ${JSON_ARROWS.last} messages, its pcap every one`;
}

/** Opens the decoded message an arrow links to (fixed text: nothing from the ladder in it). */
const openScript = `
(function () {
  function openTarget() {
    var t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (t && t.tagName === 'DETAILS') { t.open = true; t.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;

/**
 * A self-contained page (inline CSS, SVG and one fixed script; nothing fetched): the ladder, then
 * each message's decoded fields in a `<details id="m-<seq>">` the arrow opens.
 */
export function ladderHtml(whole: Ladder, options: LadderHtmlOptions): string {
  const ladder = cappedLadder(whole, PAGE_ARROWS);
  const messages = ladder.arrows
    .map(
      (a) =>
        `<details id="${messageId(a)}"><summary>#${a.seq} ${e(timeOfDay(a.time))} ${e(a.from)} → ${e(a.to)} <b>${e(a.name)}</b> <span class="proto">${e(a.protocol)}/${e(a.transport)} ${e(a.fromEndpoint)} → ${e(a.toEndpoint)}</span></summary><pre>${e(JSON.stringify(a.fields, null, 2) ?? '')}</pre></details>`,
    )
    .join('\n');
  const json = options.jsonHref === undefined ? '' : ` · <a href="${e(options.jsonHref)}">JSON</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ladder: ${e(options.title)}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
.diagram { overflow-x: auto; }
details { border-bottom: 1px solid #ddd; padding: 0.15em 0; }
details:target, details[open] { background: #f6f8fb; }
summary { cursor: pointer; }
.proto { color: #666; font-size: 0.85em; }
pre { margin: 0.3em 1em; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>Ladder: ${e(options.title)}</h1>
<p id="ladder-summary">${summary(ladder)}${json}</p>
<div class="diagram">
${ladderSvg(ladder)}
</div>
<h2>Messages</h2>
${messages}
<script>${openScript}</script>
</body>
</html>
`;
}
