import { describe, expect, it } from 'vitest';
import {
  type AssignerInput,
  centerSamplingCandidates,
  emptyAssignment,
  FCOS_SCALE_RANGES,
  insideBoxCandidates,
} from '@aligndet/core-tensor';

/** Builds the points of one image the FCOS way: x·s + ⌊s/2⌋, level-major then row then column. */
function gridInput(shapes: Array<[number, number]>, strides: number[], gtBoxes: number[][]): AssignerInput {
  const pts: number[] = [];
  const st: number[] = [];
  const lv: number[] = [];
  shapes.forEach(([h, w], l) => {
    const s = strides[l]!;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        pts.push(x * s + Math.floor(s / 2), y * s + Math.floor(s / 2));
        st.push(s);
        lv.push(l);
      }
  });
  return {
    points: Float32Array.from(pts),
    strides: Float32Array.from(st),
    levels: Int32Array.from(lv),
    numLevels: shapes.length,
    gtBoxes: Float32Array.from(gtBoxes.flat()),
    gtLabels: new Int32Array(gtBoxes.length),
  };
}

const selected = (mask: Uint8Array, g: number, P: number) =>
  Array.from(mask.subarray(g * P, (g + 1) * P)).flatMap((v, p) => (v ? [p] : []));

describe('insideBoxCandidates', () => {
  it('keeps points strictly inside on every level (box edge on a point excludes it)', () => {
    // stride 8, 4x4 grid: points at 4, 12, 20, 28. Box x1=4 puts column 0 exactly on the edge.
    const input = gridInput(
      [
        [4, 4],
        [2, 2],
      ],
      [8, 16],
      [[4, 4, 21, 13]],
    );
    const P = input.strides.length;
    const mask = insideBoxCandidates(input);
    // level 0: x in {12, 20} (4 is on the edge), y in {12} (4 on edge, 20 > 13); level 1: points 8, 24 -> x=8 y=8
    expect(selected(mask, 0, P)).toEqual([5, 6, 16]);
  });

  it('handles zero GT', () => {
    const input = gridInput([[2, 2]], [8], []);
    expect(insideBoxCandidates(input).length).toBe(0);
  });
});

describe('centerSamplingCandidates', () => {
  it('radius 1.5 keeps only points within 1.5 strides of the centre (spec §1.5)', () => {
    // 10x10 grid at stride 8, big box centred at (40, 40): centre square half side 12 -> (28, 52) exclusive
    const input = gridInput([[10, 10]], [8], [[0, 0, 80, 80]]);
    const P = input.strides.length;
    const mask = centerSamplingCandidates({ radius: 1.5, scaleRanges: [[-1, 1e8]] })(input);
    const pts = selected(mask, 0, P).map((p) => [input.points[2 * p], input.points[2 * p + 1]]);
    expect(pts).toEqual([
      [36, 36],
      [44, 36],
      [36, 44],
      [44, 44],
    ]);
  });

  it('clips the centre square to the box (centre sampling at borders)', () => {
    const input = gridInput([[10, 10]], [8], [[0, 0, 10, 30]]);
    const P = input.strides.length;
    const mask = centerSamplingCandidates({ radius: 1.5, scaleRanges: [[-1, 1e8]] })(input);
    // x: centre 5, square (-7, 17) ∩ (0, 10) -> x=4 only; y: centre 15, (3, 27) ∩ (0, 30) -> 4, 12, 20
    const pts = selected(mask, 0, P).map((p) => [input.points[2 * p], input.points[2 * p + 1]]);
    expect(pts).toEqual([
      [4, 4],
      [4, 12],
      [4, 20],
    ]);
  });

  it('scale ranges are inclusive at both ends (max distance exactly 64 fits P3 and P4)', () => {
    // one point per level at (64+4=68?) — use a single point at (100, 100) on two levels with stride 8 and 16
    const input: AssignerInput = {
      points: Float32Array.from([100, 100, 100, 100]),
      strides: Float32Array.from([8, 16]),
      levels: Int32Array.from([0, 1]),
      numLevels: 2,
      // l = 64, t = 10, r = 10, b = 10 -> max = 64
      gtBoxes: Float32Array.from([36, 90, 110, 110]),
      gtLabels: Int32Array.from([0]),
    };
    const mask = centerSamplingCandidates({ radius: 0 })(input);
    expect(Array.from(mask)).toEqual([1, 1]);
    const input2 = { ...input, gtBoxes: Float32Array.from([35.5, 90, 110, 110]) }; // max = 64.5
    expect(Array.from(centerSamplingCandidates({ radius: 0 })(input2))).toEqual([0, 1]);
  });

  it('uses the FCOS default ranges', () => {
    expect(FCOS_SCALE_RANGES.map((r) => [...r])).toEqual([
      [-1, 64],
      [64, 128],
      [128, 256],
      [256, 512],
      [512, 1e8],
    ]);
  });
});

describe('emptyAssignment', () => {
  it('is all background', () => {
    const a = emptyAssignment(3);
    expect(Array.from(a.gtIndex)).toEqual([-1, -1, -1]);
    expect(Array.from(a.labels)).toEqual([-1, -1, -1]);
    expect(a.boxTargets.length).toBe(12);
    expect(a.numPositives).toBe(0);
  });
});
