import { describe, expect, it } from 'vitest';
import { levelPool, type PoolEntry } from './level-pool';

describe('per-level top-k and best-levels pool (spec §3.5.1–4)', () => {
  it('topK=2 on one level: cost ties ordered by flat point index, singleLevel=true', () => {
    const entries: PoolEntry[] = [
      [5, 0, 1],
      [3, 0, 1],
      [4, 1, 0.5],
    ];
    const r = levelPool(entries, Int32Array.of(0, 0, 0, 0, 0, 0), 1, 2, 2);
    expect(r.singleLevel).toBe(true);
    expect(r.pool).toEqual([
      [4, 1, 0.5],
      [3, 0, 1],
    ]);
    expect(r.levels[0]!.mean).toBe(0.75);
  });

  it('3 levels, levelsKept=2: levels ranked by mean top-k cost, best first, worst dropped', () => {
    const levelOf = Int32Array.of(0, 0, 1, 1, 2);
    const entries: PoolEntry[] = [
      [0, 0, 4],
      [1, 0, 2], // level 0 mean 3
      [2, 0, 1],
      [3, 0, 2], // level 1 mean 1.5
      [4, 0, 2.5], // level 2 mean 2.5
    ];
    const r = levelPool(entries, levelOf, 3, 9, 2);
    expect(r.singleLevel).toBe(false);
    expect(r.levels.map((l) => l.level)).toEqual([0, 1, 2]);
    expect(r.pool.map((e) => e[0])).toEqual([2, 3, 4]);
  });

  it('equal level means: the lower level index wins; empty levels are skipped', () => {
    const levelOf = Int32Array.of(1, 2, 3);
    const r = levelPool(
      [
        [2, 0, 1],
        [1, 0, 1],
        [0, 0, 1],
      ],
      levelOf,
      5,
      9,
      2,
    );
    expect(r.levels.map((l) => l.level)).toEqual([1, 2, 3]);
    expect(r.pool.map((e) => e[0])).toEqual([0, 1]);
  });

  it('no entries: empty pool and no levels', () => {
    const r = levelPool([], Int32Array.of(0), 1, 9, 2);
    expect(r.pool).toEqual([]);
    expect(r.levels).toEqual([]);
  });
});
