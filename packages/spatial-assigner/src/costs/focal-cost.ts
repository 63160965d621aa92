/** log(1 + e^x), stable. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Σ over all C classes of the focal loss with target 0 (the point as pure background), float64. */
export function focalNegativeSum(
  logits: ArrayLike<number>,
  p: number,
  C: number,
  alpha = 0.25,
  gamma = 2,
): number {
  let sum = 0;
  const base = p * C;
  for (let c = 0; c < C; c++) {
    const z = logits[base + c]!;
    const prob = 1 / (1 + Math.exp(-z));
    sum += (1 - alpha) * prob ** gamma * softplus(z);
  }
  return sum;
}

/** Focal loss of one logit with target 1 minus with target 0: turns a background term into a positive one. */
export function focalSwing(z: number, alpha = 0.25, gamma = 2): number {
  const prob = 1 / (1 + Math.exp(-z));
  return alpha * (1 - prob) ** gamma * softplus(-z) - (1 - alpha) * prob ** gamma * softplus(z);
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
  let sum = focalNegativeSum(logits, p, C, alpha, gamma);
  for (const c of new Set(positives)) sum += focalSwing(logits[p * C + c]!, alpha, gamma);
  return sum;
}
