// The Node half of the browser suite's predict check (bundled by run.mjs for Node): builds a small
// detector from a config, writes it as an `aligndet train` checkpoint would (model/… keys), and
// records its detections on a fixed image with Node's cpu backend. The page loads the same files
// through `@aligndet/trainer/browser` and must find the same detections.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, serializeSafetensors, tensorsToWrite } from '@aligndet/core-tensor';
import { buildDetector, resolveConfig } from '@aligndet/trainer';
import { predictRawImage } from '../../packages/trainer/src/run/predict-raw-image';

const out = process.argv[2]!;
await initBackend('cpu', { log: () => {} });
const config = resolveConfig({
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
const numClasses = 3;
const detector = buildDetector(config, numClasses);
// a little signal beyond the initialisation so the head is not near-constant
tf.tidy(() => {
  for (const [i, v] of detector.parameters().entries())
    v.assign(tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 100 + i), 0.05)));
});
const state = Object.fromEntries(Object.entries(detector.stateDict()).map(([k, v]) => [`model/${k}`, v]));
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
const options = { minSize: 64, maxSize: 96, scoreThreshold: 0.001 };
const { detections } = await predictRawImage(detector, { width, height, data: rgb }, options);
mkdirSync(join(out, 'ref'), { recursive: true });
writeFileSync(join(out, 'ref/model.safetensors'), serializeSafetensors(tensorsToWrite(state)));
writeFileSync(join(out, 'ref/model.json'), JSON.stringify({ config }));
writeFileSync(join(out, 'ref/image.rgb'), rgb);
writeFileSync(
  join(out, 'ref/detections.json'),
  JSON.stringify({
    numClasses,
    width,
    height,
    options,
    boxes: Array.from(detections.boxes),
    scores: Array.from(detections.scores),
    labels: Array.from(detections.labels),
  }),
);
console.log(`node reference: ${detections.scores.length} detections`);
