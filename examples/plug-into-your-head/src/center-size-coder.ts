import * as tf from '@tensorflow/tfjs-core';
import type { PointGrid } from '@aligndet/core-tensor';

/**
 * The head's own box coding (not FCOS's l, t, r, b distances): per point, the offset of the box
 * centre from the point and the log of the box size, all in units of the point's stride:
 *
 *   dx = (cx − x) / s,  dy = (cy − y) / s,  lw = log(w / s),  lh = log(h / s).
 *
 * The aligndet assigners (core-tensor's v2 contract) only ever see decoded xyxy pixel boxes and
 * answer with a match, so this coder is all the head needs: encode the matched boxes, decode
 * predictions. Plain typed arrays are `[P, 4]` row-major.
 */

/**
 * Boxes `[P, 4]` (xyxy pixels) → codes `[P, 4]` at points `[P, 2]` with `strides` `[P]`. Rows with
 * a non-positive width or height get code 0 (background rows of `matchedBoxes` are all zero).
 *
 * @example
 * ```ts
 * boxesToCodes(new Float32Array([0, 0, 8, 8]), new Float32Array([4, 4]), new Float32Array([8])); // [0, 0, 0, 0]
 * ```
 */
export function boxesToCodes(boxes: Float32Array, points: Float32Array, strides: Float32Array): Float32Array {
  const out = new Float32Array(boxes.length);
  for (let p = 0; p < strides.length; p++) {
    const w = boxes[4 * p + 2]! - boxes[4 * p]!;
    const h = boxes[4 * p + 3]! - boxes[4 * p + 1]!;
    if (!(w > 0 && h > 0)) continue;
    const s = strides[p]!;
    out[4 * p] = ((boxes[4 * p]! + boxes[4 * p + 2]!) / 2 - points[2 * p]!) / s;
    out[4 * p + 1] = ((boxes[4 * p + 1]! + boxes[4 * p + 3]!) / 2 - points[2 * p + 1]!) / s;
    out[4 * p + 2] = Math.log(w / s);
    out[4 * p + 3] = Math.log(h / s);
  }
  return out;
}

/**
 * Codes `[P, 4]` of points at `points` `[P, 2]` (pixels) with `strides` `[P]` → boxes `[P, 4]`,
 * xyxy pixels (for inference and drawing).
 *
 * @example
 * ```ts
 * codesToBoxes(new Float32Array([0, 0, 0, 0]), new Float32Array([4, 4]), new Float32Array([8])); // [0, 0, 8, 8]
 * ```
 */
export function codesToBoxes(codes: Float32Array, points: Float32Array, strides: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let p = 0; p < strides.length; p++) {
    const s = strides[p]!;
    const cx = points[2 * p]! + s * codes[4 * p]!;
    const cy = points[2 * p + 1]! + s * codes[4 * p + 1]!;
    const w = s * Math.exp(codes[4 * p + 2]!);
    const h = s * Math.exp(codes[4 * p + 3]!);
    out[4 * p] = cx - w / 2;
    out[4 * p + 1] = cy - h / 2;
    out[4 * p + 2] = cx + w / 2;
    out[4 * p + 3] = cy + h / 2;
  }
  return out;
}

/** Tensor version of {@link codesToBoxes} for a batch: codes `[N, P, 4]` → boxes `[N, P, 4]`. */
export function codesToBoxesTensor(codes: tf.Tensor3D, grid: PointGrid): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, p] = codes.shape;
    const s = tf.reshape(tf.tensor1d(grid.strides), [1, p, 1]);
    const xy = tf.reshape(tf.tensor2d(grid.points, [p, 2]), [1, p, 2]);
    const [d, logWh] = tf.split(codes, 2, 2) as [tf.Tensor3D, tf.Tensor3D];
    const centre = tf.add(xy, tf.mul(d, s));
    const half = tf.div(tf.mul(tf.exp(logWh), s), 2);
    return tf.reshape(tf.concat([tf.sub(centre, half), tf.add(centre, half)], 2), [n, p, 4]);
  });
}
