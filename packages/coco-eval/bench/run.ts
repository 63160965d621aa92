// Benchmark: load + evaluate + accumulate + summarize on a COCO-val-sized case and on the
// m_medium_public fixture; wall time and peak RSS. Writes bench/results/coco-eval.{json,md}.
//   npx tsx bench/run.ts
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCoco, loadCocoGroundTruth } from '../src/index';
import { generateCocoValSized } from './generate';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(tmpdir(), 'aligndet-coco-bench');
const big = existsSync(join(dir, 'gt.json'))
  ? { gt: join(dir, 'gt.json'), dt: join(dir, 'dt.json') }
  : generateCocoValSized(dir);

function time(gt: string, dt: string, repeats: number) {
  const times: number[] = [];
  let stats: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    stats = evaluateCoco(gt, dt).stats; // includes reading + parsing both JSON files
    times.push((performance.now() - t) / 1000);
  }
  return { seconds: Math.min(...times), all: times, stats };
}

const fixtures = fileURLToPath(
  new URL('../../../../shared/fixtures/coco-eval/m_medium_public/', import.meta.url),
);
const medium = existsSync(fixtures) ? time(join(fixtures, 'gt.json'), join(fixtures, 'dt.json'), 3) : null;
const val = time(big.gt, big.dt, 3);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const numGt = loadCocoGroundTruth(big.gt).count;
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  cocoValSized: {
    seconds: val.seconds,
    runs: val.all,
    AP: val.stats[0],
    peakRssMb,
    numGt,
    numDetections: 500000,
  },
  mediumPublic: medium && { seconds: medium.seconds, runs: medium.all, pycocotoolsSeconds: 1.47 },
  references: { pycocotoolsSeconds: 49.0, pycocotoolsPeakGb: 4.3, fasterCocoEvalSeconds: 4.9 },
};
writeFileSync(join(here, 'results/coco-eval.json'), `${JSON.stringify(result, null, 1)}\n`);
const md = `# coco-eval benchmark

Machine: ${result.machine} (shared, noisy). Command: \`npm run bench -w @aligndet/coco-eval\`.
Times are load (read + parse both JSON files) + evaluate + accumulate + summarize, best of 3, single thread.

| case | aligndet coco-eval | pycocotools | faster-coco-eval |
|---|---|---|---|
| COCO-val-sized (5,000 images, 80 categories, ${numGt} GT, 500k detections) | **${val.seconds.toFixed(2)} s**, peak RSS ${peakRssMb.toFixed(0)} MB | 49.0 s, ~4.3 GB | 4.9 s |
${medium ? `| m_medium_public fixture (300 images, 30k detections) | **${medium.seconds.toFixed(3)} s** | 1.47 s | |\n` : ''}`;
writeFileSync(join(here, 'results/coco-eval.md'), md);
console.log(md);
