// Benchmark: TAL beside APS, assignment time per image on one large scene: an 800x1344 input
// (5 levels, strides 8..128, 22,400 points), 100 GT, 80 classes, random predictions (the same
// decoded boxes and logits for both). Then, in the same run, the PyTorch reference that produced
// the TAL parity fixtures (tools/fixtures/task_aligned_assigner.py via bench/tal_torch.py, one
// thread) on the same scene, its assignment compared point by point with ours; skipped with a
// printed reason without /usr/bin/python3 + torch + torchvision, or with TAL_TORCH=0.
// Writes bench/results/task-aligned-assigner.{json,md}.
//   npm run bench -w @aligndet/task-aligned-assigner   (after npm run build)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { decodeDistances, type MatchAssigner, type MatchInput, pointGrid } from '@aligndet/core-tensor';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { TaskAlignedAssigner } from '../src/index';
import { runTorchReference, type TorchRow, torchMissing } from '../../../tools/bench/torch-reference.mjs';

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
const RUNS = 10;
const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const rows = assigners.map(([label, a]) => {
  a.assign(input);
  const runs: number[] = [];
  const cpu: number[] = [];
  let positives = 0;
  for (let i = 0; i < RUNS; i++) {
    const u = process.cpuUsage();
    const t = performance.now();
    positives = a.assign(input).numPositives;
    runs.push(performance.now() - t);
    const d = process.cpuUsage(u);
    cpu.push((d.user + d.system) / 1000);
  }
  return { label, msPerImage: Math.min(...runs), cpuBestMs: Math.min(...cpu), runs, positives };
});
const uptimeAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();

const TORCH_RUNS = 5;
const torchSkipped =
  process.env.TAL_TORCH === '0'
    ? 'TAL_TORCH=0'
    : (torchMissing() ??
      (execFileSync('/usr/bin/python3', ['-s', '-c', 'import torchvision; print(1)'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() === '1'
        ? undefined
        : 'torchvision not importable'));
const torchRows: Array<TorchRow & { oursPositives: number; oursCpuBestMs: number }> = [];
if (torchSkipped) console.log(`reference skipped: ${torchSkipped}`);
else {
  const pred = input.predictions!;
  for (const [preset, index] of [
    ['tood', 0],
    ['ultralytics', 1],
  ] as const) {
    const ours = assigners[index]![1].assign(input);
    const r = runTorchReference(
      fileURLToPath(new URL('./tal_torch.py', import.meta.url)),
      {
        points: Float32Array.from(input.points),
        gtBoxes: Float32Array.from(input.gtBoxes),
        gtLabels: Int32Array.from(input.gtLabels),
        predBoxes: Float32Array.from(pred.boxes),
        clsLogits: Float32Array.from(pred.clsLogits),
      },
      { numClasses: pred.numClasses },
      TORCH_RUNS,
      ours.gtIndex,
    ).find((x) => x.variant === preset)!;
    torchRows.push({ ...r, oursPositives: ours.numPositives, oursCpuBestMs: rows[index]!.cpuBestMs });
  }
}
const uptimeTorch = execFileSync('uptime', { encoding: 'utf8' }).trim();
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  date: new Date().toISOString(),
  loadAverage: loadavg()[0],
  uptimeBefore,
  uptimeAfter,
  points: input.strides.length,
  gts: 100,
  classes: 80,
  rows,
  torchReference: torchSkipped
    ? { skipped: torchSkipped }
    : { script: 'bench/tal_torch.py', runs: TORCH_RUNS, uptimeAfter: uptimeTorch, rows: torchRows },
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}task-aligned-assigner.json`, `${JSON.stringify(result, null, 1)}\n`);
const torchTable = torchSkipped
  ? `Reference skipped: ${torchSkipped}.`
  : `| reference | CPU ms (best / median) | wall ms (best / median) | ours / this (CPU) | positives (ours) | points assigned differently |
|---|---|---|---|---|---|
${torchRows
  .map(
    (r) =>
      `| PyTorch ${r.torch} TAL, ${r.variant} (float64) | **${r.cpuBestMs.toFixed(1)}** / ${r.cpuMedianMs.toFixed(1)} | ${r.wallBestMs.toFixed(1)} / ${r.wallMedianMs.toFixed(1)} | ${(r.oursCpuBestMs / r.cpuBestMs).toFixed(3)} | ${r.positives} (${r.oursPositives}) | ${r.mismatches} |`,
  )
  .join('\n')}`;
const md = `# task-aligned-assigner benchmark: TAL beside APS

Machine: ${result.machine}, shared with other jobs. Load: \`${uptimeBefore}\` before, \`${uptimeAfter}\` after.
Command: \`npm run bench -w @aligndet/task-aligned-assigner\`. One image: 800×1344, strides 8–128
(${result.points} points), 100 GT, 80 classes, random logits and boxes, the same input for each
assigner; best of ${RUNS} runs after one warm-up, one thread.

| assigner | CPU ms per image (best) | wall ms (best) | positives |
|---|---|---|---|
${rows.map((r) => `| ${r.label} | **${r.cpuBestMs.toFixed(1)}** | ${r.msPerImage.toFixed(1)} | ${r.positives} |`).join('\n')}

## Reference in the same run: the PyTorch TAL of the parity fixtures

\`bench/tal_torch.py\` times \`assign\` of \`tools/fixtures/task_aligned_assigner.py\` (the reference the TAL
fixtures come from: dense [P, G] metric, IoU by torchvision's \`box_iou\`, \`topk\` per GT; float64) on the
same scene, ${TORCH_RUNS} timed runs after 2 warm-ups, \`torch.set_num_threads(1)\`. Load after it: \`${uptimeTorch}\`.

${torchTable}
`;
writeFileSync(`${dir}task-aligned-assigner.md`, md);
console.log(md);
