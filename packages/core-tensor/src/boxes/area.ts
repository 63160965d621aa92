import * as tf from '@tensorflow/tfjs-core';

/** Areas `(x2 − x1)(y2 − y1)` of flat `[N, 4]` xyxy boxes → `[N]`. */
export function boxArea(boxes: Float32Array | Float64Array): Float64Array {
  const n = boxes.length / 4;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = (boxes[4 * i + 2]! - boxes[4 * i]!) * (boxes[4 * i + 3]! - boxes[4 * i + 1]!);
  return out;
}

/** Tensor version of {@link boxArea}: `[N, 4]` → `[N]`. */
export function boxAreaTensor(boxes: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const [x1, y1, x2, y2] = tf.unstack(boxes, 1);
    return tf.mul(tf.sub(x2!, x1!), tf.sub(y2!, y1!)) as tf.Tensor1D;
  });
}
