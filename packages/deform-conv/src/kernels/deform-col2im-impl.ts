import type { DeformConvGeometry } from '../kernel-names';

/**
 * Backward pass of `deformIm2colImpl` on typed arrays, with torchvision's conventions: `dx`
 * receives the bilinear scatter of `mask · dCols` (corners outside the input dropped); `dOffset`
 * the derivative of the bilinear sample along y and x over the in-range corners (so a sample at
 * exactly −1 or H − 1 gets the one-sided derivative, and one further out gets zero); `dMask` the
 * unmasked sample times `dCols`. `dx` is overwritten (zeroed first), `dOffset` and `dMask`
 * (skipped when `mask` is null) fully written.
 */
export function deformCol2imImpl(
  g: DeformConvGeometry,
  x: Float32Array,
  offset: Float32Array,
  mask: Float32Array | null,
  dCols: Float32Array,
  dx: Float32Array,
  dOffset: Float32Array,
  dMask: Float32Array | null,
): void {
  const { batch: N, inHeight: H, inWidth: W, inChannels: Cin, outHeight: Ho, outWidth: Wo } = g;
  const { kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw } = g;
  const { padHeight: ph, padWidth: pw, dilationHeight: dh, dilationWidth: dw } = g;
  const G = g.offsetGroups;
  const K = kh * kw;
  const Cg = Cin / G;
  const Cpg = Cin / g.groups;
  const rowLen = K * Cpg;
  const groupStride = N * Ho * Wo * rowLen;
  const rowStride = W * Cin;
  dx.fill(0);
  for (let n = 0; n < N; n++) {
    const xBase = n * H * rowStride;
    for (let ho = 0; ho < Ho; ho++) {
      for (let wo = 0; wo < Wo; wo++) {
        const m = (n * Ho + ho) * Wo + wo;
        const offBase = m * 2 * G * K;
        const maskBase = m * G * K;
        const colBase = m * rowLen;
        for (let og = 0; og < G; og++) {
          const c0 = og * Cg;
          const c1 = c0 + Cg;
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++) {
              const k = i * kw + j;
              const oc = offBase + 2 * (og * K + k);
              const mc = maskBase + og * K + k;
              const py = ho * sh - ph + i * dh + offset[oc]!;
              const px = wo * sw - pw + j * dw + offset[oc + 1]!;
              const mv = mask === null ? 1 : mask[mc]!;
              const y0 = Math.floor(py);
              const x0 = Math.floor(px);
              const ly = py - y0;
              const lx = px - x0;
              const hy = 1 - ly;
              const hx = 1 - lx;
              const okY0 = y0 >= 0 && y0 < H;
              const okY1 = y0 + 1 >= 0 && y0 + 1 < H;
              const okX0 = x0 >= 0 && x0 < W;
              const okX1 = x0 + 1 >= 0 && x0 + 1 < W;
              if (!((okY0 || okY1) && (okX0 || okX1))) {
                dOffset[oc] = 0;
                dOffset[oc + 1] = 0;
                if (dMask !== null) dMask[mc] = 0;
                continue;
              }
              const w00 = hy * hx * mv;
              const w01 = hy * lx * mv;
              const w10 = ly * hx * mv;
              const w11 = ly * lx * mv;
              const a = xBase + y0 * rowStride + x0 * Cin;
              const b = a + Cin;
              const cc = a + rowStride;
              const d = cc + Cin;
              // s_ij = Σ_c dCols[c] · x[corner ij, c] (0 for corners outside the input)
              let s00 = 0;
              let s01 = 0;
              let s10 = 0;
              let s11 = 0;
              const e00 = okY0 && okX0;
              const e01 = okY0 && okX1;
              const e10 = okY1 && okX0;
              const e11 = okY1 && okX1;
              const all = e00 && e11;
              for (let c = c0; c < c1; ) {
                const grp = (c / Cpg) | 0;
                const cEnd = Math.min(c1, (grp + 1) * Cpg);
                const src = grp * groupStride + colBase + k * Cpg - grp * Cpg;
                if (all) {
                  for (; c < cEnd; c++) {
                    const gv = dCols[src + c]!;
                    s00 += gv * x[a + c]!;
                    s01 += gv * x[b + c]!;
                    s10 += gv * x[cc + c]!;
                    s11 += gv * x[d + c]!;
                    dx[a + c]! += w00 * gv;
                    dx[b + c]! += w01 * gv;
                    dx[cc + c]! += w10 * gv;
                    dx[d + c]! += w11 * gv;
                  }
                } else {
                  for (; c < cEnd; c++) {
                    const gv = dCols[src + c]!;
                    if (e00) {
                      s00 += gv * x[a + c]!;
                      dx[a + c]! += w00 * gv;
                    }
                    if (e01) {
                      s01 += gv * x[b + c]!;
                      dx[b + c]! += w01 * gv;
                    }
                    if (e10) {
                      s10 += gv * x[cc + c]!;
                      dx[cc + c]! += w10 * gv;
                    }
                    if (e11) {
                      s11 += gv * x[d + c]!;
                      dx[d + c]! += w11 * gv;
                    }
                  }
                }
                c = cEnd;
              }
              dOffset[oc] = mv * (hx * (s10 - s00) + lx * (s11 - s01));
              dOffset[oc + 1] = mv * (hy * (s01 - s00) + ly * (s11 - s10));
              if (dMask !== null) {
                const inside = py > -1 && py < H && px > -1 && px < W;
                dMask[mc] = inside ? hy * hx * s00 + hy * lx * s01 + ly * hx * s10 + ly * lx * s11 : 0;
              }
            }
          }
        }
      }
    }
  }
}
