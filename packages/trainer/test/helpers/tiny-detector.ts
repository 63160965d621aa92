// The small detector and the fixed image of the browser checks: this package's browser-entry test,
// the in-page suite (tools/browser-tests/page.ts) and its Node half (node-reference.ts), and the web
// example's test. A
// tiny-backbone `aligndet` preset with 16-channel FPN and head, optionally nudged off the
// initialisation (seeded) so the head is not near-constant. Browser-safe: it imports only the
// trainer's browser entry.
import * as tf from '@tensorflow/tfjs-core';
import { buildDetector, type Detector, type TrainConfig, TrainConfigSchema } from '@aligndet/trainer/browser';

export const TINY_NUM_CLASSES = 3;

export function tinyConfig(): TrainConfig {
  return TrainConfigSchema.parse({
    model: {
      preset: 'aligndet',
      backbone: 'tiny',
      fpnChannels: 16,
      headChannels: 16,
      headConvs: 1,
      headGroups: 4,
      boxBiasInit: 1,
    },
    run: { seed: 3 },
  });
}

/**
 * The tiny detector with a little signal beyond the initialisation (`scale` × N(0, 1), seeded);
 * `scale` 0 leaves the initial weights.
 */
export function tinyDetector(config: TrainConfig = tinyConfig(), scale = 0.05): Detector {
  const detector = buildDetector(config, TINY_NUM_CLASSES);
  if (scale === 0) return detector;
  tf.tidy(() => {
    for (const [i, v] of detector.parameters().entries())
      v.assign(tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 100 + i), scale)));
  });
  return detector;
}

/** A 96×80 RGB image: gradients and a red box. */
export function referenceImage(): { width: number; height: number; data: Uint8Array } {
  const width = 96;
  const height = 80;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      const inBox = x > 20 && x < 60 && y > 15 && y < 55;
      rgb[i] = inBox ? 220 : (x * 3) % 256;
      rgb[i + 1] = inBox ? 40 : (y * 5) % 256;
      rgb[i + 2] = (x * y) % 256;
    }
  return { width, height, data: rgb };
}
