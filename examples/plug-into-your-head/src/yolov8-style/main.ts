// `npm run start:yolo [-- steps] [-- fcos|tal|tal-ultralytics|aps] [-- rfa]`: the YOLOv8-style head
// with any assigner, with or without RFA, trained on a small synthetic batch.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type MatchAssigner, manualSeed } from '@aligndet/core-tensor';
import { FcosMatchAssigner } from '@aligndet/fcos-head';
import { adaptTowers } from '@aligndet/rfa';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { TaskAlignedAssigner } from '@aligndet/task-aligned-assigner';
import { syntheticBatch } from '../synthetic-batch';
import { YoloStyleDetector } from './yolo-style-detector';
import { makeYoloStyleTrainStep } from './yolo-style-train-step';

const steps = Number(process.argv[2] ?? 30);
const which = process.argv[3] ?? 'tal';
const assigners: Record<string, () => MatchAssigner> = {
  fcos: () => new FcosMatchAssigner(),
  tal: () => new TaskAlignedAssigner(),
  'tal-ultralytics': () => new TaskAlignedAssigner({ preset: 'ultralytics' }),
  aps: () => new SpatialMatchAssigner(),
};
const make = assigners[which];
if (!make) {
  console.error(`start:yolo: assigner: expected one of ${Object.keys(assigners).join(', ')}, got ${which}`);
  process.exit(1);
}
await initBackend();
manualSeed(0);
const model = new YoloStyleDetector({ numClasses: 2, channels: 16, dflBins: 8 });
manualSeed(null);
const before = model.numParameters();
if (process.argv[4] === 'rfa') adaptTowers(model.head.towers(), { preset: 'official' }); // ← RFA: one line
const assigner = make(); //                                                               ← any v2 assigner
console.log(
  `YoloStyleHead (2 levels, own stem + cls/box branches each, DFL 8 bins): ${model.numParameters() - before} RFA parameters; assigner: ${assigner.name}`,
);
const batch = syntheticBatch({ batchSize: 4, seed: 1 });
const optimizer = tf.train.adam(1e-2);
const step = makeYoloStyleTrainStep(model, assigner, optimizer);
for (let i = 1; i <= steps; i++) {
  const r = await step(batch);
  if (i === 1 || i % 5 === 0)
    console.log(
      `step ${String(i).padStart(3)}  loss ${r.loss.toFixed(4)}  (cls ${r.cls.toFixed(4)}, box ${r.box.toFixed(4)}, dfl ${r.dfl.toFixed(4)}, ${r.numPositives} positives)`,
    );
}
console.log(`tensors alive: ${tf.memory().numTensors}`);
optimizer.dispose();
batch.images.dispose();
model.dispose();
