/** Options of {@link fitGaussianMixture1d} (scikit-learn `GaussianMixture` semantics). */
export interface GaussianMixtureOptions {
  /** Initial component weights. Default [0.5, 0.5]. */
  weights?: [number, number];
  /** Initial means. Default [min(x), max(x)]. */
  means?: [number, number];
  /** Initial precisions (1 / variance). Default [0.1, 0.1]. */
  precisions?: [number, number];
  /** Added to each variance in the M-step. Default 1e-6. */
  regCovar?: number;
  /** Stop when the mean log-likelihood changes by less than this. Default 1e-3. */
  tol?: number;
  /** Default 100. */
  maxIter?: number;
}

/** A fitted 2-component 1-D mixture and the hard assignment of the inputs. */
export interface GaussianMixtureFit {
  weights: [number, number];
  means: [number, number];
  variances: [number, number];
  /** Most probable component of each input (ties → component 0). */
  labels: Int32Array;
  /** Mixture log-density log Σ_m π_m N(x; μ_m, σ²_m) of each input (sklearn `score_samples`). */
  logDensity: Float64Array;
  iterations: number;
  converged: boolean;
}

const LOG_2PI = Math.log(2 * Math.PI);
const EPS64 = 2.220446049250313e-16;

function logSumExp2(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === Number.NEGATIVE_INFINITY) return m;
  return Math.log(Math.exp(a - m) + Math.exp(b - m)) + m;
}

/**
 * EM for a 2-component, 1-D Gaussian mixture in float64, with scikit-learn's `GaussianMixture`
 * semantics (full covariance, given initial weights/means/precisions overriding the k-means init,
 * `reg_covar` added to variances, convergence on the change of the mean log-likelihood, and a final
 * E-step so labels agree with the returned parameters). This is the selection step of the official
 * APS code (spec §3.5.5).
 *
 * @example
 * ```ts
 * const fit = fitGaussianMixture1d(Float64Array.from([2, 2.2, 2.5, 9, 9.5]));
 * fit.labels; // [0, 0, 0, 1, 1]
 * ```
 */
export function fitGaussianMixture1d(
  x: Float64Array,
  options: GaussianMixtureOptions = {},
): GaussianMixtureFit {
  const n = x.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const regCovar = options.regCovar ?? 1e-6;
  const tol = options.tol ?? 1e-3;
  const maxIter = options.maxIter ?? 100;
  let w: [number, number] = options.weights ? [...options.weights] : [0.5, 0.5];
  let mu: [number, number] = options.means ? [...options.means] : [lo, hi];
  const p0 = options.precisions ?? [0.1, 0.1];
  // sklearn keeps the Cholesky factor of the precision: sqrt(precision) in 1-D
  let precChol: [number, number] = [Math.sqrt(p0[0]), Math.sqrt(p0[1])];
  const logResp0 = new Float64Array(n);
  const logResp1 = new Float64Array(n);
  const logNorm = new Float64Array(n);

  const eStep = (): number => {
    let sum = 0;
    const lw0 = Math.log(w[0]);
    const lw1 = Math.log(w[1]);
    const ld0 = Math.log(precChol[0]);
    const ld1 = Math.log(precChol[1]);
    for (let i = 0; i < n; i++) {
      const y0 = (x[i]! - mu[0]) * precChol[0];
      const y1 = (x[i]! - mu[1]) * precChol[1];
      const a = -0.5 * (LOG_2PI + y0 * y0) + ld0 + lw0;
      const b = -0.5 * (LOG_2PI + y1 * y1) + ld1 + lw1;
      const norm = logSumExp2(a, b);
      logNorm[i] = norm;
      logResp0[i] = a - norm;
      logResp1[i] = b - norm;
      sum += norm;
    }
    return sum / n;
  };

  let lowerBound = Number.NEGATIVE_INFINITY;
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    const prev = lowerBound;
    const logProbNorm = eStep();
    // M-step
    let n0 = 10 * EPS64;
    let n1 = 10 * EPS64;
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < n; i++) {
      const r0 = Math.exp(logResp0[i]!);
      const r1 = Math.exp(logResp1[i]!);
      n0 += r0;
      n1 += r1;
      s0 += r0 * x[i]!;
      s1 += r1 * x[i]!;
    }
    const m0 = s0 / n0;
    const m1 = s1 / n1;
    let v0 = 0;
    let v1 = 0;
    for (let i = 0; i < n; i++) {
      const d0 = x[i]! - m0;
      const d1 = x[i]! - m1;
      v0 += Math.exp(logResp0[i]!) * d0 * d0;
      v1 += Math.exp(logResp1[i]!) * d1 * d1;
    }
    v0 = v0 / n0 + regCovar;
    v1 = v1 / n1 + regCovar;
    const total = n0 + n1;
    w = [n0 / total, n1 / total];
    mu = [m0, m1];
    precChol = [1 / Math.sqrt(v0), 1 / Math.sqrt(v1)];
    lowerBound = logProbNorm;
    if (Math.abs(lowerBound - prev) < tol) {
      converged = true;
      break;
    }
  }
  eStep(); // final E-step: labels consistent with the returned parameters
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = logResp1[i]! > logResp0[i]! ? 1 : 0;
  return {
    weights: w,
    means: mu,
    variances: [1 / (precChol[0] * precChol[0]), 1 / (precChol[1] * precChol[1])],
    labels,
    logDensity: Float64Array.from(logNorm),
    iterations,
    converged,
  };
}
