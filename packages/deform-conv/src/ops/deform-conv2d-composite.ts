import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '@aligndet/core-tensor';
import type { DeformConvGeometry } from '../kernel-names';
import type { DeformConv2dOptions } from './deform-conv2d-geometry';

/**
 * The composite `deformConv2d` (tfjs-core ops: gather of the four corners, bilinear weights,
 * matMul), which runs and differentiates on every backend. `g` comes from `deformConv2dGeometry`.
 */
export function deformConv2dComposite(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions,
  g: DeformConvGeometry,
): tf.Tensor4D {
  const { batch: N, inHeight: H, inWidth: W, inChannels: Cin, outHeight: Ho, outWidth: Wo } = g;
  const { kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw } = g;
  const { padHeight: ph, padWidth: pw, dilationHeight: dh, dilationWidth: dw } = g;
  const { groups, offsetGroups: G, outChannels: Cout } = g;
  const K = kh * kw;
  const Cg = Cin / G;
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
    // Sample positions off the tape (no copy, no read-back): the corner indices and validity carry no gradient (as in
    // torchvision; the bilinear weights below do), and no tape path may lead to integer ops
    // (tfjs would try to differentiate them).
    const pyc = stopGradient(py);
    const pxc = stopGradient(px);
    // A sample at or beyond -1 / H contributes nothing: its in-range corners, if any, have weight 0
    // there, so the per-corner checks suffice — and the gradient at exactly -1 is then the one-sided
    // derivative torchvision's backward computes.
    const y0 = tf.floor(pyc);
    const x0 = tf.floor(pxc);
    const ly = tf.sub(py, y0);
    const lx = tf.sub(px, x0);
    const hy = tf.sub(1, ly);
    const hx = tf.sub(1, lx);
    // rows of x as [N·H·W·G, Cg]: row (n·H·W + y·W + x)·G + g
    const rows = tf.reshape(x, [N * H * W * G, Cg]);
    const nIdx = tf.tensor(
      Int32Array.from({ length: N }, (_, n) => n * H * W * G),
      [N, 1, 1, 1, 1],
      'int32',
    );
    const gIdx = tf.tensor(
      Int32Array.from({ length: G }, (_, g) => g),
      [1, 1, 1, G, 1],
      'int32',
    );
    const corner = (yc: tf.Tensor, xc: tf.Tensor, wgt: tf.Tensor) => {
      const inside = tf.cast(
        tf.logicalAnd(
          tf.logicalAnd(tf.greaterEqual(yc, 0), tf.lessEqual(yc, H - 1)),
          tf.logicalAnd(tf.greaterEqual(xc, 0), tf.lessEqual(xc, W - 1)),
        ),
        'float32',
      );
      const yi = tf.cast(tf.clipByValue(yc, 0, H - 1), 'int32');
      const xi = tf.cast(tf.clipByValue(xc, 0, W - 1), 'int32');
      const idx = tf.add(
        tf.add(nIdx, tf.mul(tf.add(tf.mul(yi, tf.scalar(W, 'int32')), xi), tf.scalar(G, 'int32'))),
        gIdx,
      ); // [N, Ho, Wo, G, K]
      const vals = tf.reshape(tf.gather(rows, tf.reshape(idx, [-1])), [N, Ho, Wo, G, K, Cg]);
      return tf.mul(vals, tf.expandDims(tf.mul(wgt, inside), 5));
    };
    const y1 = tf.add(y0, 1);
    const x1 = tf.add(x0, 1);
    let sampled = tf.addN([
      corner(y0, x0, tf.mul(hy, hx)),
      corner(y0, x1, tf.mul(hy, lx)),
      corner(y1, x0, tf.mul(ly, hx)),
      corner(y1, x1, tf.mul(ly, lx)),
    ]);
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
