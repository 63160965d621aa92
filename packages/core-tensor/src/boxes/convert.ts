import * as tf from '@tensorflow/tfjs-core';

/** Box encodings: `xyxy` (aligndet's internal format), COCO `xywh`, and `cxcywh`. */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

/**
 * Converts flat `[N, 4]` boxes between formats (new array; float64 stays float64).
 *
 * @example
 * ```ts
 * convertBoxes(Float32Array.from([10, 20, 30, 40]), 'xywh', 'xyxy'); // [10, 20, 40, 60]
 * ```
 */
export function convertBoxes<T extends Float32Array | Float64Array>(
  boxes: T,
  from: BoxFormat,
  to: BoxFormat,
): T {
  const out = boxes.slice() as T;
  if (from === to) return out;
  for (let i = 0; i < boxes.length; i += 4) {
    let x1 = boxes[i]!;
    let y1 = boxes[i + 1]!;
    let x2 = boxes[i + 2]!;
    let y2 = boxes[i + 3]!;
    if (from === 'xywh') {
      x2 += x1;
      y2 += y1;
    } else if (from === 'cxcywh') {
      const [cx, cy, w, h] = [x1, y1, x2, y2];
      x1 = cx - w / 2;
      y1 = cy - h / 2;
      x2 = cx + w / 2;
      y2 = cy + h / 2;
    }
    if (to === 'xyxy') {
      out[i] = x1;
      out[i + 1] = y1;
      out[i + 2] = x2;
      out[i + 3] = y2;
    } else if (to === 'xywh') {
      out[i] = x1;
      out[i + 1] = y1;
      out[i + 2] = x2 - x1;
      out[i + 3] = y2 - y1;
    } else {
      out[i] = (x1 + x2) / 2;
      out[i + 1] = (y1 + y2) / 2;
      out[i + 2] = x2 - x1;
      out[i + 3] = y2 - y1;
    }
  }
  return out;
}

/** Tensor version of {@link convertBoxes}: `[N, 4]` → `[N, 4]`. */
export function convertBoxesTensor(boxes: tf.Tensor2D, from: BoxFormat, to: BoxFormat): tf.Tensor2D {
  if (from === to) return tf.clone(boxes);
  return tf.tidy(() => {
    const [a, b, c, d] = tf.unstack(boxes, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    let x1 = a;
    let y1 = b;
    let x2 = c;
    let y2 = d;
    if (from === 'xywh') {
      x2 = tf.add(a, c);
      y2 = tf.add(b, d);
    } else if (from === 'cxcywh') {
      x1 = tf.sub(a, tf.div(c, 2));
      y1 = tf.sub(b, tf.div(d, 2));
      x2 = tf.add(a, tf.div(c, 2));
      y2 = tf.add(b, tf.div(d, 2));
    }
    if (to === 'xyxy') return tf.stack([x1, y1, x2, y2], 1) as tf.Tensor2D;
    if (to === 'xywh') return tf.stack([x1, y1, tf.sub(x2, x1), tf.sub(y2, y1)], 1) as tf.Tensor2D;
    return tf.stack(
      [tf.div(tf.add(x1, x2), 2), tf.div(tf.add(y1, y2), 2), tf.sub(x2, x1), tf.sub(y2, y1)],
      1,
    ) as tf.Tensor2D;
  });
}
