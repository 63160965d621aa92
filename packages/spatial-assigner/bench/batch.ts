// Benchmark: a batch of COCO-scale images (the spread scenes of bench/run.ts, seeds 1..N) assigned
// one after the other on this thread versus SpatialAssignerPool on 2 threads (this one + 1 worker,
// started and warmed up before timing; the inputs are copied to the worker each batch), batch sizes
// 2, 8 and 16, best wall time of 5, interleaved. Writes bench/results/spatial-assigner-batch.{json,md}.
//   npx tsx bench/batch.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SpatialAssigner } from '../src/index';
import { SpatialAssignerPool } from '../src/node/index';
import { cocoLikeScene } from '../test/coco-scene';

const sizes = [2, 8, 16];
const images = Array.from({ length: 16 }, (_, i) => cocoLikeScene(i + 1, { clustered: i % 2 === 1 }));
const aps = new SpatialAssigner();
const pool = new SpatialAssignerPool({ threads: 2, minBatch: 1 });
await pool.assignBatch(images.slice(0, 4)); // start and warm up the worker
for (const x of images.slice(0, 4)) aps.assign(x);
const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const best = sizes.map(() => ({ serial: Infinity, pool: Infinity }));
for (let rep = 0; rep < 5; rep++)
  for (const [i, n] of sizes.entries()) {
    const batch = images.slice(0, n);
    let t = performance.now();
    for (const x of batch) aps.assign(x);
    best[i]!.serial = Math.min(best[i]!.serial, performance.now() - t);
    t = performance.now();
    await pool.assignBatch(batch);
    best[i]!.pool = Math.min(best[i]!.pool, performance.now() - t);
  }
await pool.close();
const uptimeAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();
const rows = sizes.map((n, i) => ({ batch: n, serialMs: best[i]!.serial, poolMs: best[i]!.pool }));
const dir = fileURLToPath(new URL('./results/', import.meta.url));
const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
writeFileSync(
  `${dir}spatial-assigner-batch.json`,
  `${JSON.stringify({ machine, date: new Date().toISOString(), uptimeBefore, uptimeAfter, rows }, null, 1)}\n`,
);
const md = `# spatial-assigner batch benchmark

Machine: ${machine}, shared with other jobs. \`npx tsx bench/batch.ts\`: a batch of 800×1344 images (100 GT, 80
classes, spread and clustered scenes alternating), on this thread vs \`SpatialAssignerPool\` with 2 threads
(worker warmed up; inputs copied each batch), best wall time of 5. Load: \`${uptimeBefore}\` before, \`${uptimeAfter}\` after.

| batch | one thread ms | pool, 2 threads ms | speed-up |
|---|---|---|---|
${rows.map((r) => `| ${r.batch} | ${r.serialMs.toFixed(1)} | ${r.poolMs.toFixed(1)} | ${(r.serialMs / r.poolMs).toFixed(2)}× |`).join('\n')}
`;
writeFileSync(`${dir}spatial-assigner-batch.md`, md);
console.log(md);
