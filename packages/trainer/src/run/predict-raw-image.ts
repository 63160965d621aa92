import * as tf from '@tensorflow/tfjs-core';
import type { Detections } from '@aligndet/fcos-head';
import type { RawImage } from '../data/image/raw-image';
import { collateBatch } from '../data/transforms/collate';
import { normalizeImage } from '../data/transforms/normalize';
import { resizeBilinear } from '../data/transforms/resize';
import { resizePilBilinear } from '../data/transforms/resize-pil';
import { SIZE_RULES } from '../model/conventions/size-rules';
import type { Detector } from '../model/detector';

/** Options of {@link predictRawImage}. */
export interface PredictOptions {
  /** Shorter side the images are resized to (the training size). */
  minSize: number;
  maxSize: number;
  /** Detections below this score are dropped. Default: the detector's (`conventions.postprocess`). */
  scoreThreshold?: number;
}

/**
 * Runs a detector on one decoded RGB image with the detector's own input convention (its size
 * rule, channel order, normalisation and padding), reading the predictions back asynchronously. Boxes are in the resized
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
  const input = detector.conventions.input;
  const size = SIZE_RULES[input.sizeRule](image.width, image.height, options.minSize, options.maxSize);
  const resized =
    input.resampling === 'pil-bilinear'
      ? Float32Array.from(resizePilBilinear(image, size.width, size.height))
      : resizeBilinear(image, size.width, size.height);
  if (input.channels === 'bgr') swapRedBlue(resized);
  const pixels = normalizeImage(resized, input.normalization);
  const batch = collateBatch(
    [
      {
        imageId: 0,
        pixels,
        ...size,
        originalWidth: image.width,
        originalHeight: image.height,
        boxes: new Float32Array(0),
        labels: new Int32Array(0),
      },
    ],
    input.sizeDivisibility,
  );
  const x = tf.tensor4d(batch.images, batch.shape);
  try {
    const [detections] = await detector.predictAsync(x, [[size.height, size.width]], {
      scoreThreshold: options.scoreThreshold,
    });
    return { detections: detections!, scale: [image.width / size.width, image.height / size.height] };
  } finally {
    x.dispose();
  }
}

/** RGB → BGR in place on `[H, W, 3]`. */
function swapRedBlue(pixels: Float32Array): void {
  for (let i = 0; i < pixels.length; i += 3) {
    const r = pixels[i]!;
    pixels[i] = pixels[i + 2]!;
    pixels[i + 2] = r;
  }
}
