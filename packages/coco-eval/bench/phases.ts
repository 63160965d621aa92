// Where the time of the COCO-val-sized case goes, per phase, in this process: GT load (read +
// JSON.parse + columns), results load (chunked scan + checks), evaluate (matching + accumulate)
// and finish (summaries). CPU ms of this thread, best and median over RUNS, and peak RSS.
//   npx tsx bench/phases.ts   (after the case exists: npm run bench -w @aligndet/coco-eval)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allCategories,
  allocAccumulatedFor,
  evaluateCategories,
  finishEvaluation,
  resolveParams,
} from '../src/evaluate-coco';
import { loadCocoGroundTruth } from '../src/ground-truth';
import { loadCocoResults } from '../src/results';
import { generateCocoValSized } from './generate';

const RUNS = Number(process.env.RUNS ?? 8);
const dir = join(tmpdir(), 'aligndet-coco-bench');
const files = existsSync(join(dir, 'gt.json'))
  ? { gt: join(dir, 'gt.json'), dt: join(dir, 'dt.json') }
  : generateCocoValSized(dir);
const cpu = <T>(f: () => T): [number, T] => {
  const u = process.cpuUsage();
  const r = f();
  const d = process.cpuUsage(u);
  return [(d.user + d.system) / 1000, r];
};
const phases = {
  gt: [] as number[],
  results: [] as number[],
  evaluate: [] as number[],
  finish: [] as number[],
  total: [] as number[],
};
const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
for (let i = 0; i < RUNS; i++) {
  const [tg, gt] = cpu(() => loadCocoGroundTruth(files.gt));
  const [td, dt] = cpu(() => loadCocoResults(files.dt, gt));
  const p = resolveParams(gt);
  const acc = allocAccumulatedFor(p);
  const [te] = cpu(() => evaluateCategories(gt, dt, p, allCategories(p), acc));
  const [tf] = cpu(() => finishEvaluation(acc, p));
  phases.gt.push(tg);
  phases.results.push(td);
  phases.evaluate.push(te);
  phases.finish.push(tf);
  phases.total.push(tg + td + te + tf);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const table = Object.entries(phases)
  .map(([k, v]) => `| ${k} | ${Math.min(...v).toFixed(0)} | ${med(v).toFixed(0)} |`)
  .join('\n');
const md = `# coco-eval: CPU time per phase, COCO-val-sized case (5,000 images, 500k detections)

Command: \`npx tsx bench/phases.ts\` (sources, one thread, ${RUNS} runs in one process; the first is JIT-cold).
Load: \`${uptime}\` before, \`${execFileSync('uptime', { encoding: 'utf8' }).trim()}\` after. Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.

| phase | CPU ms best | median |
|---|---|---|
${table}
`;
writeFileSync(fileURLToPath(new URL('./results/coco-eval-phases.md', import.meta.url)), md);
console.log(md);
