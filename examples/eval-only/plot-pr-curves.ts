// Turns the PR curves written by `aligndet-coco-eval --pr-curves pr.json` into a chart:
// <out>.svg, and <out>.png when @resvg/resvg-js is installed.
//   tsx plot-pr-curves.ts <pr.json> <out.svg>
import { readFileSync, writeFileSync } from 'node:fs';
import type { PrCurve } from '@aligndet/coco-eval';
import { prCurveChart, renderChart } from '@aligndet/coco-eval/plot';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: tsx plot-pr-curves.ts <pr.json> <out.svg>');
  process.exit(2);
}
const curves = JSON.parse(readFileSync(input, 'utf8')) as PrCurve[];
// each category's AP at the curves' IoU threshold is the mean of its 101 precision values
const named = curves.map((c) => ({
  ...c,
  name: `${c.categoryName ?? c.categoryId} (AP ${(c.precision.reduce((s, p) => s + p, 0) / c.precision.length).toFixed(3)})`,
}));
const { svg, png } = await renderChart(
  prCurveChart(named, `precision–recall at IoU ${curves[0]?.iouThreshold}`),
);
writeFileSync(output, `${svg}\n`);
if (png) writeFileSync(output.replace(/\.svg$/, '.png'), png);
console.log(`wrote ${output}${png ? ' and its PNG' : ''}`);
