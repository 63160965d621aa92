// Turns the PR curves written by `aligndet-coco-eval --pr-curves pr.json` into an SVG chart.
//   tsx plot-pr-curves.ts <pr.json> <out.svg>
import { readFileSync, writeFileSync } from 'node:fs';
import { prCurvesSvg } from './pr-curves-svg';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: tsx plot-pr-curves.ts <pr.json> <out.svg>');
  process.exit(2);
}
writeFileSync(output, `${prCurvesSvg(JSON.parse(readFileSync(input, 'utf8')))}\n`);
console.log(`wrote ${output}`);
