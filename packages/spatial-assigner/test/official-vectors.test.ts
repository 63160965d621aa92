import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVectorCase } from '@aligndet/core-tensor/testing';
import { SpatialAssigner } from '../src/index';

const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/spec/testvectors.json', import.meta.url), 'utf8'),
);
const images = buildVectorCase(vectors.common, vectors.case1);
const aps = new SpatialAssigner();
const runs = images.map((im) => ({ im, ...aps.assignWithTrace(im) }));

describe('case 1 of the official test vectors (spec §7.3): exact positives, labels, targets', () => {
  it('reproduces the 8 positives with their labels and stride-unit targets', () => {
    const got = runs.flatMap(({ im, assignment: a }) =>
      Array.from(a.gtIndex).flatMap((g, p) =>
        g < 0
          ? []
          : [
              {
                flat_index: im.flatIndex[p]!,
                label: a.labels[p]! + 1,
                reg_target_stride_units: Array.from(a.boxTargets.subarray(4 * p, 4 * p + 4)),
              },
            ],
      ),
    );
    got.sort((x, y) => x.flat_index - y.flat_index);
    const expected = [...vectors.case1.expected_positives].sort((x, y) => x.flat_index - y.flat_index);
    expect(got).toEqual(expected);
  });

  it('reproduces the per-GT trace: top-k per level (costs to 1e-5), level means, pool, scores, selection', () => {
    const trace = runs.flatMap(({ im, trace: tr }, n) =>
      tr.map((t) => ({ n, im, t, box: Array.from(im.gtBoxes.subarray(4 * t.gtIndex, 4 * t.gtIndex + 4)) })),
    );
    const expected = vectors.case1.per_gt_trace as Array<{
      image: number;
      gt_box: number[];
      gt_label: number;
      levels: Record<string, { topk: Array<[number, number]>; cost: number[]; mean: number }>;
      S: Array<[number, number]>;
      score: number[];
      selected: Array<[number, number]>;
    }>;
    expect(trace).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const { n, im, t, box } = trace[i]!;
      expect([n, box]).toEqual([e.image, e.gt_box]);
      const flat = ([p, k]: [number, number]) => [im.flatIndex[p]!, k];
      expect(Object.keys(t.levels).map(Number)).toEqual(Object.keys(e.levels).map(Number));
      for (const [l, el] of Object.entries(e.levels)) {
        const tl = t.levels[Number(l)]!;
        expect(tl.topk.map(flat)).toEqual(el.topk);
        tl.cost.forEach((c, j) => expect(Math.abs(c - el.cost[j]!)).toBeLessThan(1e-5));
        expect(Math.abs(tl.mean - el.mean)).toBeLessThan(1e-5);
      }
      expect(t.pool.map(flat)).toEqual(e.S);
      t.scores.forEach((s, j) => expect(Math.abs(s - e.score[j]!)).toBeLessThan(1e-5));
      expect(t.selected.map(flat).sort((a, b) => a[0]! - b[0]!)).toEqual(
        [...e.selected].sort((a, b) => a[0]! - b[0]!),
      );
    });
  });
});
