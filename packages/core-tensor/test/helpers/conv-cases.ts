// Awkward conv2d shapes for the training-kernel tests, and small float64 references.
import * as tf from '@tensorflow/tfjs-core';

/** tf.conv2d padding as the kernels receive it. */
export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** One conv2d geometry: input `[N, H, W, C]`, filter `[kh, kw, C, Co]`. */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
}

const explicit = (t: number, b: number, l: number, r: number): Pad => [
  [0, 0],
  [t, b],
  [l, r],
  [0, 0],
];

/** Stride 1/2/3, same/valid/explicit padding, batch 1 and 3, non-square kernels, odd channels. */
export const convCases: ConvCase[] = [
  { name: 'x=[1,9,8,5] k=3x3 s=1 same', x: [1, 9, 8, 5], w: [3, 3, 5, 6], stride: 1, pad: 'same' },
  { name: 'x=[3,9,8,5] k=3x3 s=2 same', x: [3, 9, 8, 5], w: [3, 3, 5, 7], stride: 2, pad: 'same' },
  {
    name: 'x=[2,10,7,3] k=3x1 s=(2,1) valid',
    x: [2, 10, 7, 3],
    w: [3, 1, 3, 4],
    stride: [2, 1],
    pad: 'valid',
  },
  {
    name: 'x=[1,7,7,6] k=5x5 s=1 explicit (1,2)(0,1)',
    x: [1, 7, 7, 6],
    w: [5, 5, 6, 2],
    stride: 1,
    pad: explicit(1, 2, 0, 1),
  },
  { name: 'x=[3,11,9,7] k=2x4 s=(1,2) same', x: [3, 11, 9, 7], w: [2, 4, 7, 3], stride: [1, 2], pad: 'same' },
  { name: 'x=[2,8,8,6] k=3x3 s=2 valid', x: [2, 8, 8, 6], w: [3, 3, 6, 5], stride: 2, pad: 'valid' },
  {
    name: 'x=[1,13,12,5] k=3x2 s=3 explicit (2,0)(1,1)',
    x: [1, 13, 12, 5],
    w: [3, 2, 5, 3],
    stride: 3,
    pad: explicit(2, 0, 1, 1),
  },
  {
    name: 'x=[1,6,5,3] k=1x1 s=1 explicit (2,1)(0,3) (padding wider than the kernel: cropped border)',
    x: [1, 6, 5, 3],
    w: [1, 1, 3, 2],
    stride: 1,
    pad: explicit(2, 1, 0, 3),
  },
  {
    name: 'x=[2,70,70,4] k=3x3 s=1 same (several im2col chunks)',
    x: [2, 70, 70, 4],
    w: [3, 3, 4, 5],
    stride: 1,
    pad: 'same',
  },
];

/** A `[kh, kw, C, Co]` filter with `dil - 1` zeros between taps: the dilated conv as a dense one. */
export function dilateFilter(
  w: ArrayLike<number>,
  [kh, kw, c, co]: [number, number, number, number],
  [dh, dw]: [number, number],
): Float32Array {
  const bh = (kh - 1) * dh + 1;
  const bw = (kw - 1) * dw + 1;
  const out = new Float32Array(bh * bw * c * co);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let k = 0; k < c * co; k++)
        out[(i * dh * bw + j * dw) * c * co + k] = w[(i * kw + j) * c * co + k]!;
  return out;
}

/** The taps of a zero-inflated filter's gradient that belong to the dilated filter. */
export function takeDilatedTaps(
  big: ArrayLike<number>,
  [kh, kw, c, co]: [number, number, number, number],
  [dh, dw]: [number, number],
): Float32Array {
  const bw = (kw - 1) * dw + 1;
  const out = new Float32Array(kh * kw * c * co);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let k = 0; k < c * co; k++)
        out[(i * kw + j) * c * co + k] = big[(i * dh * bw + j * dw) * c * co + k]!;
  return out;
}

/** Σ conv2d(x, w)·r in float64 (NHWC, 'same' or 'valid' padding as tfjs computes it). */
export function naiveConv2dSum(
  x: Float64Array,
  [n, h, w, c]: [number, number, number, number],
  f: Float64Array,
  [kh, kw, , co]: [number, number, number, number],
  [sh, sw]: [number, number],
  pad: 'same' | 'valid',
  r: Float64Array,
): number {
  const ho = pad === 'same' ? Math.ceil(h / sh) : Math.ceil((h - kh + 1) / sh);
  const wo = pad === 'same' ? Math.ceil(w / sw) : Math.ceil((w - kw + 1) / sw);
  const top = pad === 'same' ? Math.floor(Math.max((ho - 1) * sh + kh - h, 0) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max((wo - 1) * sw + kw - w, 0) / 2) : 0;
  let total = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < ho; y++)
      for (let xo = 0; xo < wo; xo++)
        for (let o = 0; o < co; o++) {
          let acc = 0;
          for (let i = 0; i < kh; i++) {
            const yy = y * sh - top + i;
            if (yy < 0 || yy >= h) continue;
            for (let j = 0; j < kw; j++) {
              const xx = xo * sw - left + j;
              if (xx < 0 || xx >= w) continue;
              for (let k = 0; k < c; k++)
                acc += x[((b * h + yy) * w + xx) * c + k]! * f[((i * kw + j) * c + k) * co + o]!;
            }
          }
          total += acc * r[((b * ho + y) * wo + xo) * co + o]!;
        }
  return total;
}

/**
 * Both conv2d gradient kernels, `Conv2DBackpropInput` and `Conv2DBackpropFilter`, called through
 * `runKernel` on the active backend with seeded random x [N, H, W, C], w `filterShape` and dy, as
 * plain numbers `[dx, dw]`: the same operands on every backend and call.
 */
export function convGradients(
  x: [number, number, number, number],
  filterShape: [number, number, number, number],
  stride: number,
  pad: 'same' | 'valid',
): number[][] {
  return tf.tidy(() => {
    const w = tf.randomNormal(filterShape, 0, 1, 'float32', 2) as tf.Tensor4D;
    const xs = tf.randomNormal(x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const yShape = tf.conv2d(
      tf.zeros(x) as tf.Tensor4D,
      tf.zeros(filterShape) as tf.Tensor4D,
      stride,
      pad,
    ).shape;
    const dy = tf.randomNormal(yShape, 0, 1, 'float32', 3);
    const attrs = { strides: stride, pad, dataFormat: 'NHWC' };
    const e = tf.engine();
    const dx = e.runKernel(
      'Conv2DBackpropInput',
      { dy, filter: w },
      { ...attrs, inputShape: x },
    ) as tf.Tensor;
    const dw = e.runKernel('Conv2DBackpropFilter', { x: xs, dy }, { ...attrs, filterShape }) as tf.Tensor;
    return [Array.from(dx.dataSync()), Array.from(dw.dataSync())];
  });
}
