/** One candidate of a GT: `[point, slot, cost]`. */
export type PoolEntry = [point: number, slot: number, cost: number];

/** The top-k of one pyramid level. */
export interface LevelTopK {
  level: number;
  /** Up to `topK` entries by ascending cost, ties by point index. */
  entries: PoolEntry[];
  /** Mean cost of `entries`. */
  mean: number;
}

/** Result of {@link levelPool}. */
export interface LevelPool {
  /** Top-k of every level that has candidates, in level order. */
  levels: LevelTopK[];
  /** Entries of the kept levels, best level first. Empty when no level has candidates. */
  pool: PoolEntry[];
  /** True when only one level had candidates (the official scorer then uses the raw cost). */
  singleLevel: boolean;
}

/**
 * Per-level top-k and best-levels pooling of one GT (spec §3.5.1–4): on every level the `topK`
 * cheapest entries (stable: ties by flat point index), then the `levelsKept` levels with the
 * lowest mean top-k cost (ties by level index) are pooled, best level first. `entries` are the
 * GT's open candidates, `levelOf[p]` the level of point p, `numLevels` the level count.
 *
 * @example
 * ```ts
 * const { pool, singleLevel } = levelPool(entries, input.levels, 5, 9, 2);
 * ```
 */
export function levelPool(
  entries: readonly PoolEntry[],
  levelOf: ArrayLike<number>,
  numLevels: number,
  topK: number,
  levelsKept: number,
): LevelPool {
  const perLevel: PoolEntry[][] = Array.from({ length: numLevels }, () => []);
  for (const e of entries) perLevel[levelOf[e[0]]!]!.push(e);
  const levels: LevelTopK[] = [];
  perLevel.forEach((list, level) => {
    if (!list.length) return;
    list.sort((a, b) => a[2] - b[2] || a[0] - b[0]);
    const top = list.slice(0, topK);
    levels.push({ level, entries: top, mean: top.reduce((s, e) => s + e[2], 0) / top.length });
  });
  const singleLevel = levels.length === 1;
  const best = singleLevel
    ? levels
    : [...levels].sort((a, b) => a.mean - b.mean || a.level - b.level).slice(0, levelsKept);
  return { levels, pool: best.flatMap((l) => l.entries), singleLevel };
}
