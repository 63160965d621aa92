import type { CocoResult } from '@aligndet/coco-eval';
import type { Detections } from '@aligndet/fcos-head';

/**
 * COCO results (`bbox` as x, y, width, height in original-image pixels) from one image's detections
 * in the resized frame; `scale` maps resized to original pixels, `categoryIdOf` class index to COCO id.
 *
 * @example
 * ```ts
 * const results = detectionsToCocoResults(dets, 42, [2, 2], (c) => dataset.categoryIdOf(c));
 * ```
 */
export function detectionsToCocoResults(
  detections: Detections,
  imageId: number,
  scale: [number, number],
  categoryIdOf: (classIndex: number) => number,
): CocoResult[] {
  const [sx, sy] = scale;
  const b = detections.boxes;
  return Array.from(detections.scores, (score, k) => {
    const x1 = b[4 * k]! * sx;
    const y1 = b[4 * k + 1]! * sy;
    return {
      image_id: imageId,
      category_id: categoryIdOf(detections.labels[k]!),
      bbox: [x1, y1, b[4 * k + 2]! * sx - x1, b[4 * k + 3]! * sy - y1] as [number, number, number, number],
      score,
    };
  });
}
