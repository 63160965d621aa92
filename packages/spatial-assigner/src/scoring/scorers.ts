/** The candidate pool of one GT: per-entry classification and regression costs. */
export interface ScoringPool {
  lcls: Float64Array;
  lreg: Float64Array;
  /** True when the pool comes from a single pyramid level. */
  singleLevel: boolean;
}

/** Maps a pool to one score per entry; lower = better aligned. */
export type Scorer = (pool: ScoringPool) => Float64Array;

/** Misalignment degree Sm = σ(|Lcls − Lreg|) ∈ [0.5, 1), computed as the official code does. */
export function misalignment(lcls: number, lreg: number): number {
  const s = 1 / (1 + Math.exp(-(lcls - lreg)));
  return s < 0.5 ? 1 - s : s;
}

/**
 * The official score (spec §3.5.4): u = √(Sm · (Lcls + Lreg)), or the raw cost Lcls + Lreg when
 * the pool comes from one level only.
 *
 * @example
 * ```ts
 * officialScorer({ lcls: Float64Array.of(0.5), lreg: Float64Array.of(0.3), singleLevel: false }); // [0.6632248]
 * ```
 */
export const officialScorer: Scorer = ({ lcls, lreg, singleLevel }) =>
  Float64Array.from(lcls, (c, i) =>
    singleLevel ? c + lreg[i]! : Math.sqrt(misalignment(c, lreg[i]!) * (c + lreg[i]!)),
  );

function softmaxNeg(x: Float64Array): Float64Array {
  let m = Number.POSITIVE_INFINITY;
  for (const v of x) m = Math.min(m, v);
  let z = 0;
  const e = Float64Array.from(x, (v) => {
    const t = Math.exp(-(v - m));
    z += t;
    return t;
  });
  return e.map((v) => v / z);
}

/**
 * Our reading of the published description's fitness (spec decision D3; the official code
 * computes these softmaxes and discards them): the fitness of entry j is its share of the pool
 * under each task, Sf_j = softmax(−Lcls)_j · softmax(−Lreg)_j, and the score is
 * u_j = √(Sm_j · (−log Sf_j)) — the official formula with the pool-relative cost −log Sf_j in
 * place of Lcls + Lreg. Lower is better; a single-entry pool scores 0.
 *
 * @example
 * ```ts
 * new SpatialAssigner({ scorer: fitnessScorer });
 * ```
 */
export const fitnessScorer: Scorer = ({ lcls, lreg }) => {
  const fc = softmaxNeg(lcls);
  const fr = softmaxNeg(lreg);
  return Float64Array.from(lcls, (c, i) => Math.sqrt(misalignment(c, lreg[i]!) * -Math.log(fc[i]! * fr[i]!)));
};
