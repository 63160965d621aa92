/** log(1 + e^x), stable. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Sigmoid focal loss (α = 0.25, γ = 2 by default) of one point summed over all C classes, in
 * float64, with target 1 for the classes in `positives` and 0 elsewhere — the full classification
 * cost of the point "as if positive" (spec §3.3). Logits of point `p` are `logits[p*C .. p*C+C)`.
 *
 * @example
 * ```ts
 * focalCost(Float32Array.from([-4.59512, 0, 2]), 0, 3, [1]); // 1.2808811 (spec §7.1)
 * ```
 */
export function focalCost(
  logits: ArrayLike<number>,
  p: number,
  C: number,
  positives: readonly number[],
  alpha = 0.25,
  gamma = 2,
): number {
  let sum = 0;
  const base = p * C;
  for (let c = 0; c < C; c++) {
    const z = logits[base + c]!;
    const prob = 1 / (1 + Math.exp(-z));
    if (positives.includes(c)) sum += alpha * (1 - prob) ** gamma * softplus(-z);
    else sum += (1 - alpha) * prob ** gamma * softplus(z);
  }
  return sum;
}
