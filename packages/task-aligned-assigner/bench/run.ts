// Benchmark: TAL beside APS, assignment time per image on one large scene: an 800x1344 input
// (5 levels, strides 8..128, 22,400 points), 100 GT, 80 classes, random predictions (the same
// decoded boxes and logits for both). Writes bench/results/task-aligned-assigner.{json,md}.
//   npm run bench -w @aligndet/task-aligned-assigner   (after npm run build)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { decodeDistances, type MatchAssigner, type MatchInput, pointGrid } from '@aligndet/core-tensor';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { TaskAlignedAssigner } from '../src/index';

function scene(seed: number): MatchInput {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const [H, W] = [800, 1344];
  const strides = [8, 16, 32, 64, 128];
  const grid = pointGrid(
    strides.map((st) => [Math.ceil(H / st), Math.ceil(W / st)] as [number, number]),
    strides,
  );
  const P = grid.strides.length;
  const boxes: number[] = [];
  for (let g = 0; g < 100; g++) {
    const w = 8 + r() ** 2 * 600;
    const h = 8 + r() ** 2 * 500;
    const x = r() * (W - w);
    const y = r() * (H - h);
    boxes.push(x, y, x + w, y + h);
  }
  const distances = Float32Array.from({ length: P * 4 }, () => r() * 8);
  return {
    ...grid,
    gtBoxes: Float32Array.from(boxes),
    gtLabels: Int32Array.from({ length: 100 }, () => Math.floor(r() * 80)),
    predictions: {
      numClasses: 80,
      clsLogits: Float32Array.from({ length: P * 80 }, () => (r() - 0.8) * 8),
      boxes: decodeDistances(grid.points, distances, grid.strides),
    },
  };
}

const input = scene(1);
const assigners: Array<[string, MatchAssigner]> = [
  ['TAL (tood: α 1, β 6, top-13)', new TaskAlignedAssigner()],
  ['TAL (ultralytics: α 0.5, β 6, top-10)', new TaskAlignedAssigner({ preset: 'ultralytics' })],
  ['APS (official)', new SpatialMatchAssigner()],
];
const rows = assigners.map(([label, a]) => {
  a.assign(input);
  const runs: number[] = [];
  let positives = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    positives = a.assign(input).numPositives;
    runs.push(performance.now() - t);
  }
  return { label, msPerImage: Math.min(...runs), runs, positives };
});
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  loadAverage: loadavg()[0],
  points: input.strides.length,
  gts: 100,
  classes: 80,
  rows,
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}task-aligned-assigner.json`, `${JSON.stringify(result, null, 1)}\n`);
const md = `# task-aligned-assigner benchmark: TAL beside APS

Machine: ${result.machine}, load average ${result.loadAverage.toFixed(1)} (shared, noisy).
Command: \`npm run bench -w @aligndet/task-aligned-assigner\`. One image: 800×1344, strides 8–128
(${result.points} points), 100 GT, 80 classes, random logits and boxes, the same input for each
assigner; best of 5 runs after one warm-up.

| assigner | assignment per image | positives |
|---|---|---|
${rows.map((r) => `| ${r.label} | **${r.msPerImage.toFixed(1)} ms** | ${r.positives} |`).join('\n')}
`;
writeFileSync(`${dir}task-aligned-assigner.md`, md);
console.log(md);
