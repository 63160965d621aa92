import { describe, expect, it } from 'vitest';
import { focalNegativeSum } from './focal-cost';
import { focalBoundTable, focalBoundsOut, focalNegativeBounds } from './focal-bounds';

// The assigner skips a candidate's exact focal sum when these bounds rule it out, so they must hold
// in floating point for every finite logit, including the table's edges and values far outside it.
describe('bounds of the background focal sum', () => {
  const edges = [-40, -16.000001, -16, -15.99609375, -1e-30, 0, 1e-30, 0.5, 15.99609375, 16, 16.5, 1e30];
  let s = 11;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (const [alpha, gamma] of [
    [0.25, 2],
    [0.4, 1.5],
    [0, 0],
    [0.9, 3],
  ] as const) {
    it(`α=${alpha} γ=${gamma}: lower ≤ focalNegativeSum ≤ upper on 4,000 random points of 80 float32 logits and at the edges`, () => {
      const table = focalBoundTable(alpha, gamma)!;
      const C = 80;
      const P = 4000;
      const logits = new Float32Array(P * C);
      for (let i = 0; i < logits.length; i++)
        logits[i] = i < edges.length * C ? edges[i % edges.length]! : (rand() - 0.7) * 30;
      let worstGap = 0;
      for (let p = 0; p < P; p++) {
        const exact = focalNegativeSum(logits, p, C, alpha, gamma);
        focalNegativeBounds(logits, p, C, table);
        expect(focalBoundsOut[0]).toBeLessThanOrEqual(exact);
        expect(focalBoundsOut[1]).toBeGreaterThanOrEqual(exact);
        if (Number.isFinite(focalBoundsOut[1]!))
          worstGap = Math.max(worstGap, focalBoundsOut[1]! - focalBoundsOut[0]!);
        expect(Number.isFinite(focalBoundsOut[2]!)).toBe(true);
      }
      expect(worstGap).toBeGreaterThan(0);
    });
  }
  it('a non-finite logit shows in the logit sum; no table where f is not increasing', () => {
    const table = focalBoundTable(0.25, 2)!;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      focalNegativeBounds(Float32Array.of(0, bad, 1), 0, 3, table);
      expect(Number.isFinite(focalBoundsOut[2]!)).toBe(false);
    }
    expect(focalBoundTable(1.5, 2)).toBeUndefined();
    expect(focalBoundTable(0.25, -1)).toBeUndefined();
  });
});
