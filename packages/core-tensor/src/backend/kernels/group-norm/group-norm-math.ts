/**
 * The group-normalisation arithmetic of the fused GroupNorm kernels, on float32 typed arrays in
 * NHWC layout seen as `[N, S, C]` (S = H·W positions, C channels in G groups of C/G contiguous
 * channels). Sums are accumulated per channel in float64, then combined per group, so every pass
 * over the data is one contiguous sweep: two forward (statistics, output), two backward.
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
 * Forward: y = (x − mean) · rstd · weight + bias per group, with the biased variance;
 * `mean` and `rstd` (= 1/√(var + eps)) are written as `[N, G]`.
 */
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
  const { batch: N, positions: S, channels: C, groups: G } = s;
  const cg = C / G;
  const count = S * cg;
  const sums = new Float64Array(C);
  const squares = new Float64Array(C);
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    const base = n * S * C;
    // one sweep for Σx and Σx² per channel: in float64, var = E[x²] − mean² keeps float32 accuracy
    // until |mean| / std reaches ~10⁴ (the cancellation costs log2((mean/std)²) of float64's 53 bits)
    sums.fill(0);
    squares.fill(0);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) {
        const v = x[o + c]!;
        sums[c]! += v;
        squares[c]! += v * v;
      }
    }
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
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) y[o + c] = x[o + c]! * scale[c]! + shift[c]!;
    }
  }
}

/**
 * Backward of {@link groupNormForward}, from the saved `mean` and `rstd`. With x̂ = (x − mean)·rstd
 * and g = dy·weight: dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)) over each group,
 * dweight = Σ dy·x̂, dbias = Σ dy (over images and positions). Per image, one pass gathers the
 * per-channel sums Σdy and Σdy·x, the group means follow from them, and a second pass writes
 * dx = α_c·dy + β_g·x + γ_g.
 */
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
  const { batch: N, positions: S, channels: C, groups: G } = s;
  const cg = C / G;
  const count = S * cg;
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
    for (let g = 0; g < G; g++) {
      const m = mean[n * G + g]!;
      const r = rstd[n * G + g]!;
      let sumG = 0; // Σ dy·weight over the group
      let sumGX = 0; // Σ dy·weight·x̂ over the group
      for (let c = g * cg; c < (g + 1) * cg; c++) {
        const dyXhat = r * (sumDyX[c]! - m * sumDy[c]!); // Σ dy·x̂ of channel c
        db[c]! += sumDy[c]!;
        dw[c]! += dyXhat;
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
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) dx[o + c] = alpha[c]! * dy[o + c]! + beta[c]! * x[o + c]! + gamma[c]!;
    }
  }
  dweight.set(dw);
  dbias.set(db);
}
