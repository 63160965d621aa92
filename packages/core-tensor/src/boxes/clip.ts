import * as tf from '@tensorflow/tfjs-core';

/**
 * Clips xyxy boxes in place to an image of `[height, width]` (x to [0, width], y to [0, height]),
 * as `torchvision.ops.clip_boxes_to_image`. Returns `boxes`.
 */
export function clipBoxes<T extends Float32Array | Float64Array>(
  boxes: T,
  imageSize: readonly [number, number],
): T {
  const [h, w] = imageSize;
  for (let i = 0; i < boxes.length; i += 4) {
    boxes[i] = Math.min(Math.max(boxes[i]!, 0), w);
    boxes[i + 1] = Math.min(Math.max(boxes[i + 1]!, 0), h);
    boxes[i + 2] = Math.min(Math.max(boxes[i + 2]!, 0), w);
    boxes[i + 3] = Math.min(Math.max(boxes[i + 3]!, 0), h);
  }
  return boxes;
}

/** Tensor version of {@link clipBoxes}: `[N, 4]` → `[N, 4]`. */
export function clipBoxesTensor(boxes: tf.Tensor2D, imageSize: readonly [number, number]): tf.Tensor2D {
  const [h, w] = imageSize;
  return tf.tidy(() => tf.minimum(tf.maximum(boxes, 0), tf.tensor1d([w, h, w, h])) as tf.Tensor2D);
}
