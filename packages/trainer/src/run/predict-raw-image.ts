import * as tf from '@tensorflow/tfjs-core';
import type { Detections } from '@aligndet/fcos-head';
import type { RawImage } from '../data/image/raw-image';
import { collateBatch } from '../data/transforms/collate';
import { IMAGENET_NORMALIZATION, normalizeImage } from '../data/transforms/normalize';
import { resizeBilinear, resizedSize } from '../data/transforms/resize';
import type { Detector } from '../model/detector';

/** Options of {@link predictRawImage}. */
export interface PredictOptions {
  /** Shorter side the images are resized to (the training size). */
  minSize: number;
  maxSize: number;
  /** Detections below this score are dropped. Default 0.05. */
  scoreThreshold?: number;
}

/**
 * Runs a detector on one decoded RGB image with the evaluation transform (resize, normalise, pad
 * to a multiple of 32), reading the predictions back asynchronously. Boxes are in the resized
 * frame; multiply by `scale` for original pixels.
 *
 * @example
 * ```ts
 * const { detections, scale } = await predictRawImage(detector, { width, height, data: rgb }, { minSize: 128, maxSize: 213 });
 * ```
 */
export async function predictRawImage(
  detector: Detector,
  image: RawImage,
  options: PredictOptions,
): Promise<{ detections: Detections; scale: [number, number] }> {
  const size = resizedSize(image.width, image.height, options.minSize, options.maxSize);
  const pixels = normalizeImage(resizeBilinear(image, size.width, size.height), IMAGENET_NORMALIZATION);
  const batch = collateBatch([
    {
      imageId: 0,
      pixels,
      ...size,
      originalWidth: image.width,
      originalHeight: image.height,
      boxes: new Float32Array(0),
      labels: new Int32Array(0),
    },
  ]);
  const input = tf.tensor4d(batch.images, batch.shape);
  try {
    const [detections] = await detector.predictAsync(input, [[size.height, size.width]], {
      scoreThreshold: options.scoreThreshold,
    });
    return { detections: detections!, scale: [image.width / size.width, image.height / size.height] };
  } finally {
    input.dispose();
  }
}
