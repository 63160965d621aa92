import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, pair } from '@aligndet/core-tensor';

/** Options of {@link deformConv2d}. */
export interface DeformConv2dOptions {
  /** `[Cout]`. */
  bias?: tf.Tensor1D;
  /** `[N, Ho, Wo, offsetGroups·kh·kw]` modulation (DCNv2); absent = DCNv1. */
  mask?: tf.Tensor4D;
  /** Default 1. */
  stride?: number | [number, number];
  /** Symmetric zero padding. Default 0. */
  padding?: number | [number, number];
  /** Default 1. */
  dilation?: number | [number, number];
  /** Convolution groups; inferred from the weight when absent. Default `Cin / weight.shape[2]`. */
  groups?: number;
  /** Offset groups; inferred from the offset channels when absent. */
  offsetGroups?: number;
}

const fail = (field: string, expected: string, value: unknown) =>
  new InvalidArgumentError({ op: 'deformConv2d', field, expected, value });

/**
 * Deformable convolution (Dai et al., 2017; modulated: Zhu et al., 2019) with the semantics of
 * `torchvision.ops.deform_conv2d`, channels-last. For offset group g and kernel tap k = i·kw + j,
 * offset channel 2·(g·kh·kw + k) is the row (y) displacement and 2·(g·kh·kw + k) + 1 the column
 * (x) displacement, in input pixels; mask channel g·kh·kw + k. Samples are bilinear with zeros
 * outside the input (a sample at or beyond −1 / H contributes nothing). Gradients with respect to
 * every input flow through tfjs autodiff, on every backend.
 *
 * @param x `[N, H, W, Cin]`
 * @param offset `[N, Ho, Wo, 2·offsetGroups·kh·kw]`
 * @param weight `[kh, kw, Cin / groups, Cout]` (tf.conv2d's filter layout)
 * @returns `[N, Ho, Wo, Cout]`
 *
 * @example
 * ```ts
 * const y = deformConv2d(x, offset, weight, { padding: 1, mask }); // x [2,32,32,64], offset [2,32,32,18], mask [2,32,32,9]
 * ```
 */
export function deformConv2d(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions = {},
): tf.Tensor4D {
  if (x?.rank !== 4) throw fail('x', 'a rank-4 tensor [N, H, W, Cin]', x?.shape);
  if (weight?.rank !== 4) throw fail('weight', 'a rank-4 tensor [kh, kw, Cin/groups, Cout]', weight?.shape);
  if (offset?.rank !== 4)
    throw fail('offset', 'a rank-4 tensor [N, Ho, Wo, 2·offsetGroups·kh·kw]', offset?.shape);
  const [N, H, W, Cin] = x.shape;
  const [kh, kw, cinPerGroup, Cout] = weight.shape;
  const [sh, sw] = pair(options.stride ?? 1);
  const [ph, pw] = pair(options.padding ?? 0);
  const [dh, dw] = pair(options.dilation ?? 1);
  const K = kh * kw;
  if (Cin % cinPerGroup !== 0)
    throw fail('weight', `shape [${kh},${kw},d,${Cout}] with d dividing Cin = ${Cin}`, weight.shape);
  const groups = options.groups ?? Cin / cinPerGroup;
  if (groups * cinPerGroup !== Cin || Cout % groups !== 0)
    throw fail('groups', `Cin / weight.shape[2] = ${Cin / cinPerGroup}, dividing Cout = ${Cout}`, groups);
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  if (Ho <= 0 || Wo <= 0)
    throw fail('x', `an input large enough for kernel [${kh},${kw}] (output ${Ho}x${Wo})`, x.shape);
  if (
    offset.shape[0] !== N ||
    offset.shape[1] !== Ho ||
    offset.shape[2] !== Wo ||
    offset.shape[3] % (2 * K) !== 0
  ) {
    throw fail('offset', `shape [${N},${Ho},${Wo},2·offsetGroups·${K}]`, offset.shape);
  }
  const G = options.offsetGroups ?? offset.shape[3] / (2 * K);
  if (offset.shape[3] !== 2 * G * K || Cin % G !== 0)
    throw fail(
      'offsetGroups',
      `${offset.shape[3] / (2 * K)} (from the offset channels), dividing Cin = ${Cin}`,
      G,
    );
  const mask = options.mask;
  if (
    mask &&
    (mask.rank !== 4 ||
      mask.shape[0] !== N ||
      mask.shape[1] !== Ho ||
      mask.shape[2] !== Wo ||
      mask.shape[3] !== G * K)
  ) {
    throw fail('mask', `shape [${N},${Ho},${Wo},${G * K}]`, mask.shape);
  }
  if (options.bias && (options.bias.rank !== 1 || options.bias.shape[0] !== Cout))
    throw fail('bias', `shape [${Cout}]`, options.bias.shape);
  const Cg = Cin / G;

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
    // Sample positions as constants: the corner indices and validity carry no gradient (as in
    // torchvision; the bilinear weights below do), and no tape path may lead to integer ops
    // (tfjs would try to differentiate them).
    const pyc = tf.tensor(py.dataSync(), py.shape);
    const pxc = tf.tensor(px.dataSync(), px.shape);
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
