import { expLog1p, expLog1pOut } from './exp-log1p-table';

// σ(z) and softplus(±z) share one e = exp(−|z|): σ(z) = 1/(1 + e) for z > 0 and e/(1 + e) otherwise
// (within an ulp of 1/(1 + exp(−z))), softplus(z) = max(z, 0) + log1p(e) and softplus(−z) =
// max(−z, 0) + log1p(e), the stable forms. γ = 2 squares by a product, which is exactly what
// `x ** 2` returns (fdlibm's pow, which V8 uses, special-cases y = 2).

/**
 * Σ over all C classes of the focal loss with target 0 (the point as pure background), float64.
 * This sum over every class of every candidate point is most of the assigner's time, so e and
 * log1p(e) come from the table of `exp-log1p-table.ts` (a few ulps from `Math.exp`/`Math.log1p`).
 */
export function focalNegativeSum(
  logits: ArrayLike<number>,
  p: number,
  C: number,
  alpha = 0.25,
  gamma = 2,
): number {
  let sum = 0;
  const base = p * C;
  const w = 1 - alpha;
  const square = gamma === 2;
  for (let c = 0; c < C; c++) {
    const z = logits[base + c]!;
    expLog1p(z > 0 ? z : -z);
    const e = expLog1pOut[0]!;
    const l = expLog1pOut[1]!;
    const prob = z > 0 ? 1 / (1 + e) : e / (1 + e);
    const sp = z > 0 ? z + l : l;
    sum += w * (square ? prob * prob : prob ** gamma) * sp;
  }
  return sum;
}

/** Focal loss of one logit with target 1 minus with target 0: turns a background term into a positive one. */
export function focalSwing(z: number, alpha = 0.25, gamma = 2): number {
  const e = Math.exp(z > 0 ? -z : z);
  const prob = z > 0 ? 1 / (1 + e) : e / (1 + e);
  const l = Math.log1p(e);
  const spPos = z > 0 ? z + l : l;
  const spNeg = z > 0 ? l : l - z;
  const q = 1 - prob;
  return gamma === 2
    ? alpha * (q * q) * spNeg - (1 - alpha) * (prob * prob) * spPos
    : alpha * q ** gamma * spNeg - (1 - alpha) * prob ** gamma * spPos;
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
