// Benchmark: assignment time per image, 100 GT on an 800x1344 input (5 levels, strides 8..128,
// 22,400 points, 80 classes), random predictions, on two scenes: boxes spread over the image and
// boxes crowded around four centres. One thread. In one process, repetitions interleaved so every
// variant sees the same machine load: this package's APS, optionally another copy of it (APS_BEFORE,
// e.g. main's sources: the before/after ratio of one run), and the task-aligned assigner on the same
// scenes (decoded boxes from the same distances). Best and median of wall time and of this process's
// CPU time (the machine is shared: take the best). Then, in the same run, the official APS
// procedure re-implemented in PyTorch (bench/aps_torch.py, one thread, float32 as the official code
// and float64 as ours) on the same scenes, its assignment compared point by point with ours; it is
// skipped with a printed reason without /usr/bin/python3 + torch, or with APS_TORCH=0.
// Writes bench/results/spatial-assigner.{json,md}.
//   npx tsx bench/run.ts
//   APS_BEFORE=/path/to/main/packages/spatial-assigner/src/index.ts npx tsx bench/run.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type AssignerInput, decodeDistances, type MatchInput } from '@aligndet/core-tensor';
import { SpatialAssigner } from '../src/index';
import { cocoLikeScene } from '../test/coco-scene';
import { runTorchReference, type TorchRow, torchMissing } from '../../../tools/bench/torch-reference.mjs';

const RUNS = 20;
const scenes = [
  { name: 'spread (seed 1)', input: cocoLikeScene(1) },
  { name: 'clustered (seed 2)', input: cocoLikeScene(2, { clustered: true }) },
];
const asMatchInput = (input: AssignerInput): MatchInput => ({
  ...input,
  predictions: {
    numClasses: input.predictions!.numClasses,
    clsLogits: input.predictions!.clsLogits,
    boxes: decodeDistances(input.points, input.predictions!.boxDistances, input.strides),
  },
});
const matchInputs = scenes.map((s) => asMatchInput(s.input));

type Variant = { label: string; run: (scene: number) => number };
const variants: Variant[] = [];
if (process.env.APS_BEFORE) {
  const before = (await import(process.env.APS_BEFORE)) as typeof import('../src/index');
  const aps = new before.SpatialAssigner();
  variants.push({ label: 'APS before (main)', run: (s) => aps.assign(scenes[s]!.input).numPositives });
}
const aps = new SpatialAssigner();
variants.push({ label: 'APS', run: (s) => aps.assign(scenes[s]!.input).numPositives });
// the monorepo sibling, by path: a bench-only comparison, not a dependency of this package
const { TaskAlignedAssigner } = (await import(
  '../../task-aligned-assigner/src/index' as string
)) as typeof import('@aligndet/task-aligned-assigner');
const tood = new TaskAlignedAssigner();
variants.push({
  label: 'TAL (tood: α 1, β 6, top-13)',
  run: (s) => tood.assign(matchInputs[s]!).numPositives,
});
const ultra = new TaskAlignedAssigner({ preset: 'ultralytics' });
variants.push({
  label: 'TAL (ultralytics: α 0.5, β 6, top-10)',
  run: (s) => ultra.assign(matchInputs[s]!).numPositives,
});

const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const wall = variants.map(() => scenes.map((): number[] => []));
const cpu = variants.map(() => scenes.map((): number[] => []));
const positives = variants.map(() => scenes.map(() => 0));
for (let s = 0; s < scenes.length; s++) for (const v of variants) for (let i = 0; i < 5; i++) v.run(s); // warm-up
for (let i = 0; i < RUNS; i++)
  for (let s = 0; s < scenes.length; s++)
    variants.forEach((v, j) => {
      const u = process.cpuUsage();
      const t = performance.now();
      positives[j]![s] = v.run(s);
      wall[j]![s]!.push(performance.now() - t);
      const d = process.cpuUsage(u);
      cpu[j]![s]!.push((d.user + d.system) / 1000);
    });
const uptimeAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();

// The PyTorch reference on the same scenes (same run, right after ours; fewer runs: ~1 s each).
const TORCH_RUNS = 5;
const torchSkipped = process.env.APS_TORCH === '0' ? 'APS_TORCH=0' : torchMissing();
const torchRows: Array<TorchRow & { scene: string; oursPositives: number }> = [];
if (torchSkipped) console.log(`reference skipped: ${torchSkipped}`);
else
  for (const { name, input } of scenes) {
    const ours = aps.assign(input);
    const pred = input.predictions!;
    const rows = runTorchReference(
      fileURLToPath(new URL('./aps_torch.py', import.meta.url)),
      {
        points: Float32Array.from(input.points),
        strides: Float32Array.from(input.strides),
        levels: Int32Array.from(input.levels),
        gtBoxes: Float32Array.from(input.gtBoxes),
        gtLabels: Int32Array.from(input.gtLabels),
        clsLogits: Float32Array.from(pred.clsLogits),
        boxDistances: Float32Array.from(pred.boxDistances),
      },
      { numLevels: input.numLevels, numClasses: pred.numClasses },
      TORCH_RUNS,
      ours.gtIndex,
    );
    for (const r of rows) torchRows.push({ ...r, scene: name, oursPositives: ours.numPositives });
  }
