/**
 * e = exp(−u) and log1p(e) for u ≥ 0, table-driven (the reduction of Tang's table-driven exp, ACM
 * TOMS 15(2), 1989): u = u_k + d with u_k = k/128 the nearest node, so exp(−u) = E_k·(1 + m) with
 * m = expm1(−d) from its degree-5 Taylor polynomial (|d| ≤ 1/256: truncation < 5e-18 relative),
 * and log1p(e) = log1p(E_k) + log1p(s_k·m) with s_k = E_k/(1 + E_k), since 1 + e = (1 + E_k)(1 + s_k·m);
 * |s_k·m| < 0.002, so the degree-5 series of log1p truncates below 1e-17 relative. The result is within a few ulps
 * of `Math.exp` / `Math.log1p` at a fraction of their cost; u ≥ 32 (and NaN) use them directly.
 */
const PER_UNIT = 128;
const U_MAX = 32;
const SIZE = U_MAX * PER_UNIT + 1;

/** `[E_k, log1p(E_k), s_k]` per node, interleaved so one look-up touches one cache line. */
let table: Float64Array | undefined;

function build(): Float64Array {
  const t = new Float64Array(3 * SIZE);
  for (let k = 0; k < SIZE; k++) {
    const e = Math.exp(-k / PER_UNIT);
    t[3 * k] = e;
    t[3 * k + 1] = Math.log1p(e);
    t[3 * k + 2] = e / (1 + e);
  }
  table = t;
  return t;
}

/** Shared output of {@link expLog1p}: `[exp(−u), log1p(exp(−u))]`. */
export const expLog1pOut = new Float64Array(2);

/**
 * Writes exp(−u) and log1p(exp(−u)) for `u` ≥ 0 into {@link expLog1pOut}.
 *
 * @example
 * ```ts
 * expLog1p(1.5);
 * expLog1pOut[0]; // ≈ Math.exp(-1.5)
 * expLog1pOut[1]; // ≈ Math.log1p(Math.exp(-1.5))
 * ```
 */
export function expLog1p(u: number): void {
  if (!(u < U_MAX)) {
    const e = Math.exp(-u);
    expLog1pOut[0] = e;
    expLog1pOut[1] = Math.log1p(e);
    return;
  }
  const t = table ?? build();
  const k = (u * PER_UNIT + 0.5) | 0;
  const d = u - k * (1 / PER_UNIT);
  const m = -d * (1 - d * (0.5 - d * (1 / 6 - d * (1 / 24 - d * (1 / 120)))));
  const ek = t[3 * k]!;
  const y = t[3 * k + 2]! * m;
  expLog1pOut[0] = ek + ek * m;
  expLog1pOut[1] = t[3 * k + 1]! + y * (1 - y * (0.5 - y * (1 / 3 - y * (0.25 - y * 0.2))));
}
