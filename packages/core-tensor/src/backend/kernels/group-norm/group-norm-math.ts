/**
 * The group-normalisation arithmetic of the fused GroupNorm kernels, on float32 typed arrays in
 * NHWC layout seen as `[N, S, C]` (S = H·W positions, C channels in G groups of C/G contiguous
 * channels). Sums are accumulated per channel in float64, then combined per group, so every pass
 * over the data is one contiguous sweep.
 */

/** Sizes of one GroupNorm call. */
export interface GroupNormSizes {
  batch: number;
  /** H·W. */
  positions: number;
  channels: number;
  groups: number;
}

/** Per-channel sums of `x` over the positions of the image starting at `base`, into `out`. */
function channelSums(x: Float32Array, base: number, s: GroupNormSizes, out: Float64Array): void {
  const C = s.channels;
  out.fill(0);
  for (let p = 0, o = base; p < s.positions; p++, o += C) {
    for (let c = 0; c < C; c++) out[c]! += x[o + c]!;
  }
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
  const meanC = new Float64Array(C);
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    const base = n * S * C;
    channelSums(x, base, s, sums);
    for (let g = 0; g < G; g++) {
      let t = 0;
      for (let c = g * cg; c < (g + 1) * cg; c++) t += sums[c]!;
      meanC.fill(t / count, g * cg, (g + 1) * cg);
    }
    // the variance from deviations (a second pass), not E[x²] − mean², which cancels badly
    sums.fill(0);
    for (let p = 0, o = base; p < S; p++, o += C) {
      for (let c = 0; c < C; c++) {
        const d = x[o + c]! - meanC[c]!;
        sums[c]! += d * d;
      }
    }
    for (let g = 0; g < G; g++) {
      let v = 0;
      for (let c = g * cg; c < (g + 1) * cg; c++) v += sums[c]!;
      const r = 1 / Math.sqrt(v / count + eps);
      const m = meanC[g * cg]!;
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
