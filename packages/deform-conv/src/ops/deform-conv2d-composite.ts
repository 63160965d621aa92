import * as tf from '@tensorflow/tfjs-core';
import type { DeformConvGeometry } from '../kernel-names';
import type { BilinearSample } from './bilinear-sample';
import type { DeformConv2dOptions } from './deform-conv2d-geometry';

/**
 * The composite `deformConv2d` (tfjs-core ops: gather of the four corners, bilinear weights,
 * matMul), which runs and differentiates on every backend. `sample` decides how the bilinear
 * sampling is differentiated (tfjs autodiff, or the scatter-free backward for GPU backends).
 * `g` comes from `deformConv2dGeometry`.
 */
export function deformConv2dComposite(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions,
  g: DeformConvGeometry,
  sample: BilinearSample,
): tf.Tensor4D {
  const { batch: N, inChannels: Cin, outHeight: Ho, outWidth: Wo } = g;
  const { kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw } = g;
  const { padHeight: ph, padWidth: pw, dilationHeight: dh, dilationWidth: dw } = g;
  const { groups, offsetGroups: G, outChannels: Cout } = g;
  const K = kh * kw;
  const cinPerGroup = Cin / groups;
  const mask = options.mask;

  return tf.tidy(() => {
    // base sampling positions of every (output pixel, tap): [1, Ho, Wo, 1, K]
    const baseY = new Float32Array(Ho * Wo * K);
    const baseX = new Float32Array(Ho * Wo * K);
    for (let ho = 0; ho < Ho; ho++)
      for (let wo = 0; wo < Wo; wo++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const at = (ho * Wo + wo) * K + i * kw + j;
            baseY[at] = ho * sh - ph + i * dh;
            baseX[at] = wo * sw - pw + j * dw;
          }
    const off = tf.reshape(offset, [N, Ho, Wo, G, K, 2]);
    const [dy, dx] = tf.unstack(off, 5) as [tf.Tensor, tf.Tensor];
    const py = tf.add(tf.tensor(baseY, [1, Ho, Wo, 1, K]), dy!);
    const px = tf.add(tf.tensor(baseX, [1, Ho, Wo, 1, K]), dx!);
    let sampled = sample(x, py, px, G);
    if (mask) sampled = tf.mul(sampled, tf.expandDims(tf.reshape(mask, [N, Ho, Wo, G, K]), 5));
    // columns [N·Ho·Wo, K, Cin] with c = g·Cg + cg
    const cols = tf.reshape(tf.transpose(sampled, [0, 1, 2, 4, 3, 5]), [N * Ho * Wo, K, Cin]);
    let out: tf.Tensor;
    if (groups === 1) {
      out = tf.matMul(tf.reshape(cols, [N * Ho * Wo, K * Cin]), tf.reshape(weight, [K * Cin, Cout]));
    } else {
      const colGroups = tf.split(cols, groups, 2);
      const wGroups = tf.split(weight, groups, 3);
      out = tf.concat(
        colGroups.map((cg, gg) =>
          tf.matMul(
            tf.reshape(cg, [N * Ho * Wo, K * cinPerGroup]),
            tf.reshape(wGroups[gg]!, [K * cinPerGroup, Cout / groups]),
          ),
        ),
        1,
      );
    }
    let y = tf.reshape(out, [N, Ho, Wo, Cout]) as tf.Tensor4D;
    if (options.bias) y = tf.add(y, options.bias) as tf.Tensor4D;
    return y;
  });
}
