// Cheap bounds of `focalNegativeSum`, so the assigner can find a level's top-k while evaluating the
// 80-class focal sum exactly only for the few candidates that can be in it. The background focal
// term f(z) = (1 − α)·σ(z)^γ·softplus(z) is non-negative and increasing in z (0 ≤ α ≤ 1, γ ≥ 0), so
// the table values at the nodes below and above z bound each term; summed in the same order they
// bound the sum up to the sums' rounding (≤ C ulps relative), and the sums are widened by 1e-6
// relative, far more than that plus the float32 rounding of the table and the few ulps by which the
// exact (table-driven) terms differ from the `Math.exp`-based node values.

const Z_MIN = -16;
const Z_MAX = 16;
const PER_UNIT = 256;
const NODES = (Z_MAX - Z_MIN) * PER_UNIT;
const LOWER = 1 - 1e-6;
const UPPER = 1 + 1e-6;

/**
 * f on the nodes: `t[0] = 0` (below −16), `t[j] = f(−16 + (j − 1)/256)` for j = 1 … NODES + 1,
 * `t[NODES + 2] = ∞` (above 16), so z with node j has f(z) between `t[j]` and `t[j + 1]`.
 */
export type FocalBoundTable = Float32Array;

const cache = new Map<string, FocalBoundTable>();

/**
 * The node table of f(z) = (1 − α)·σ(z)^γ·softplus(z) for one (α, γ) (see {@link focalNegativeBounds});
 * `undefined` when f is not increasing for these α, γ (no bounds are used then).
 *
 * @example
 * ```ts
 * const t = focalBoundTable(0.25, 2)!;
 * ```
 */
export function focalBoundTable(alpha: number, gamma: number): FocalBoundTable | undefined {
  if (!(alpha >= 0 && alpha <= 1 && gamma >= 0 && Number.isFinite(gamma))) return undefined;
  const key = `${alpha},${gamma}`;
  let t = cache.get(key);
  if (!t) {
    t = new Float32Array(NODES + 3);
    for (let j = 1; j <= NODES + 1; j++) {
      const z = Z_MIN + (j - 1) / PER_UNIT;
      const prob = 1 / (1 + Math.exp(-z));
      const sp = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      t[j] = (1 - alpha) * prob ** gamma * sp;
    }
    t[NODES + 2] = Number.POSITIVE_INFINITY;
    cache.set(key, t);
  }
  return t;
}

/** Shared output of {@link focalNegativeBounds}: `[lower, upper, Σ logits]`. */
export const focalBoundsOut = new Float64Array(3);

/**
 * Bounds of `focalNegativeSum(logits, p, C, α, γ)` from `table` (see {@link focalBoundTable}):
 * `focalBoundsOut[0] ≤ sum ≤ focalBoundsOut[1]` in floating point, for finite logits.
 * `focalBoundsOut[2]` is the sum of the logits: not finite iff a logit is NaN or ±∞ (the bounds
 * say nothing then). Two look-ups per class instead of an exp, a log and a division.
 *
 * @example
 * ```ts
 * focalNegativeBounds(logits, p, 80, focalBoundTable(0.25, 2)!);
 * const [lower, upper] = focalBoundsOut;
 * ```
 */
export function focalNegativeBounds(
  logits: ArrayLike<number>,
  p: number,
  C: number,
  table: FocalBoundTable,
): void {
  let lo = 0;
  let hi = 0;
  let sum = 0;
  const base = p * C;
  for (let c = 0; c < C; c++) {
    const z = logits[base + c]!;
    sum += z;
    const u = (z - Z_MIN) * PER_UNIT;
    const j = u >= 0 ? (u < NODES ? (u | 0) + 1 : NODES + 1) : 0;
    lo += table[j]!;
    hi += table[j + 1]!;
  }
  focalBoundsOut[0] = lo * LOWER;
  focalBoundsOut[1] = hi * UPPER;
  focalBoundsOut[2] = sum;
}
