/** One curve of a line chart. */
export interface Series {
  name: string;
  points: Array<[number, number]>;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
  /** Logarithmic y axis (loss curves). Default false. */
  logY?: boolean;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** log10 of the 1-2-5 values inside [10^lo, 10^hi]. */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++)
    for (const m of [1, 2, 5]) {
      const t = Math.log10(m * 10 ** e);
      if (t >= lo && t <= hi) out.push(t);
    }
  return out;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0)
    ? v.toExponential(1)
    : String(Number(v.toPrecision(3)));

/**
 * A self-contained SVG line chart (axes, ticks, grid, legend); no dependencies, so plots work
 * everywhere. Rasterise it with `@resvg/resvg-js` when a PNG is wanted.
 *
 * @example
 * ```ts
 * const svg = lineChartSvg({ title: 'loss', xLabel: 'iteration', yLabel: 'loss', series: [{ name: 'total', points: [[1, 2], [2, 1]] }] });
 * ```
 */
export function lineChartSvg(o: LineChartOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 420;
  const m = { l: 70, r: 150, t: 40, b: 50 };
  const pts = o.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y) && (!o.logY || y > 0));
  const tx = (v: number) => v;
  const ty = (v: number) => (o.logY ? Math.log10(v) : v);
  let x0 = Math.min(...pts.map((p) => tx(p[0])));
  let x1 = Math.max(...pts.map((p) => tx(p[0])));
  let y0 = Math.min(...pts.map((p) => ty(p[1])));
  let y1 = Math.max(...pts.map((p) => ty(p[1])));
  if (!pts.length) [x0, x1, y0, y1] = [0, 1, 0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const X = (v: number) => m.l + ((tx(v) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const Y = (v: number) => H - m.b - ((ty(v) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
  ];
  for (const v of niceTicks(x0, x1, 6)) {
    parts.push(`<line x1="${X(v)}" y1="${m.t}" x2="${X(v)}" y2="${H - m.b}" stroke="#eee"/>`);
    parts.push(`<text x="${X(v)}" y="${H - m.b + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  const yTicks = o.logY ? logTicks(y0, y1) : niceTicks(y0, y1, 6);
  for (const t of yTicks) {
    const v = o.logY ? 10 ** t : t;
    parts.push(`<line x1="${m.l}" y1="${Y(v)}" x2="${W - m.r}" y2="${Y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${fmt(v)}</text>`);
  }
  parts.push(
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#444"/>`,
  );
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(18 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  o.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const d = s.points
      .filter(([, y]) => Number.isFinite(y) && (!o.logY || y > 0))
      .map(([x, y], k) => `${k ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`)
      .join('');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    if (s.points.length === 1)
      parts.push(`<circle cx="${X(s.points[0]![0])}" cy="${Y(s.points[0]![1])}" r="3" fill="${color}"/>`);
    const ly = m.t + 10 + 18 * i;
    parts.push(
      `<line x1="${W - m.r + 12}" y1="${ly}" x2="${W - m.r + 32}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - m.r + 38}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
