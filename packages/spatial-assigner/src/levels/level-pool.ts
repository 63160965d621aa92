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
 * Per-level top-k and best-levels pooling of one GT (spec §3.5.1–4), fed one candidate at a time:
 * on every level the `topK` cheapest entries (ties by point index, as a stable sort by cost over
 * ascending points gives), then the `levelsKept` levels with the lowest mean top-k cost (ties by
 * level index) are pooled, best level first. Each level keeps only a sorted buffer of `topK`
 * entries, so a GT with thousands of candidates costs one comparison for most of them and
 * allocates nothing; one instance serves every GT of an image ({@link LevelSelector.reset}).
 *
 * @example
 * ```ts
 * const sel = new LevelSelector(5, 9);
 * sel.reset();
 * for (const p of candidates) sel.offer(p, slot, cost[p], levelOf[p]);
 * const { pool, singleLevel } = sel.finish(2);
 * ```
 */
export class LevelSelector {
  private readonly numLevels: number;
  private readonly topK: number;
  private readonly count: Int32Array;
  private readonly point: Int32Array;
  private readonly slot: Int32Array;
  private readonly cost: Float64Array;

  constructor(numLevels: number, topK: number) {
    this.numLevels = numLevels;
    this.topK = topK;
    this.count = new Int32Array(numLevels);
    this.point = new Int32Array(numLevels * topK);
    this.slot = new Int32Array(numLevels * topK);
    this.cost = new Float64Array(numLevels * topK);
  }

  /** Forgets all entries (start of a GT). */
  reset(): void {
    this.count.fill(0);
  }

  /**
   * False when an entry of point `p` on `level` whose cost is at least `costBound` cannot enter the
   * level's top-k any more (the level is full and its last entry is cheaper, or as cheap with a lower
   * point index): {@link LevelSelector.offer} would reject it, so its exact cost is not needed.
   */
  mayAdmit(p: number, costBound: number, level: number): boolean {
    const K = this.topK;
    if (this.count[level]! < K) return true;
    const at = level * K + K - 1;
    const lc = this.cost[at]!;
    return costBound < lc || (costBound === lc && p < this.point[at]!);
  }

  /** Offers entry (point `p`, slot `k`, `cost`) on `level`. */
  offer(p: number, k: number, cost: number, level: number): void {
    const K = this.topK;
    const base = level * K;
    let n = this.count[level]!;
    if (n === K) {
      const lc = this.cost[base + K - 1]!;
      if (!(cost < lc || (cost === lc && p < this.point[base + K - 1]!))) return;
      n = K - 1;
    } else this.count[level] = n + 1;
    let j = n;
    while (j > 0) {
      const c = this.cost[base + j - 1]!;
      if (!(cost < c || (cost === c && p < this.point[base + j - 1]!))) break;
      this.point[base + j] = this.point[base + j - 1]!;
      this.slot[base + j] = this.slot[base + j - 1]!;
      this.cost[base + j] = c;
      j--;
    }
    this.point[base + j] = p;
    this.slot[base + j] = k;
    this.cost[base + j] = cost;
  }

  /** The per-level top-k and the pool of the `levelsKept` best levels. */
  finish(levelsKept: number): LevelPool {
    const levels: LevelTopK[] = [];
    for (let level = 0; level < this.numLevels; level++) {
      const n = this.count[level]!;
      if (!n) continue;
      const entries: PoolEntry[] = [];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const at = level * this.topK + j;
        entries.push([this.point[at]!, this.slot[at]!, this.cost[at]!]);
        sum += this.cost[at]!;
      }
      levels.push({ level, entries, mean: sum / n });
    }
    const singleLevel = levels.length === 1;
    const best = singleLevel
      ? levels
      : [...levels].sort((a, b) => a.mean - b.mean || a.level - b.level).slice(0, levelsKept);
    return { levels, pool: best.flatMap((l) => l.entries), singleLevel };
  }
}

/**
 * {@link LevelSelector} over a list of entries: `entries` are a GT's open candidates
 * `[point, slot, cost]`, `levelOf[p]` the level of point p, `numLevels` the level count.
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
  const sel = new LevelSelector(numLevels, topK);
  for (const [p, k, cost] of entries) sel.offer(p, k, cost, levelOf[p]!);
  return sel.finish(levelsKept);
}
