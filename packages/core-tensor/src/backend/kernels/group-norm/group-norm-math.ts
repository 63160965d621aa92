/**
 * The group-normalisation arithmetic of the fused GroupNorm kernels, on float32 typed arrays in
 * NHWC layout seen as `[N, S, C]` (S = H·W positions, C channels in G groups of C/G contiguous
 * channels). Each image takes two sweeps over its data each way: per-channel sums (in float64),
 * then a per-channel affine map; between them, the per-group arithmetic of
 * {@link forwardCoefficients} / {@link backwardCoefficients} works on C numbers. The sweeps run
 * here in JS, or in wasm SIMD (`group-norm-simd.ts`) with the same coefficient functions.
 */

/** Sizes of one GroupNorm call. */
export interface GroupNormSizes {
  batch: number;
  /** H·W. */
  positions: number;
  channels: number;
  groups: number;
}

/**
 * From image n's per-channel Σx and Σx²: its group `mean` and `rstd` (= 1/√(var + eps), biased
 * variance; written at `[n, g]`) and the per-channel `scale`, `shift` of y = x·scale + shift.
 * In float64, var = E[x²] − mean² keeps float32 accuracy until |mean| / std reaches ~10⁴ (the
 * cancellation costs log2((mean/std)²) of float64's 53 bits).
 */
export function forwardCoefficients(
  s: GroupNormSizes,
  n: number,
  eps: number,
  sums: Float64Array,
  squares: Float64Array,
  weight: Float32Array,
  bias: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  scale: Float32Array | Float64Array,
  shift: Float32Array | Float64Array,
): void {
  const { positions: S, channels: C, groups: G } = s;
  const cg = C / G;
  const count = S * cg;
  for (let g = 0; g < G; g++) {
    let t = 0;
    let q = 0;
    for (let c = g * cg; c < (g + 1) * cg; c++) {
      t += sums[c]!;
      q += squares[c]!;
    }
    const m = t / count;
    const r = 1 / Math.sqrt(Math.max(0, q / count - m * m) + eps);
    mean[n * G + g] = m;
    rstd[n * G + g] = r;
    for (let c = g * cg; c < (g + 1) * cg; c++) {
      scale[c] = r * weight[c]!;
      shift[c] = bias[c]! - m * r * weight[c]!;
    }
  }
}

/**
 * From image n's per-channel Σdy and Σdy·x: the per-channel α, β, γ of dx = α·dy + β·x + γ, and
 * image n's share of dweight = Σ dy·x̂ and dbias = Σ dy (added to `dweight`, `dbias`). With
 * x̂ = (x − mean)·rstd and g = dy·weight: dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)) per group.
 */
export function backwardCoefficients(
  s: GroupNormSizes,
  n: number,
  sumDy: Float64Array,
  sumDyX: Float64Array,
  weight: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  alpha: Float32Array | Float64Array,
  beta: Float32Array | Float64Array,
  gamma: Float32Array | Float64Array,
  dweight: Float64Array,
  dbias: Float64Array,
): void {
  const { positions: S, channels: C, groups: G } = s;
  const cg = C / G;
  const count = S * cg;
  for (let g = 0; g < G; g++) {
    const m = mean[n * G + g]!;
    const r = rstd[n * G + g]!;
    let sumG = 0; // Σ dy·weight over the group
    let sumGX = 0; // Σ dy·weight·x̂ over the group
    for (let c = g * cg; c < (g + 1) * cg; c++) {
      const dyXhat = r * (sumDyX[c]! - m * sumDy[c]!); // Σ dy·x̂ of channel c
      dbias[c]! += sumDy[c]!;
      dweight[c]! += dyXhat;
      sumG += weight[c]! * sumDy[c]!;
      sumGX += weight[c]! * dyXhat;
    }
    const m1 = sumG / count;
    const m2 = sumGX / count;
    for (let c = g * cg; c < (g + 1) * cg; c++) {
      alpha[c] = r * weight[c]!;
      beta[c] = -r * r * m2;
      gamma[c] = r * (r * m2 * m - m1);
    }
  }
}

/** Forward in JS: y = (x − mean) · rstd · weight + bias per group; `mean`, `rstd` as `[N, G]`. */
export function groupNormForward(
  s: GroupNormSizes,
  eps: number,
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
): void {
  const { batch: N, positions: S, channels: C } = s;
  const sums = new Float64Array(C);
  const squares = new Float64Array(C);
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    const base = n * S * C;
    sums.fill(0);
    squares.fill(0);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) {
        const v = x[o + c]!;
        sums[c]! += v;
        squares[c]! += v * v;
      }
    }
    forwardCoefficients(s, n, eps, sums, squares, weight, bias, mean, rstd, scale, shift);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) y[o + c] = x[o + c]! * scale[c]! + shift[c]!;
    }
  }
}

/** Backward of {@link groupNormForward} in JS, from the saved `mean` and `rstd`. */
export function groupNormBackward(
  s: GroupNormSizes,
  dy: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  dx: Float32Array,
  dweight: Float32Array,
  dbias: Float32Array,
): void {
  const { batch: N, positions: S, channels: C } = s;
  const sumDy = new Float64Array(C);
  const sumDyX = new Float64Array(C);
  const alpha = new Float64Array(C);
  const beta = new Float64Array(C);
  const gamma = new Float64Array(C);
  const dw = new Float64Array(C);
  const db = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    const base = n * S * C;
    sumDy.fill(0);
    sumDyX.fill(0);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) {
        const d = dy[o + c]!;
        sumDy[c]! += d;
        sumDyX[c]! += d * x[o + c]!;
      }
    }
    backwardCoefficients(s, n, sumDy, sumDyX, weight, mean, rstd, alpha, beta, gamma, dw, db);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) dx[o + c] = alpha[c]! * dy[o + c]! + beta[c]! * x[o + c]! + gamma[c]!;
    }
  }
  dweight.set(dw);
  dbias.set(db);
}
