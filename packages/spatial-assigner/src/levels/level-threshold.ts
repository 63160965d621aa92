/**
 * Per pyramid level, the `topK`-th smallest of the values offered (+∞ while fewer were offered).
 * Fed upper bounds of a GT's candidate costs, it bounds the cost of the level's last top-k entry
 * from above, so a candidate whose cost is bounded below by more than that cannot be in the top-k
 * and its exact cost is never needed. One instance serves every GT ({@link LevelThreshold.reset}).
 *
 * @example
 * ```ts
 * const th = new LevelThreshold(5, 9);
 * th.reset();
 * for (const p of candidates) th.offer(upper[p], levelOf[p]);
 * th.threshold(0); // 9th smallest upper bound on level 0
 * ```
 */
export class LevelThreshold {
  private readonly topK: number;
  private readonly count: Int32Array;
  /** Per level, the smallest values so far, ascending. */
  private readonly values: Float64Array;

  constructor(numLevels: number, topK: number) {
    this.topK = topK;
    this.count = new Int32Array(numLevels);
    this.values = new Float64Array(numLevels * topK);
  }

  /** Forgets all values (start of a GT). */
  reset(): void {
    this.count.fill(0);
  }

  /** Offers `value` on `level`. */
  offer(value: number, level: number): void {
    const K = this.topK;
    const base = level * K;
    const v = this.values;
    let n = this.count[level]!;
    if (n === K) {
      if (!(value < v[base + K - 1]!)) return;
      n = K - 1;
    } else this.count[level] = n + 1;
    let j = n;
    while (j > 0 && value < v[base + j - 1]!) {
      v[base + j] = v[base + j - 1]!;
      j--;
    }
    v[base + j] = value;
  }

  /** The `topK`-th smallest value offered on `level`, +∞ while fewer were offered. */
  threshold(level: number): number {
    return this.count[level]! < this.topK
      ? Number.POSITIVE_INFINITY
      : this.values[level * this.topK + this.topK - 1]!;
  }
}
