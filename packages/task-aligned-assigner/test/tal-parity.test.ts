import { readFileSync } from 'node:fs';
import { pointGrid } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { TaskAlignedAssigner } from '../src/index';

// Fixture: tools/fixtures/task_aligned_assigner.py (a PyTorch re-implementation of TOOD's
// assigner, mmdet's layout, torchvision's box_iou, float64), five scenes x two presets.
const fx = JSON.parse(readFileSync(new URL('./fixtures/tal.json', import.meta.url), 'utf8')) as {
  cases: Array<{
    name: string;
    feature_sizes: Array<[number, number]>;
    strides: number[];
    num_classes: number;
    gt_boxes: number[];
    gt_labels: number[];
    pred_boxes: number[];
    cls_logits: number[];
    expected: Record<'tood' | 'ultralytics', { gt_index: number[]; quality: number[]; alignment: number[] }>;
  }>;
};

const QUALITY_TOLERANCE = 1e-6; // float32 storage of the target; the math is float64 on both sides

describe.each(['tood', 'ultralytics'] as const)(
  'TaskAlignedAssigner (%s preset) vs the PyTorch reference',
  (preset) => {
    const tal = new TaskAlignedAssigner({ preset });
    it.each(fx.cases.map((c) => [c.name, c] as const))(
      '%s: identical GT indices and labels, quality targets to 1e-6',
      (_, c) => {
        const grid = pointGrid(c.feature_sizes, c.strides, { offset: 'center' });
        const gtLabels = Int32Array.from(c.gt_labels);
        const m = tal.assign({
          ...grid,
          gtBoxes: Float32Array.from(c.gt_boxes),
          gtLabels,
          predictions: {
            numClasses: c.num_classes,
            clsLogits: Float32Array.from(c.cls_logits),
            boxes: Float32Array.from(c.pred_boxes),
          },
        });
        const e = c.expected[preset];
        expect(Array.from(m.gtIndex)).toEqual(e.gt_index);
        expect(Array.from(m.labels)).toEqual(e.gt_index.map((g) => (g < 0 ? -1 : gtLabels[g]!)));
        expect(m.numPositives).toBe(e.gt_index.filter((g) => g >= 0).length);
        let maxErr = 0;
        e.quality.forEach((q, p) => {
          maxErr = Math.max(maxErr, Math.abs(m.metrics!.quality![p]! - q));
          expect(Math.abs(m.metrics!.alignment![p]! - e.alignment[p]!)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, e.alignment[p]!),
          );
        });
        expect(maxErr).toBeLessThanOrEqual(QUALITY_TOLERANCE);
      },
    );
  },
);

describe('TaskAlignedAssigner: presets, options and bad input', () => {
  it('the presets are TOOD (α 1, β 6, top-13) and Ultralytics (α 0.5, β 6, top-10)', () => {
    expect(new TaskAlignedAssigner().options).toMatchObject({ alpha: 1, beta: 6, topK: 13, rank: 'all' });
    expect(new TaskAlignedAssigner({ preset: 'ultralytics' }).options).toMatchObject({
      alpha: 0.5,
      beta: 6,
      topK: 10,
      rank: 'inside',
    });
    expect(new TaskAlignedAssigner({ preset: 'ultralytics', topK: 4 }).options.topK).toBe(4);
  });

  it('a smaller top-k never adds positives and each GT keeps at most k', () => {
    const c = fx.cases.find((x) => x.name === 'many-gt')!;
    const grid = pointGrid(c.feature_sizes, c.strides, { offset: 'center' });
    const input = {
      ...grid,
      gtBoxes: Float32Array.from(c.gt_boxes),
      gtLabels: Int32Array.from(c.gt_labels),
      predictions: {
        numClasses: c.num_classes,
        clsLogits: Float32Array.from(c.cls_logits),
        boxes: Float32Array.from(c.pred_boxes),
      },
    };
    const m3 = new TaskAlignedAssigner({ topK: 3 }).assign(input);
    const m13 = new TaskAlignedAssigner().assign(input);
    expect(m3.numPositives).toBeLessThan(m13.numPositives);
    const perGt = new Map<number, number>();
    for (const g of m3.gtIndex) if (g >= 0) perGt.set(g, (perGt.get(g) ?? 0) + 1);
    expect(Math.max(...perGt.values())).toBeLessThanOrEqual(3);
  });

  it('rejects missing predictions and out-of-range labels in one line', () => {
    const grid = pointGrid([[2, 2]], [8], { offset: 'center' });
    const gt = { gtBoxes: Float32Array.of(0, 0, 16, 16), gtLabels: Int32Array.of(5) };
    const tal = new TaskAlignedAssigner();
    expect(() => tal.assign({ ...grid, ...gt })).toThrow(/TaskAlignedAssigner.assign: predictions: expected/);
    expect(() =>
      tal.assign({
        ...grid,
        ...gt,
        predictions: { numClasses: 3, clsLogits: new Float32Array(12), boxes: new Float32Array(16) },
      }),
    ).toThrow(/gtLabels\[0\]: expected a class in 0..2, got 5/);
    expect(() => new TaskAlignedAssigner({ topK: 0 })).toThrow(/topK: expected a positive integer, got 0/);
  });
});
