/**
 * Writes the sample figures under docs/figures/: detections and ground truth drawn on a generated
 * picture at several sizes with long and non-ASCII class names, and the charts of
 * `@aligndet/coco-eval/plot` on the committed eval-only sample. Run: `npx tsx tools/figures/make-doc-figures.ts`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  confusionMatrix,
  evaluateCoco,
  loadCocoGroundTruth,
  loadCocoResults,
  perClassTable,
  prCurves,
} from '@aligndet/coco-eval';
import {
  barChart,
  confusionMatrixChart,
  meanPrCurvesByIou,
  prCurveChart,
  renderChart,
} from '@aligndet/coco-eval/plot';
import { drawDetections } from '../../packages/trainer/src/viz/draw-detections';
import { Random } from '../../packages/trainer/src/util/random';
import { plotRun } from '../../packages/trainer/src/viz/plot-run';

const out = join(import.meta.dirname, '../../docs/figures');
mkdirSync(out, { recursive: true });

/** A photo-like test picture: sky and ground gradients, soft discs, a little noise. */
function picture(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  const random = new Random(7);
  const rnd = () => random.next();
  const discs = Array.from({ length: 6 }, () => ({
    x: rnd(),
    y: 0.3 + 0.6 * rnd(),
    r: 0.05 + 0.12 * rnd(),
    c: [rnd(), rnd(), rnd()].map((v) => 60 + 180 * v),
  }));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = y / height;
      let c = v < 0.45 ? [110 + 90 * v, 160 + 60 * v, 230] : [90 - 40 * v, 120 - 30 * v, 60];
      for (const d of discs) {
        const dist = Math.hypot(x / width - d.x, (y / height - d.y) * (height / width));
        if (dist < d.r) c = d.c;
      }
      const n = (rnd() - 0.5) * 16;
      data.set(
        c.map((v) => Math.max(0, Math.min(255, v + n))),
        3 * (y * width + x),
      );
    }
  return { width, height, data };
}

const names = [
  'person',
  'Traffic Light (L)/#2',
  'café 自行车',
  'bicycle',
  'très long nom de classe: véhicule utilitaire',
];
for (const [w, h] of [
  [96, 72],
  [160, 120],
  [384, 288],
  [640, 480],
] as const) {
  const s = (v: number, side: number) => v * side;
  const boxes = [
    { box: [s(0.1, w), s(0.2, h), s(0.45, w), s(0.9, h)], label: names[0]!, score: 0.91 },
    { box: [s(0.12, w), s(0.22, h), s(0.4, w), s(0.85, h)], label: names[3]!, score: 0.42 },
    { box: [s(0.5, w), s(0.1, h), s(0.62, w), s(0.4, h)], label: names[1]!, score: 0.77 },
    { box: [s(0.55, w), s(0.45, h), s(0.95, w), s(0.95, h)], label: names[2]!, score: 0.64 },
    { box: [s(0.58, w), s(0.5, h), s(0.9, w), s(0.9, h)], label: names[4]!, kind: 'ground-truth' as const },
  ] as Array<{ box: [number, number, number, number]; label: string; score?: number; kind?: 'ground-truth' }>;
  const { png } = drawDetections(picture(w, h), boxes, { classNames: names });
  writeFileSync(join(out, `detections-${w}x${h}.png`), png);
}

const sample = join(import.meta.dirname, '../../examples/eval-only/sample');
const gt = loadCocoGroundTruth(join(sample, 'gt.json'));
const dt = loadCocoResults(join(sample, 'results.json'), gt);
const result = evaluateCoco(gt, dt);
const save = async (name: string, spec: Parameters<typeof renderChart>[0]) => {
  const { png } = await renderChart(spec);
  if (!png) throw new Error('make-doc-figures: needs @resvg/resvg-js for the PNGs');
  writeFileSync(join(out, `${name}.png`), png);
};
await save(
  'pr-curves-iou50',
  prCurveChart(
    prCurves(result, { iouThreshold: 0.5 }).map((c) => ({
      ...c,
      name: gt.categoryNames.get(c.categoryId) ?? String(c.categoryId),
    })),
    'PR curves per class at IoU 0.50',
  ),
);
await save('pr-curves-per-iou', prCurveChart(meanPrCurvesByIou(result), 'mean PR curve per IoU threshold'));
await save(
  'per-class-ap',
  barChart({
    title: 'AP per class (worst first)',
    valueLabel: 'AP@[.50:.95] (%)',
    horizontal: true,
    domain: [0, 100],
    bars: perClassTable(result, gt.categoryNames).map((r) => ({ label: r.name, value: 100 * r.ap })),
  }),
);
await save('confusion-matrix', confusionMatrixChart(confusionMatrix(gt, dt)));
// the training summary as `aligndet plot` draws it, from a real run's metrics (60 rows of a
// 600-iteration run of the aligndet preset on the built-in dataset)
const runDir = mkdtempSync(join(tmpdir(), 'figures-run-'));
copyFileSync(
  process.argv[2] ?? join(import.meta.dirname, 'sample-metrics.jsonl'),
  join(runDir, 'metrics.jsonl'),
);
await plotRun(runDir);
copyFileSync(join(runDir, 'results.png'), join(out, 'results.png'));
console.log(`written to ${out}`);
