import { describe, expect, it } from 'vitest';
import { LevelSelector } from './level-pool';
import { LevelThreshold } from './level-threshold';

describe('k-th smallest value per level (bound of the last top-k cost)', () => {
  it('+∞ until k values arrive, then the k-th smallest; levels independent; reset forgets', () => {
    const th = new LevelThreshold(2, 3);
    th.reset();
    th.offer(5, 0);
    th.offer(1, 0);
    expect(th.threshold(0)).toBe(Number.POSITIVE_INFINITY);
    th.offer(4, 0);
    expect(th.threshold(0)).toBe(5);
    th.offer(2, 0);
    th.offer(9, 0);
    expect(th.threshold(0)).toBe(4);
    expect(th.threshold(1)).toBe(Number.POSITIVE_INFINITY);
    th.reset();
    expect(th.threshold(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('LevelSelector.mayAdmit agrees with offer: full level, cost ties broken by point index', () => {
    const sel = new LevelSelector(1, 2);
    sel.reset();
    expect(sel.mayAdmit(0, 100, 0)).toBe(true);
    sel.offer(3, 0, 1, 0);
    sel.offer(5, 0, 2, 0);
    expect(sel.mayAdmit(6, 2, 0)).toBe(false);
    expect(sel.mayAdmit(4, 2, 0)).toBe(true);
    expect(sel.mayAdmit(9, 1.5, 0)).toBe(true);
    expect(sel.mayAdmit(9, 3, 0)).toBe(false);
  });
});
