import { centerSamplingCandidates, insideBoxCandidates, isInsideBox } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { focalCost, misalignment, officialScorer, SpatialAssigner, topKSelector } from '../src/index';
import { randomScene } from './scene';

const area = (b: Float32Array, g: number) =>
  (b[4 * g + 2]! - b[4 * g]! + 1) * (b[4 * g + 3]! - b[4 * g + 1]! + 1);
const seeds = Array.from({ length: 12 }, (_, i) => i + 1);

describe('spec §7.1 unit values', () => {
  it('focal cost of one point, logits (-4.59512, 0, 2), one-hot on class 1: 1.2808811', () => {
    expect(focalCost(Float32Array.from([-4.59512, 0, 2]), 0, 3, [1])).toBeCloseTo(1.2808811, 6);
  });
  it.each([
    [0.5, 0.3, 0.549834, 0.6632248],
    [0.3, 0.5, 0.549834, 0.6632248],
    [1.2, 0.2, 0.7310586, 1.0116729],
    [0.7, 0.7, 0.5, 0.83666],
  ])('APS score (%f, %f): Sm %f, u %f', (c, r, sm, u) => {
    expect(misalignment(c, r)).toBeCloseTo(sm, 6);
    expect(
      officialScorer({ lcls: Float64Array.of(c), lreg: Float64Array.of(r), singleLevel: false })[0],
    ).toBeCloseTo(u, 6);
    expect(
      officialScorer({ lcls: Float64Array.of(c), lreg: Float64Array.of(r), singleLevel: true })[0],
    ).toBeCloseTo(c + r, 12);
  });
});

