// A small line-chart renderer: inline SVG written when the report is built (no script, no CDN,
// nothing fetched when the page is opened). One chart per call: x = seconds of the run, up to four
// series, optional vertical markers (faults), axes with five ticks each.

export interface ChartSeries {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number | null]>;
}

export interface ChartMarker {
  readonly x: number;
  readonly label: string;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
const W = 640;
const H = 240;
const PAD = { left: 56, right: 16, top: 28, bottom: 36 };

export function lineChart(
  title: string,
  unit: string,
  series: readonly ChartSeries[],
  markers: readonly ChartMarker[] = [],
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]).filter((y): y is number => y !== null));
  const x0 = Math.min(0, ...xs);
  const x1 = Math.max(1, ...xs, ...markers.map((m) => m.x));
  const y1 = niceCeiling(Math.max(0, ...ys));
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - (y / y1) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${PAD.left}" y1="${py(0)}" x2="${W - PAD.right}" y2="${py(0)}" stroke="#444"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${py(0)}" stroke="#444"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = (y1 * i) / 4;
    const x = x0 + ((x1 - x0) * i) / 4;
    parts.push(
      `<line x1="${PAD.left}" y1="${py(y)}" x2="${W - PAD.right}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 4}" y="${py(y) + 4}" font-size="10" text-anchor="end">${fmt(y)}</text>`,
      `<text x="${px(x)}" y="${H - PAD.bottom + 14}" font-size="10" text-anchor="middle">${fmt(x)}</text>`,
    );
  }
  parts.push(
    `<text x="${W - PAD.right}" y="${H - 6}" font-size="10" text-anchor="end">s</text>`,
    `<text x="4" y="${PAD.top - 8}" font-size="10">${esc(unit)}</text>`,
  );
  for (const m of markers)
    parts.push(
      `<line x1="${px(m.x)}" y1="${PAD.top}" x2="${px(m.x)}" y2="${py(0)}" stroke="#ff7f0e" stroke-dasharray="4 3"/>`,
      `<text x="${px(m.x) + 3}" y="${PAD.top + 10}" font-size="10" fill="#ff7f0e">${esc(m.label)}</text>`,
    );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const d = s.points
      .filter((p): p is readonly [number, number] => p[1] !== null)
      .map((p, k) => `${k === 0 ? 'M' : 'L'}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`)
      .join(' ');
    if (d !== '') parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    parts.push(
      `<text x="${W - PAD.right - 150 + (i % 2) * 75}" y="${16 + Math.floor(i / 2) * 11}" font-size="10" fill="${colour}">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `v` (1 for 0). */
export function niceCeiling(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
