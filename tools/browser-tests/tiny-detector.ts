// The small detector and the fixed image the browser checks predict with (node-reference.ts here,
// and the web example's test): a tiny-backbone `aligndet` preset with 16-channel FPN and head,
// its weights nudged off the initialisation (seeded) so the head is not near-constant.
import * as tf from '@tensorflow/tfjs-core';
import { buildDetector, type Detector, resolveConfig, type TrainConfig } from '@aligndet/trainer';

export const TINY_NUM_CLASSES = 3;

export function tinyConfig(): TrainConfig {
  return resolveConfig({
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

/** The tiny detector with a little signal beyond the initialisation (`scale` × N(0, 1), seeded). */
export function tinyDetector(config: TrainConfig = tinyConfig(), scale = 0.05): Detector {
  const detector = buildDetector(config, TINY_NUM_CLASSES);
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
