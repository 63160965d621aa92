import * as tf from '@tensorflow/tfjs-core';

/**
 * Pairwise IoU of xyxy boxes `a` `[N, 4]` and `b` `[M, 4]` → `[N, M]` row-major (float64 math),
 * as `torchvision.ops.box_iou` (no +1 pixel convention).
 *
 * @example
 * ```ts
 * pairwiseIou(Float32Array.from([0, 0, 2, 2]), Float32Array.from([1, 1, 3, 3])); // [1/7]
 * ```
 */
export function pairwiseIou(a: Float32Array | Float64Array, b: Float32Array | Float64Array): Float64Array {
  return pairwise(a, b, false);
}

/**
 * Pairwise generalised IoU (Rezatofighi et al., 2019) → `[N, M]`, as
 * `torchvision.ops.generalized_box_iou`: IoU − (C − U)/C with C the smallest enclosing box.
 */
export function pairwiseGiou(a: Float32Array | Float64Array, b: Float32Array | Float64Array): Float64Array {
  return pairwise(a, b, true);
}

function pairwise(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  generalized: boolean,
): Float64Array {
  const n = a.length / 4;
  const m = b.length / 4;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ax1 = a[4 * i]!;
    const ay1 = a[4 * i + 1]!;
    const ax2 = a[4 * i + 2]!;
    const ay2 = a[4 * i + 3]!;
    const areaA = (ax2 - ax1) * (ay2 - ay1);
    for (let j = 0; j < m; j++) {
      const bx1 = b[4 * j]!;
      const by1 = b[4 * j + 1]!;
      const bx2 = b[4 * j + 2]!;
      const by2 = b[4 * j + 3]!;
      const w = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
      const h = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
      const inter = w * h;
      const union = areaA + (bx2 - bx1) * (by2 - by1) - inter;
      let v = inter / union;
      if (generalized) {
        const c = (Math.max(ax2, bx2) - Math.min(ax1, bx1)) * (Math.max(ay2, by2) - Math.min(ay1, by1));
        v -= (c - union) / c;
      }
      out[i * m + j] = v;
    }
  }
  return out;
}

/** Tensor version: `a` `[N, 4]`, `b` `[M, 4]` → `{ iou, giou }` `[N, M]` (differentiable). */
export function pairwiseIouTensor(a: tf.Tensor2D, b: tf.Tensor2D): { iou: tf.Tensor2D; giou: tf.Tensor2D } {
  return tf.tidy(() => {
    const [ax1, ay1, ax2, ay2] = tf.unstack(tf.expandDims(a, 1), 2) as tf.Tensor2D[];
    const [bx1, by1, bx2, by2] = tf.unstack(tf.expandDims(b, 0), 2) as tf.Tensor2D[];
    const w = tf.relu(tf.sub(tf.minimum(ax2!, bx2!), tf.maximum(ax1!, bx1!)));
    const h = tf.relu(tf.sub(tf.minimum(ay2!, by2!), tf.maximum(ay1!, by1!)));
    const inter = tf.mul(w, h);
    const areaA = tf.mul(tf.sub(ax2!, ax1!), tf.sub(ay2!, ay1!));
    const areaB = tf.mul(tf.sub(bx2!, bx1!), tf.sub(by2!, by1!));
    const union = tf.sub(tf.add(areaA, areaB), inter);
    const iou = tf.div(inter, union) as tf.Tensor2D;
    const c = tf.mul(
      tf.sub(tf.maximum(ax2!, bx2!), tf.minimum(ax1!, bx1!)),
      tf.sub(tf.maximum(ay2!, by2!), tf.minimum(ay1!, by1!)),
    );
    const giou = tf.sub(iou, tf.div(tf.sub(c, union), c)) as tf.Tensor2D;
    return { iou, giou };
  });
}