const uptimeTorch = execFileSync('uptime', { encoding: 'utf8' }).trim();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const rows = variants.flatMap((v, j) =>
  scenes.map(({ name, input }, s) => ({
    code: v.label,
    scene: name,
    points: input.strides.length,
    gts: input.gtLabels.length,
    classes: input.predictions!.numClasses,
    positives: positives[j]![s]!,
    wallBestMs: Math.min(...wall[j]![s]!),
    wallMedianMs: median(wall[j]![s]!),
    cpuBestMs: Math.min(...cpu[j]![s]!),
    cpuMedianMs: median(cpu[j]![s]!),
  })),
);

const dir = fileURLToPath(new URL('./results/', import.meta.url));
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  date: new Date().toISOString(),
  loadAverage: loadavg()[0],
  uptimeBefore,
  uptimeAfter,
  runs: RUNS,
  rows,
  torchReference: torchSkipped
    ? { skipped: torchSkipped }
    : { script: 'bench/aps_torch.py', runs: TORCH_RUNS, uptimeAfter: uptimeTorch, rows: torchRows },
};
writeFileSync(`${dir}spatial-assigner.json`, `${JSON.stringify(result, null, 1)}\n`);
const apsBest = (label: string, s: string) => rows.find((r) => r.code === label && r.scene === s)?.cpuBestMs;
const table = rows
  .map((x) => {
    const ratio = apsBest('APS', x.scene)! / x.cpuBestMs;
    return `| ${x.code} | ${x.scene} | **${x.cpuBestMs.toFixed(1)}** / ${x.cpuMedianMs.toFixed(1)} | ${x.wallBestMs.toFixed(1)} / ${x.wallMedianMs.toFixed(1)} | ${ratio.toFixed(2)} | ${x.positives} |`;
  })
  .join('\n');
const torchTable = torchSkipped
  ? `Reference skipped: ${torchSkipped}.`
  : `| reference | scene | CPU ms (best / median) | wall ms (best / median) | APS / this (CPU) | positives (ours) | points assigned differently |
|---|---|---|---|---|---|---|
${torchRows
  .map(
    (r) =>
      `| official APS in PyTorch ${r.torch}, ${r.variant} | ${r.scene} | **${r.cpuBestMs.toFixed(1)}** / ${r.cpuMedianMs.toFixed(1)} | ${r.wallBestMs.toFixed(1)} / ${r.wallMedianMs.toFixed(1)} | ${(apsBest('APS', r.scene)! / r.cpuBestMs).toFixed(3)} | ${r.positives} (${r.oursPositives}) | ${r.mismatches} |`,
  )
  .join('\n')}`;
const md = `# spatial-assigner benchmark

Machine: ${result.machine}, shared with other jobs. Command: \`npm run bench -w @aligndet/spatial-assigner\`
(\`APS_BEFORE=<main>/packages/spatial-assigner/src/index.ts\` adds main's APS to the same run).
Input 800×1344 (22,400 points, strides 8–128), 100 GT, 80 classes, random predictions; ${RUNS} timed runs per
variant after 5 warm-up runs, interleaved, one thread. Load: \`${uptimeBefore}\` before, \`${uptimeAfter}\` after.
"APS / this" is APS's best CPU time over this row's (below 1: this row is faster).

| code | scene | CPU ms per image (best / median) | wall ms (best / median) | APS / this | positives |
|---|---|---|---|---|---|
${table}

## Reference in the same run: the official procedure in PyTorch

\`bench/aps_torch.py\` (run by this bench on the same two scenes, after the rows above; ${TORCH_RUNS} timed runs after 2
warm-ups, \`torch.set_num_threads(1)\`): eager [P, 2] slot costs for every point inside a GT (full focal loss over
80 classes + 1 − GIoU), a Python loop over GTs with per-level \`topk\`, the score, the GMM (scikit-learn's EM
written out in numpy, scikit-learn not being installed) and the slot flags, as the official code does it.
float32 is the official dtype; float64 is ours, and must assign every point as we do (last column).
Load after it: \`${uptimeTorch}\`.

${torchTable}
`;
writeFileSync(`${dir}spatial-assigner.md`, md);
console.log(md);
