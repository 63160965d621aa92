import type { DeformConvGeometry } from '../kernel-names';

/**
 * Deformable im2col on typed arrays (NHWC): for every output pixel m = (n, ho, wo), tap k = i·kw + j
 * and channel c, `cols[grp, m, k·Cpg + c − grp·Cpg] = mask · bilinear(x[n, :, :, c], y, x)` with
 * y = ho·sh − ph + i·dh + offset[m, 2(og·K + k)], x likewise, og = c / (Cin / offsetGroups),
 * grp = c / Cpg, Cpg = Cin / groups. Corners outside the input count as zero (torchvision's
 * `bilinear_interpolate`). Every element of `cols` is written.
 */
export function deformIm2colImpl(
  g: DeformConvGeometry,
  x: Float32Array,
  offset: Float32Array,
  mask: Float32Array | null,
  cols: Float32Array,
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
              const py = ho * sh - ph + i * dh + offset[oc]!;
              const px = wo * sw - pw + j * dw + offset[oc + 1]!;
              const mv = mask === null ? 1 : mask[maskBase + og * K + k]!;
              const y0 = Math.floor(py);
              const x0 = Math.floor(px);
              const ly = py - y0;
              const lx = px - x0;
              const okY0 = y0 >= 0 && y0 < H;
              const okY1 = y0 + 1 >= 0 && y0 + 1 < H;
              const okX0 = x0 >= 0 && x0 < W;
              const okX1 = x0 + 1 >= 0 && x0 + 1 < W;
              // bilinear weights times the mask
              const w00 = (1 - ly) * (1 - lx) * mv;
              const w01 = (1 - ly) * lx * mv;
              const w10 = ly * (1 - lx) * mv;
              const w11 = ly * lx * mv;
              const a = xBase + y0 * rowStride + x0 * Cin;
              const b = a + Cin;
              const cc = a + rowStride;
              const d = cc + Cin;
              const all = okY0 && okY1 && okX0 && okX1;
              const none = !((okY0 || okY1) && (okX0 || okX1)) || !(py > -1 && py < H && px > -1 && px < W);
              for (let c = c0; c < c1; ) {
                const grp = (c / Cpg) | 0;
                const cEnd = Math.min(c1, (grp + 1) * Cpg);
                const dst = grp * groupStride + colBase + k * Cpg - grp * Cpg;
                if (none) {
                  cols.fill(0, dst + c, dst + cEnd);
                } else if (all) {
                  for (; c < cEnd; c++)
                    cols[dst + c] = w00 * x[a + c]! + w01 * x[b + c]! + w10 * x[cc + c]! + w11 * x[d + c]!;
                } else {
                  const e00 = okY0 && okX0;
                  const e01 = okY0 && okX1;
                  const e10 = okY1 && okX0;
                  const e11 = okY1 && okX1;
                  for (; c < cEnd; c++) {
                    let v = 0;
                    if (e00) v += w00 * x[a + c]!;
                    if (e01) v += w01 * x[b + c]!;
                    if (e10) v += w10 * x[cc + c]!;
                    if (e11) v += w11 * x[d + c]!;
                    cols[dst + c] = v;
                  }
                }
                c = cEnd;
              }
            }
          }
        }
      }
    }
  }
}
