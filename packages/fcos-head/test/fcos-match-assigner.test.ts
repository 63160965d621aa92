import { pointGrid } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { FcosAssigner, FcosMatchAssigner, gridPoints } from '../src/index';

describe('FcosMatchAssigner: FCOS rule on the v2 contract', () => {
  const strides = [8, 16, 32, 64, 128];
  const sizes = strides.map((s) => [Math.ceil(256 / s), Math.ceil(256 / s)] as [number, number]);
  const gtBoxes = Float32Array.of(40, 40, 80, 80, 10, 20, 250, 200, 50, 50, 70, 80, 0, 0, 256, 256);
  const gtLabels = Int32Array.of(3, 1, 3, 0);

  it('core pointGrid (floor-half) is fcos-head gridPoints', () => {
    const a = pointGrid(sizes, strides);
    const b = gridPoints(sizes, strides);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    expect(a.levelStarts).toEqual(b.levelStarts);
  });

  it('matches what the v1 FcosAssigner assigns, overlapping boxes included, and never needs predictions', () => {
    const geometry = pointGrid(sizes, strides);
    const m = new FcosMatchAssigner().assign({ ...geometry, gtBoxes, gtLabels });
    const a = new FcosAssigner().assign({ ...geometry, gtBoxes, gtLabels });
    expect(new FcosMatchAssigner().requiresPredictions).toBe(false);
    expect(m.numPositives).toBeGreaterThan(10);
    expect(Array.from(m.gtIndex)).toEqual(Array.from(a.gtIndex));
    expect(Array.from(m.labels)).toEqual(Array.from(a.labels));
    // at (60, 60) on P3 the centre regions of the 40x40 box (g 0) and the 20x30 box (g 2) overlap: 21·31 < 41², g 2 wins
    const p = Array.from(m.gtIndex).findIndex(
      (g, i) =>
        g >= 0 &&
        geometry.points[2 * i] === 60 &&
        geometry.points[2 * i + 1] === 60 &&
        geometry.strides[i] === 8,
    );
    expect(m.gtIndex[p]).toBe(2);
  });
});
