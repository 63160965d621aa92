import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Detections } from '@aligndet/fcos-head';
import { decodeImageFile } from '../data/image/decode-image';
import type { RawImage } from '../data/image/raw-image';
import { collateBatch } from '../data/transforms/collate';
import { normalizeImage } from '../data/transforms/normalize';
import { resizeBilinear } from '../data/transforms/resize';
import { SIZE_RULES } from '../model/conventions/size-rules';
import type { Detector } from '../model/detector';

/** Options of {@link predictImages}. */
export interface PredictOptions {
  /** Shorter side the images are resized to (the training size). */
  minSize: number;
  maxSize: number;
  /** Detections below this score are dropped. Default: the detector's (`conventions.postprocess`). */
  scoreThreshold?: number;
}

/** One image's detections; `scale` maps the boxes (resized frame) to original pixels. */
export interface ImagePrediction {
  file: string;
  image: RawImage;
  detections: Detections;
  scale: [number, number];
}

/**
 * Runs a detector on image files (JPEG or PNG), one at a time, with the detector's input
 * convention (`detector.conventions.input`: size rule, channel order, normalisation, padding).
 *
 * @example
 * ```ts
 * const [p] = await predictImages(detector, ['street.jpg'], { minSize: 128, maxSize: 213 });
 * p.detections.boxes; // xyxy in the resized frame; multiply by p.scale for original pixels
 * ```
 */
export async function predictImages(
  detector: Detector,
  files: string[],
  options: PredictOptions,
): Promise<ImagePrediction[]> {
  const out: ImagePrediction[] = [];
  for (const file of files) {
    const image = await decodeImageFile(file);
    const input = detector.conventions.input;
    const size = SIZE_RULES[input.sizeRule](image.width, image.height, options.minSize, options.maxSize);
    const resized = resizeBilinear(image, size.width, size.height);
    if (input.channels === 'bgr') swapRedBlue(resized);
    const pixels = normalizeImage(resized, input.normalization);
    const batch = collateBatch(
      [
        {
          imageId: out.length,
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
    const [detections] = detector.predict(x, [[size.height, size.width]], {
      scoreThreshold: options.scoreThreshold,
    });
    x.dispose();
    out.push({
      file: basename(file),
      image,
      detections: detections!,
      scale: [image.width / size.width, image.height / size.height],
    });
  }
  return out;
}

/** RGB → BGR in place on `[H, W, 3]`. */
function swapRedBlue(pixels: Float32Array): void {
  for (let i = 0; i < pixels.length; i += 3) {
    const r = pixels[i]!;
    pixels[i] = pixels[i + 2]!;
    pixels[i + 2] = r;
  }
}
