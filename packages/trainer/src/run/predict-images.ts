import { basename } from 'node:path';
import type { Detections } from '@aligndet/fcos-head';
import { decodeImageFile } from '../data/image/decode-image';
import type { RawImage } from '../data/image/raw-image';
import type { Detector } from '../model/detector';
import { type PredictOptions, predictRawImage } from './predict-raw-image';

export type { PredictOptions } from './predict-raw-image';

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
    const { detections, scale } = await predictRawImage(detector, image, options);
    out.push({ file: basename(file), image, detections, scale });
  }
  return out;
}
