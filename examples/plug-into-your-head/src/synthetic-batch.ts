import * as tf from '@tensorflow/tfjs-core';
import type { GroundTruth } from '@aligndet/core-tensor';

/** A batch of images with their ground truth. */
export interface SyntheticBatch {
  /** `[N, H, W, 3]`, values in [0, 1]. */
  images: tf.Tensor4D;
  /** Per image `[G, 4]` xyxy pixels. */
  gtBoxes: Float32Array[];
  /** Per image `[G]` 0-based classes. */
  gtLabels: Int32Array[];
  /** The same, per image in core-tensor's `GroundTruth` form (for `assignBatch`). */
  targets: GroundTruth[];
}

/** Class colours: 0 = red, 1 = green. */
const COLOURS: Array<[number, number, number]> = [
  [0.9, 0.15, 0.1],
  [0.1, 0.85, 0.2],
];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `batchSize` images of `size`² pixels on a noisy grey background, each with 1–3 filled rectangles
 * of 12–36 px whose colour is the class (red or green). The same seed gives the same batch.
 *
 * @example
 * ```ts
 * const batch = syntheticBatch({ batchSize: 2, seed: 0 });
 * batch.images.shape; // [2, 64, 64, 3]
 * ```
 */
export function syntheticBatch(
  options: { batchSize?: number; size?: number; seed?: number } = {},
): SyntheticBatch {
  const n = options.batchSize ?? 2;
  const size = options.size ?? 64;
  const rand = random(options.seed ?? 0);
  const pixels = new Float32Array(n * size * size * 3);
  const gtBoxes: Float32Array[] = [];
  const gtLabels: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * size * size * 3;
    for (let k = 0; k < size * size * 3; k++) pixels[base + k] = 0.4 + 0.1 * rand();
    const count = 1 + Math.floor(rand() * 3);
    const boxes: number[] = [];
    const labels: number[] = [];
    for (let g = 0; g < count; g++) {
      const w = 12 + Math.floor(rand() * 25);
      const h = 12 + Math.floor(rand() * 25);
      const x1 = Math.floor(rand() * (size - w));
      const y1 = Math.floor(rand() * (size - h));
      const label = Math.floor(rand() * COLOURS.length);
      const colour = COLOURS[label]!;
      for (let y = y1; y < y1 + h; y++)
        for (let x = x1; x < x1 + w; x++)
          for (let c = 0; c < 3; c++) pixels[base + (y * size + x) * 3 + c] = colour[c]!;
      boxes.push(x1, y1, x1 + w, y1 + h);
      labels.push(label);
    }
    gtBoxes.push(new Float32Array(boxes));
    gtLabels.push(new Int32Array(labels));
  }
  const targets = gtBoxes.map((boxes, i) => ({ gtBoxes: boxes, gtLabels: gtLabels[i]! }));
  return { images: tf.tensor4d(pixels, [n, size, size, 3]), gtBoxes, gtLabels, targets };
}
