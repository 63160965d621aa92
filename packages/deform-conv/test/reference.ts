/**
 * A float64 loop implementation of deformable convolution (torchvision semantics, NHWC), used as
 * the finite-difference reference. Arrays are flat row-major; shapes as in `deformConv2d`.
 */
export function referenceDeformConv2d(
  x: Float64Array,
  xs: number[],
  offset: Float64Array,
  weight: Float64Array,
  ws: number[],
  mask: Float64Array | null,
  pad: [number, number],
  stride: [number, number] = [1, 1],
  dil: [number, number] = [1, 1],
): { out: Float64Array; shape: number[] } {
  const [N, H, W, C] = xs as [number, number, number, number];
  const [kh, kw, , Cout] = ws as [number, number, number, number];
  const Ho = Math.floor((H + 2 * pad[0] - dil[0] * (kh - 1) - 1) / stride[0]) + 1;
  const Wo = Math.floor((W + 2 * pad[1] - dil[1] * (kw - 1) - 1) / stride[1]) + 1;
  const K = kh * kw;
  const out = new Float64Array(N * Ho * Wo * Cout);
  const at = (n: number, y: number, xx: number, c: number) =>
    y < 0 || xx < 0 || y > H - 1 || xx > W - 1 ? 0 : x[((n * H + y) * W + xx) * C + c]!;
  for (let n = 0; n < N; n++)
    for (let ho = 0; ho < Ho; ho++)
      for (let wo = 0; wo < Wo; wo++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const k = i * kw + j;
            const o = ((n * Ho + ho) * Wo + wo) * 2 * K;
            const py = ho * stride[0] - pad[0] + i * dil[0] + offset[o + 2 * k]!;
            const px = wo * stride[1] - pad[1] + j * dil[1] + offset[o + 2 * k + 1]!;
            const m = mask ? mask[((n * Ho + ho) * Wo + wo) * K + k]! : 1;
            if (py <= -1 || py >= H || px <= -1 || px >= W) continue;
            const y0 = Math.floor(py);
            const x0 = Math.floor(px);
            const ly = py - y0;
            const lx = px - x0;
            for (let c = 0; c < C; c++) {
              const v =
                (1 - ly) * (1 - lx) * at(n, y0, x0, c) +
                (1 - ly) * lx * at(n, y0, x0 + 1, c) +
                ly * (1 - lx) * at(n, y0 + 1, x0, c) +
                ly * lx * at(n, y0 + 1, x0 + 1, c);
              for (let co = 0; co < Cout; co++)
                out[((n * Ho + ho) * Wo + wo) * Cout + co]! +=
                  m * v * weight[((i * kw + j) * C + c) * Cout + co]!;
            }
          }
  return { out, shape: [N, Ho, Wo, Cout] };
}