describe('properties (spec §7.4, 6-12) on random scenes', () => {
  const aps = new SpatialAssigner();
  for (const seed of seeds) {
    const input = randomScene(seed);
    const { assignment: a, trace } = aps.assignWithTrace(input);
    const P = input.strides.length;
    const G = input.gtLabels.length;
    const containing = (p: number) =>
      Array.from({ length: G }, (_, g) => g)
        .filter((g) => isInsideBox(input.gtBoxes, g, input.points[2 * p]!, input.points[2 * p + 1]!))
        .sort((x, y) => area(input.gtBoxes, x) - area(input.gtBoxes, y) || x - y);

    it(`seed ${seed}: positives lie strictly inside their GT, with its label and positive stride-unit targets (6)`, () => {
      expect(a.numPositives).toBeGreaterThan(0);
      for (let p = 0; p < P; p++) {
        const g = a.gtIndex[p]!;
        if (g < 0) continue;
        expect(isInsideBox(input.gtBoxes, g, input.points[2 * p]!, input.points[2 * p + 1]!)).toBe(true);
        expect(a.labels[p]).toBe(input.gtLabels[g]);
        const s = input.strides[p]!;
        const [x, y] = [input.points[2 * p]!, input.points[2 * p + 1]!];
        const b = input.gtBoxes;
        const expected = [
          (x - b[4 * g]!) / s,
          (y - b[4 * g + 1]!) / s,
          (b[4 * g + 2]! - x) / s,
          (b[4 * g + 3]! - y) / s,
        ];
        Array.from(a.boxTargets.subarray(4 * p, 4 * p + 4)).forEach((v, k) => {
          expect(v).toBeGreaterThan(0);
          expect(v).toBeCloseTo(expected[k]!, 5);
        });
      }
    });

    it(`seed ${seed}: a point's GT is one of its two smallest containing GTs (7)`, () => {
      for (let p = 0; p < P; p++) {
        const g = a.gtIndex[p]!;
        if (g >= 0) expect(containing(p).slice(0, 2)).toContain(g);
      }
    });

    it(`seed ${seed}: per GT ≤ 18 positives from ≤ 2 levels, ≤ 9 when one level has candidates (8)`, () => {
      for (const t of trace) {
        const pos = Array.from(a.gtIndex).flatMap((g, p) => (g === t.gtIndex ? [p] : []));
        const levels = new Set(pos.map((p) => input.levels[p]));
        expect(pos.length).toBeLessThanOrEqual(18);
        expect(levels.size).toBeLessThanOrEqual(2);
        if (Object.keys(t.levels).length === 1) expect(pos.length).toBeLessThanOrEqual(9);
      }
    });

    it(`seed ${seed}: the result is deterministic and reads predictions without changing them (10, 12)`, () => {
      const before = Float32Array.from(input.predictions!.clsLogits);
      const copy = {
        ...input,
        predictions: {
          ...input.predictions!,
          clsLogits: Float32Array.from(input.predictions!.clsLogits),
          boxDistances: Float32Array.from(input.predictions!.boxDistances),
        },
      };
      const again = new SpatialAssigner().assign(copy);
      expect(Array.from(again.gtIndex)).toEqual(Array.from(a.gtIndex));
      expect(Array.from(input.predictions!.clsLogits)).toEqual(Array.from(before));
    });

    it(`seed ${seed}: permuting the GT order (distinct areas) permutes nothing else (11)`, () => {
      const perm = Array.from({ length: G }, (_, g) => G - 1 - g);
      const permuted = {
        ...input,
        gtBoxes: Float32Array.from(perm.flatMap((g) => Array.from(input.gtBoxes.subarray(4 * g, 4 * g + 4)))),
        gtLabels: Int32Array.from(perm.map((g) => input.gtLabels[g]!)),
      };
      const b = aps.assign(permuted);
      expect(Array.from(b.gtIndex).map((g) => (g < 0 ? -1 : perm[g]))).toEqual(Array.from(a.gtIndex));
      expect(Array.from(b.boxTargets)).toEqual(Array.from(a.boxTargets));
    });
  }

  it('a GT containing exactly one grid point gets that point (9)', () => {
    const input = randomScene(3, { numGt: 0 });
    // point (4, 4) at stride 8 is the only grid point strictly inside [2, 2, 6, 6]
    const withGt = { ...input, gtBoxes: Float32Array.from([2, 2, 6, 6]), gtLabels: Int32Array.from([1]) };
    const a = aps.assign(withGt);
    expect(a.numPositives).toBe(1);
    expect(a.gtIndex[0]).toBe(0);
    expect(Array.from(a.boxTargets.subarray(0, 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('zero GT, and GTs without any candidate point, give all-background results', () => {
    const empty = new SpatialAssigner().assign(randomScene(5, { numGt: 0 }));
    expect(empty.numPositives).toBe(0);
    expect(Array.from(empty.gtIndex).every((g) => g === -1)).toBe(true);
    const tiny = {
      ...randomScene(5, { numGt: 0 }),
      gtBoxes: Float32Array.from([5, 5, 7, 7]),
      gtLabels: Int32Array.from([0]),
    };
    const t = aps.assignWithTrace(tiny);
    expect(t.assignment.numPositives).toBe(0);
    expect(t.trace[0]!.outcome).toBe('no-candidates');
  });
});

describe('pluggable candidates, scorer and selector', () => {
  const input = randomScene(7);
  it('FCOS centre-sampling candidates: positives are FCOS candidates', () => {
    const gen = centerSamplingCandidates({ radius: 1.5 });
    const mask = gen(input);
    const a = new SpatialAssigner({ candidates: gen }).assign(input);
    const P = input.strides.length;
    expect(a.numPositives).toBeGreaterThan(0);
    for (let p = 0; p < P; p++) if (a.gtIndex[p]! >= 0) expect(mask[a.gtIndex[p]! * P + p]).toBe(1);
  });
  it('the default candidates are insideBoxCandidates', () => {
    expect(
      Array.from(new SpatialAssigner({ candidates: insideBoxCandidates }).assign(input).gtIndex),
    ).toEqual(Array.from(new SpatialAssigner().assign(input).gtIndex));
  });
  it('top-k selector keeps k per GT; fitness scorer runs', () => {
    const a = new SpatialAssigner({ selector: topKSelector(3) }).assignWithTrace(input);
    for (const t of a.trace)
      if (t.outcome === 'assigned') expect(t.selected.length).toBe(Math.min(3, t.pool.length));
    const f = new SpatialAssigner({ scorer: 'fitness' }).assign(input);
    expect(f.numPositives).toBeGreaterThan(0);
  });
  it('one-hot slot-1 targets change only slot-1 costs', () => {
    const multi = new SpatialAssigner().assignWithTrace(input).trace;
    const one = new SpatialAssigner({ slot1ClassTarget: 'one-hot' }).assignWithTrace(input).trace;
    expect(one[0]!.levels).toEqual(multi[0]!.levels); // the smallest GT has only slot-0 candidates
  });
  it('throws when predictions are missing or mis-sized, naming the field', () => {
    const { predictions: _p, ...noPred } = input;
    expect(() => new SpatialAssigner().assign(noPred)).toThrow(
      /SpatialAssigner.assign: predictions: expected cls logits and box distances/,
    );
    expect(() =>
      new SpatialAssigner().assign({
        ...input,
        predictions: { ...input.predictions!, clsLogits: new Float32Array(3) },
      }),
    ).toThrow(/predictions\.clsLogits: expected \d+ values/);
    expect(() => new SpatialAssigner({ topK: 0 })).toThrow(
      'SpatialAssigner: topK: expected a positive integer, got 0',
    );
  });
});
