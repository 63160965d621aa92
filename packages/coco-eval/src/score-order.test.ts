import { describe, expect, it } from 'vitest';
import { descendingScoreOrder } from './score-order';

const reference = (s: Float64Array) => Array.from(s.keys()).sort((x, y) => s[y]! - s[x]! || x - y);

describe('descending score order (stable)', () => {
  it('equals a stable comparator sort on 20,000 scores with many ties, negatives, ±0, ±∞ and subnormals', () => {
    let r = 5;
    const rand = () => {
      r = (r * 1103515245 + 12345) % 2147483648;
      return r / 2147483648;
    };
    const special = [0, -0, 5e-324, -5e-324, Infinity, -Infinity, 1, -1, 0.5, 1e308, -1e-308];
    const s = Float64Array.from({ length: 20_000 }, (_, i) =>
      i < 2_000 ? special[i % special.length]! : i % 3 ? Math.round(rand() * 1000) / 1000 : rand() * 4 - 2,
    );
    expect(Array.from(descendingScoreOrder(s, s.length))).toEqual(reference(s));
  });
  it('a prefix of the array only; n = 0 and 1; all equal keeps index order', () => {
    expect(Array.from(descendingScoreOrder(Float64Array.of(0.1, 0.3, 0.2, 9), 3))).toEqual([1, 2, 0]);
    expect(descendingScoreOrder(new Float64Array(0), 0)).toHaveLength(0);
    expect(Array.from(descendingScoreOrder(Float64Array.of(3), 1))).toEqual([0]);
    expect(Array.from(descendingScoreOrder(new Float64Array(5).fill(0.25), 5))).toEqual([0, 1, 2, 3, 4]);
  });
  it('NaN scores take the comparator sort', () => {
    const s = Float64Array.of(0.2, Number.NaN, 0.7);
    expect(descendingScoreOrder(s, 3)).toHaveLength(3);
  });
});
