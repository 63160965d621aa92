import type { Detections } from '@aligndet/fcos-head';
import type { Detector } from '../model/detector';
import { type PredictOptions, predictRawImage } from '../run/predict-raw-image';
import { type Pixels, rgbFromPixels } from './pixels';

/**
 * Detections on page pixels (an `ImageData` from a canvas, or RGB/RGBA bytes), with the
 * evaluation transform and one asynchronous read-back. Boxes are in the resized frame; multiply by
 * `scale` for the image's pixels.
 *
 * @example
 * ```ts
 * const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
 * const { detections, scale } = await predictPixels(detector, image, { minSize: 128, maxSize: 213 });
 * ```
 */
export function predictPixels(
  detector: Detector,
  pixels: Pixels,
  options: PredictOptions,
): Promise<{ detections: Detections; scale: [number, number] }> {
  return predictRawImage(detector, rgbFromPixels(pixels), options);
}
