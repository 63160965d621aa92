// The Node half of the browser suite's predict check (bundled by run.mjs for Node): builds a small
// detector from a config, writes it as an `aligndet train` checkpoint would (model/… keys), and
// records its detections on a fixed image with Node's cpu backend. The page loads the same files
// through `@aligndet/trainer/browser` and must find the same detections.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend, serializeSafetensors, tensorsToWrite } from '@aligndet/core-tensor';
import { predictRawImage } from '../../packages/trainer/src/run/predict-raw-image';
import {
  referenceImage,
  TINY_NUM_CLASSES,
  tinyConfig,
  tinyDetector,
} from '../../packages/trainer/test/helpers/tiny-detector';

const out = process.argv[2]!;
await initBackend('cpu', { log: () => {} });
const config = tinyConfig();
const numClasses = TINY_NUM_CLASSES;
const detector = tinyDetector(config);
const state = Object.fromEntries(Object.entries(detector.stateDict()).map(([k, v]) => [`model/${k}`, v]));
const { width, height, data: rgb } = referenceImage();
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
