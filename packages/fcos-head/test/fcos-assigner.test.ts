import type { AssignerInput } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { FcosAssigner, gridPoints } from '../src/index';

/** One image 128x128 with FCOS levels P3..P7. */
function scene(gtBoxes: number[][], labels?: number[]): AssignerInput {
  const strides = [8, 16, 32, 64, 128];
  const pts = gridPoints(
    strides.map((s) => [Math.ceil(128 / s), Math.ceil(128 / s)] as [number, number]),
    strides,
  );
  return {
    ...pts,
    numLevels: 5,
    gtBoxes: Float32Array.from(gtBoxes.flat()),
    gtLabels: Int32Array.from(labels ?? gtBoxes.map((_, i) => i)),
  };
}
const positives = (input: AssignerInput, a: ReturnType<FcosAssigner['assign']>) =>
  Array.from(a.gtIndex).flatMap((g, p) =>
    g < 0 ? [] : [{ g, x: input.points[2 * p]!, y: input.points[2 * p + 1]!, s: input.strides[p]! }],
  );

describe('FcosAssigner (spec §1.5), hand-built scenes', () => {
  it('zero GT -> all background', () => {
    const a = new FcosAssigner().assign(scene([]));
    expect(a.numPositives).toBe(0);
    expect(Array.from(a.gtIndex).every((g) => g === -1)).toBe(true);
  });

  it('a 40x40 box at (40,40)-(80,80): P3 centre points within 1.5 strides of the centre, targets / stride', () => {
    const input = scene([[40, 40, 80, 80]], [3]);
    const a = new FcosAssigner().assign(input);
    const pos = positives(input, a);
    // max distance ≤ 36 < 64: P3 only; centre region (60 ± 12) -> points 52, 60, 68 in x and y
    expect(pos.map((p) => [p.x, p.y, p.s])).toEqual([
      [52, 52, 8],
      [60, 52, 8],
      [68, 52, 8],
      [52, 60, 8],
      [60, 60, 8],
      [68, 60, 8],
      [52, 68, 8],
      [60, 68, 8],
      [68, 68, 8],
    ]);
    const p = Array.from(a.gtIndex).indexOf(0);
    expect(Array.from(a.boxTargets.subarray(4 * p, 4 * p + 4))).toEqual([
      (52 - 40) / 8,
      (52 - 40) / 8,
      (80 - 52) / 8,
      (80 - 52) / 8,
    ]);
    expect(a.labels[p]).toBe(3);
  });

  it('ambiguous points go to the smaller box', () => {
    const input = scene([
      [0, 0, 100, 100],
      [36, 36, 64, 64],
    ]);
    const a = new FcosAssigner({ centerSamplingRadius: 0 }).assign(input);
    for (const p of positives(input, a)) {
      const inSmall = p.x > 36 && p.x < 64 && p.y > 36 && p.y < 64;
      if (inSmall && p.s === 8) expect(p.g).toBe(1);
    }
    expect(positives(input, a).some((p) => p.g === 1)).toBe(true);
  });

  it('centre sampling is clipped to the box at image borders', () => {
    const input = scene([[0, 0, 10, 60]]);
    const pos = positives(input, new FcosAssigner().assign(input));
    expect(pos.every((p) => p.x < 10)).toBe(true);
    // centre (5, 30) ± 12 clipped to the box: x in (0, 10) -> 4; y in (18, 42) -> 20, 28, 36
    expect(pos.map((p) => [p.x, p.y])).toEqual([
      [4, 20],
      [4, 28],
      [4, 36],
    ]);
  });

  it('scale ranges are inclusive at both ends: max distance exactly 64 is positive on P3 and on P4', () => {
    const at = (input: AssignerInput, x: number, y: number, s: number) =>
      positives(input, new FcosAssigner({ centerSamplingRadius: 0 }).assign(input)).some(
        (p) => p.x === x && p.y === y && p.s === s,
      );
    const a = scene([[-52, -52, 40, 40]]);
    expect(at(a, 12, 12, 8)).toBe(true); // P3 point, max(l,t,r,b) = 64 = P3's upper bound
    expect(at(a, 20, 20, 8)).toBe(false); // max 72 > 64
    const b = scene([[-56, -56, 40, 40]]);
    expect(at(b, 8, 8, 16)).toBe(true); // P4 point, max = 64 = P4's lower bound
    expect(at(b, 12, 12, 8)).toBe(false); // P3 point, max 68
  });
});

describe('FcosAssigner: every scale-range boundary (64, 128, 256, 512) belongs to both neighbouring levels', () => {
  // one point per level at (s/2 + k·s), box reaching exactly `bound` to the left of it
  const strides = [8, 16, 32, 64, 128];
  it.each([64, 128, 256, 512])('max(l, t, r, b) = %i', (bound) => {
    const lvl = [64, 128, 256, 512].indexOf(bound); // levels lvl and lvl + 1 share this bound
    for (const l of [lvl, lvl + 1]) {
      const s = strides[l]!;
      const x = 9 * s + s / 2;
      const input: AssignerInput = {
        points: Float32Array.from([x, x]),
        strides: Float32Array.from([s]),
        levels: Int32Array.from([l]),
        numLevels: 5,
        gtBoxes: Float32Array.from([x - bound, x - bound, x + 1, x + 1]),
        gtLabels: Int32Array.from([0]),
      };
      expect(new FcosAssigner({ centerSamplingRadius: 0 }).assign(input).numPositives, `level ${l}`).toBe(1);
      const beyond = {
        ...input,
        gtBoxes: Float32Array.from([
          x - bound - (l === lvl ? 1 : -1),
          x - bound - (l === lvl ? 1 : -1),
          x + 1,
          x + 1,
        ]),
      };
      expect(
        new FcosAssigner({ centerSamplingRadius: 0 }).assign(beyond).numPositives,
        `level ${l} beyond`,
      ).toBe(0);
    }
  });
});

describe('FcosAssigner: which GT an ambiguous point takes (D4, spec §1.1 area convention)', () => {
  const onePoint = (gtBoxes: number[][]): AssignerInput => ({
    points: Float32Array.from([20, 20]),
    strides: Float32Array.from([8]),
    levels: Int32Array.from([0]),
    numLevels: 5,
    gtBoxes: Float32Array.from(gtBoxes.flat()),
    gtLabels: Int32Array.from(gtBoxes.map((_, i) => 10 + i)),
  });
  const winner = (gtBoxes: number[][]) =>
    new FcosAssigner({ centerSamplingRadius: 0 }).assign(onePoint(gtBoxes)).gtIndex[0];

  it('equal areas: the lower GT index wins, whatever the order of the other boxes', () => {
    const a = [12, 12, 28, 28]; // 16 x 16
    const b = [14, 10, 30, 26]; // 16 x 16, shifted
    const big = [0, 0, 40, 40];
    expect(winner([a, b])).toBe(0);
    expect(winner([b, a])).toBe(0);
    expect(winner([big, b, a])).toBe(1);
  });

  it('areas are inclusive-pixel (w + 1)(h + 1): a 10 x 1 box (22) loses to a 4 x 3 box (20)', () => {
    // plain w·h would rank them the other way round (10 < 12)
    const thin = [15, 19.5, 25, 20.5];
    const small = [18, 18.5, 22, 21.5];
    expect(winner([thin, small])).toBe(1);
    expect(winner([small, thin])).toBe(0);
  });
});
