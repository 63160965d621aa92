// Benchmark: APS assignment time per image, 100 GT on an 800x1344 input (5 levels, strides 8..128,
// 22,400 points, 80 classes), random predictions, on two scenes: boxes spread over the image and
// boxes crowded around four centres. One thread. Wall time and this process's CPU time per image
// (the machine is shared: CPU time is the steadier number). Writes bench/results/spatial-assigner.{json,md}.
//   npx tsx bench/run.ts                  # the package's assigner
//   APS_SRC=/path/to/src/index.ts npx tsx bench/run.ts --label before   # another copy, e.g. an older commit
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cocoLikeScene } from '../test/coco-scene';

const label = process.argv.includes('--label')
  ? process.argv[process.argv.indexOf('--label') + 1]!
  : 'current';
const src = process.env.APS_SRC ?? '../src/index';
const { SpatialAssigner } = (await import(src)) as typeof import('../src/index');

const scenes = [
  { name: 'spread (seed 1)', input: cocoLikeScene(1) },
  { name: 'clustered (seed 2)', input: cocoLikeScene(2, { clustered: true }) },
];
const RUNS = 20;
const aps = new SpatialAssigner();
const rows = scenes.map(({ name, input }) => {
  for (let i = 0; i < 5; i++) aps.assign(input); // warm-up: let the JIT settle
  const wall: number[] = [];
  const cpu: number[] = [];
  let positives = 0;
  for (let i = 0; i < RUNS; i++) {
    const u = process.cpuUsage();
    const t = performance.now();
    positives = aps.assign(input).numPositives;
    wall.push(performance.now() - t);
    const d = process.cpuUsage(u);
    cpu.push((d.user + d.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    scene: name,
    points: input.strides.length,
    gts: input.gtLabels.length,
    classes: input.predictions!.numClasses,
    positives,
    wallBestMs: Math.min(...wall),
    wallMedianMs: median(wall),
    cpuBestMs: Math.min(...cpu),
    cpuMedianMs: median(cpu),
  };
});

const dir = fileURLToPath(new URL('./results/', import.meta.url));
const jsonPath = `${dir}spatial-assigner.json`;
let previous: { runs?: Record<string, unknown> } = {};
try {
  previous = JSON.parse(readFileSync(jsonPath, 'utf8'));
} catch {}
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  runs: {
    ...(previous.runs ?? {}),
    [label]: { date: new Date().toISOString(), loadAverage: loadavg()[0], rows },
  },
};
writeFileSync(jsonPath, `${JSON.stringify(result, null, 1)}\n`);
type Row = (typeof rows)[number];
const table = Object.entries(result.runs as Record<string, { loadAverage: number; rows: Row[] }>)
  .flatMap(([l, r]) =>
    r.rows.map(
      (x) =>
        `| ${l} | ${x.scene} | ${x.points} | ${x.gts} | ${x.classes} | **${x.cpuBestMs.toFixed(1)}** / ${x.cpuMedianMs.toFixed(1)} | ${x.wallBestMs.toFixed(1)} / ${x.wallMedianMs.toFixed(1)} | ${x.positives} | ${r.loadAverage.toFixed(1)} |`,
    ),
  )
  .join('\n');
const md = `# spatial-assigner benchmark

Machine: ${result.machine} (shared with other jobs: see the load average). Command: \`npm run bench -w @aligndet/spatial-assigner\`.
Input 800×1344, strides 8–128, random predictions; ${RUNS} timed runs after 5 warm-up runs, one thread.
\`before\` is the assigner of commit 1a25046 run by this same script (\`APS_SRC\`).

| code | scene | points | GT | classes | CPU ms per image (best / median) | wall ms (best / median) | positives | load avg |
|---|---|---|---|---|---|---|---|---|
${table}
`;
writeFileSync(`${dir}spatial-assigner.md`, md);
console.log(md);
