import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '@aligndet/core-tensor';

/**
 * Bilinear samples of `x` at `(py, px)` with zeros outside the input (a corner counts only when it
 * lies inside), shared by the composite `deformConv2d`'s two backwards.
 *
 * @param x `[N, H, W, G·Cg]` (offset group g owns channels g·Cg … g·Cg + Cg − 1)
 * @param py `[N, Ho, Wo, G, K]` row positions, in input pixels
 * @param px `[N, Ho, Wo, G, K]` column positions
 * @returns `[N, Ho, Wo, G, K, Cg]`
 */
export type BilinearSample = (x: tf.Tensor4D, py: tf.Tensor, px: tf.Tensor, G: number) => tf.Tensor;

/** Corner indices and bilinear weights of every sample (positions off the tape). */
interface Corners {
  y0: tf.Tensor;
  x0: tf.Tensor;
  /** fractional parts ly = py − y0, lx = px − x0 (on the tape when py, px are) */
  ly: tf.Tensor;
  lx: tf.Tensor;
}

function corners(py: tf.Tensor, px: tf.Tensor): Corners {
  // The corner indices and validity carry no gradient (as in torchvision; the bilinear weights
  // do), and no tape path may lead to integer ops (tfjs would try to differentiate them).
  const y0 = tf.floor(stopGradient(py));
  const x0 = tf.floor(stopGradient(px));
  return { y0, x0, ly: tf.sub(py, y0), lx: tf.sub(px, x0) };
}

/** The four corner values `[N, Ho, Wo, G, K, Cg]`, zero for a corner outside the input. */
function cornerValues(x: tf.Tensor4D, c: Corners, G: number): [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor] {
  const [N, H, W, Cin] = x.shape;
  const Cg = Cin / G;
  const [, Ho, Wo, , K] = c.y0.shape as number[];
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
  const one = (yc: tf.Tensor, xc: tf.Tensor) => {
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
    const vals = tf.reshape(tf.gather(rows, tf.reshape(idx, [-1])), [N, Ho!, Wo!, G, K!, Cg]);
    return tf.mul(vals, tf.expandDims(inside, 5));
  };
  const y1 = tf.add(c.y0, 1);
  const x1 = tf.add(c.x0, 1);
  return [one(c.y0, c.x0), one(c.y0, x1), one(y1, c.x0), one(y1, x1)];
}

function interpolate(v: tf.Tensor[], ly: tf.Tensor, lx: tf.Tensor): tf.Tensor {
  const hy = tf.sub(1, ly);
  const hx = tf.sub(1, lx);
  const w = (a: tf.Tensor, b: tf.Tensor) => tf.expandDims(tf.mul(a, b), 5);
  return tf.addN([
    tf.mul(v[0]!, w(hy, hx)),
    tf.mul(v[1]!, w(hy, lx)),
    tf.mul(v[2]!, w(ly, hx)),
    tf.mul(v[3]!, w(ly, lx)),
  ]);
}

/**
 * Differentiated by tfjs autodiff: the gradient with respect to x is the gradient of `tf.gather`,
 * an `UnsortedSegmentSum` scatter (fast on cpu and wasm; on webgl it costs tens of seconds at a
 * detector head's size, see `bilinearSampleGatherBackward`).
 */
export const bilinearSampleAutodiff: BilinearSample = (x, py, px, G) => {
  const c = corners(py, px);
  return interpolate(cornerValues(x, c, G), c.ly, c.lx);
};

/** Samples per matMul chunk: the chunk's interpolation matrix holds at most this many floats. */
const CHUNK_FLOATS = 1 << 22;

/**
 * The same samples with a backward that has no scatter, for webgl and webgpu. The input gradient
 * is dx[y, x] = Σ_s B[s, y·W + x]·dS[s] per (image, offset group), where B is the interpolation
 * matrix: row s holds sample s's bilinear weights on its (inside) corners. B is separable,
 * B[s, y, x] = Y[s, y]·X[s, x] with Y = (1 − ly)·onehot(y0) + ly·onehot(y0 + 1) (X alike; an index
 * outside the input gives a zero one-hot row, which is the forward's validity rule), so dx is a
 * batched `matMul(B, dS, transposeA)` built from one-hots, in chunks of samples bounding B's memory.
 * This costs H·W·Ho·Wo·K·Cg multiply-adds (dense: quadratic in the feature-map size, but as
 * matMuls, which GPU backends run fast) and is exact to float32 round-off. The position gradients
 * are gathers of the corner values: ∂S/∂py = (1 − lx)·(v10 − v00) + lx·(v11 − v01) (px alike).
 */
