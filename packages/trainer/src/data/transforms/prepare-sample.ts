import type { Random } from '../../util/random';
import type { CocoSample } from '../coco-dataset';
import type { PreparedSample } from './collate';
import { horizontalFlip } from './flip';
import { type Normalization, normalizeImage } from './normalize';
import { resizeBilinear, resizedSize, scaleBoxes } from './resize';

/** Options of {@link prepareSample}. */
export interface PrepareOptions {
  /** Target shorter side (a list: one is picked at random per image, multi-scale training). */
  minSize: number | number[];
  /** Cap on the longer side. */
  maxSize: number;
  /** Probability of a horizontal flip (0 at test time). */
  flipProbability: number;
  normalization: Normalization;
}

/** Resize (shorter side, capped longer side) → random flip → normalise; boxes follow the image. */
export function prepareSample(sample: CocoSample, options: PrepareOptions, rng: Random): PreparedSample {
  const { image } = sample;
  const minSize = Array.isArray(options.minSize) ? rng.pick(options.minSize) : options.minSize;
  const size = resizedSize(image.width, image.height, minSize, options.maxSize);
  const pixels = resizeBilinear(image, size.width, size.height);
  const boxes = scaleBoxes(
    Float32Array.from(sample.boxes),
    size.width / image.width,
    size.height / image.height,
  );
  if (options.flipProbability > 0 && rng.chance(options.flipProbability))
    horizontalFlip(pixels, size.width, size.height, boxes);
  normalizeImage(pixels, options.normalization);
  return {
    imageId: sample.imageId,
    pixels,
    width: size.width,
    height: size.height,
    originalWidth: image.width,
    originalHeight: image.height,
    boxes,
    labels: sample.labels,
  };
}
