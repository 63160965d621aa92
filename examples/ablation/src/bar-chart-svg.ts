/** One bar with an error whisker. */
export interface Bar {
  label: string;
  value: number;
  error: number;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A vertical bar chart (SVG) with ±error whiskers and the value above each bar.
 *
 * @example
 * ```ts
 * writeFileSync('ap.svg', barChartSvg([{ label: 'fcos', value: 12.3, error: 0.4 }], { title: 'AP', yLabel: 'AP (%)' }));
 * ```
 */
export function barChartSvg(bars: Bar[], options: { title: string; yLabel: string }): string {
  const W = 140 + 110 * bars.length;
  const H = 360;
  const left = 70;
  const top = 40;
  const bottom = 70;
  const plotH = H - top - bottom;
  const max = Math.max(1e-9, ...bars.map((b) => b.value + b.error)) * 1.15;
  const y = (v: number) => top + plotH * (1 - v / max);
  const step = max > 20 ? 10 : max > 8 ? 2 : max > 2 ? 1 : 0.5;
  const ticks: string[] = [];
  for (let v = 0; v <= max; v += step)
    ticks.push(
      `<line x1="${left}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>` +
        `<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end" font-size="11">${+v.toFixed(1)}</text>`,
    );
  const colors = ['#888888', '#4c72b0', '#dd8452', '#55a868', '#c44e52', '#8172b3'];
  const rects = bars.map((b, i) => {
    const x = left + 30 + i * 110;
    const c = colors[i % colors.length];
    return (
      `<rect x="${x}" y="${y(b.value)}" width="60" height="${y(0) - y(b.value)}" fill="${c}"/>` +
      `<line x1="${x + 30}" x2="${x + 30}" y1="${y(b.value + b.error)}" y2="${y(Math.max(0, b.value - b.error))}" stroke="#000"/>` +
      `<text x="${x + 30}" y="${y(b.value + b.error) - 6}" text-anchor="middle" font-size="12">${b.value.toFixed(1)}</text>` +
      `<text x="${x + 30}" y="${H - bottom + 18}" text-anchor="middle" font-size="11">${escapeXml(b.label)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<title>${escapeXml(options.title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>
<text transform="translate(18 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(options.yLabel)}</text>
${ticks.join('\n')}
<line x1="${left}" x2="${W - 20}" y1="${y(0)}" y2="${y(0)}" stroke="#000"/>
${rects.join('\n')}
</svg>
`;
}