export const bilinearSampleGatherBackward: BilinearSample = (x, py, px, G) => {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xx, yy, xxPos, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([xx, yy, xxPos]);
    const c = corners(yy, xxPos);
    return {
      value: interpolate(cornerValues(xx as tf.Tensor4D, c, G), c.ly, c.lx),
      gradFunc: (dS: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy, sxp] = saved as [tf.Tensor4D, tf.Tensor, tf.Tensor];
        const k = corners(sy, sxp);
        const v = cornerValues(sx, k, G);
        const hy = tf.sub(1, k.ly);
        const hx = tf.sub(1, k.lx);
        const e = (t: tf.Tensor) => tf.expandDims(t, 5);
        const dPy = tf.sum(
          tf.mul(dS, tf.add(tf.mul(e(hx), tf.sub(v[2], v[0])), tf.mul(e(k.lx), tf.sub(v[3], v[1])))),
          5,
        );
        const dPx = tf.sum(
          tf.mul(dS, tf.add(tf.mul(e(hy), tf.sub(v[1], v[0])), tf.mul(e(k.ly), tf.sub(v[3], v[2])))),
          5,
        );
        return [inputGradient(sx, dS, k, G), dPy, dPx];
      },
    };
  });
  return f(x, py, px);
};

/** dx `[N, H, W, G·Cg]` from dS `[N, Ho, Wo, G, K, Cg]` by chunked interpolation-matrix matMuls. */
function inputGradient(x: tf.Tensor4D, dS: tf.Tensor, c: Corners, G: number): tf.Tensor4D {
  const [N, H, W, Cin] = x.shape;
  const Cg = Cin / G;
  const [, Ho, Wo, , K] = c.y0.shape as number[];
  const S = Ho! * Wo! * K!;
  const NG = N * G;
  // per (image, offset group): [N·G, S, …]
  const perGroup = (t: tf.Tensor) => tf.reshape(tf.transpose(t, [0, 3, 1, 2, 4]), [NG, S]);
  const y0 = tf.cast(perGroup(c.y0), 'int32');
  const x0 = tf.cast(perGroup(c.x0), 'int32');
  const ly = perGroup(c.ly);
  const lx = perGroup(c.lx);
  const d = tf.reshape(tf.transpose(dS, [0, 3, 1, 2, 4, 5]), [NG, S, Cg]);
  const chunk = Math.max(1, Math.min(S, Math.floor(CHUNK_FLOATS / (NG * H * W))));
  let dx: tf.Tensor | undefined;
  for (let s0 = 0; s0 < S; s0 += chunk) {
    const n = Math.min(chunk, S - s0);
    const part = tf.tidy(() => {
      const cut = (t: tf.Tensor) => tf.slice(t, [0, s0], [NG, n]);
      // one-hot rows by comparison (tf.oneHot writes integer bits into float32 on tfjs-wasm 4.22)
      const axis = (i0: tf.Tensor, l: tf.Tensor, depth: number) => {
        const i = tf.expandDims(cut(i0), 2);
        const f = tf.expandDims(cut(l), 2);
        const at = tf.range(0, depth, 1, 'int32');
        const hot = (t: tf.Tensor) => tf.cast(tf.equal(t, at), 'float32');
        return tf.add(tf.mul(hot(i), tf.sub(1, f)), tf.mul(hot(tf.add(i, tf.scalar(1, 'int32'))), f)); // [NG, n, depth]
      };
      const b = tf.reshape(tf.mul(tf.expandDims(axis(y0, ly, H), 3), tf.expandDims(axis(x0, lx, W), 2)), [
        NG,
        n,
        H * W,
      ]);
      const contribution = tf.matMul(b, tf.slice(d, [0, s0, 0], [NG, n, Cg]), true, false);
      return dx ? tf.add(dx, contribution) : contribution;
    });
    dx?.dispose();
    dx = part;
  }
  // [N·G, H·W, Cg] → [N, H, W, G·Cg]
  return tf.reshape(tf.transpose(tf.reshape(dx!, [N, G, H, W, Cg]), [0, 2, 3, 1, 4]), [N, H, W, Cin]);
}
