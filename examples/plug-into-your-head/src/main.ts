// The example's one command (`npm start`): a non-FCOS head gains the receptive field adaptor and
// the spatial assigner, then trains on a small synthetic batch and prints its loss.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, manualSeed } from '@aligndet/core-tensor';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { addReceptiveFieldAdaptor } from './aligndet-glue';
import { SmallDetector } from './small-detector';
import { syntheticBatch } from './synthetic-batch';
import { makeTrainStep } from './train-step';

const steps = Number(process.argv[2] ?? 40);
await initBackend();
manualSeed(0);
const model = new SmallDetector({ numClasses: 2, channels: 24, clsConvs: 3, regConvs: 2 });
manualSeed(null);
const before = model.numParameters();
const rfa = addReceptiveFieldAdaptor(model.head); // ← RFA: one line
const assigner = new SpatialMatchAssigner(); //      ← the spatial assigner: any v2 MatchAssigner
console.log(
  `CenterSizeHead (cls tower 3 convs, reg tower 2 convs, width 24): RFA replaced conv ${rfa.clsIndex} ` +
    `of the cls tower and conv ${rfa.regIndex} of the reg tower, +${rfa.addedParameters} parameters ` +
    `(${before} -> ${model.numParameters()}); assigner: ${assigner.name}`,
);

const batch = syntheticBatch({ batchSize: 4, seed: 1 });
const optimizer = tf.train.adam(3e-3);
const step = makeTrainStep(model, assigner, optimizer);
const losses: number[] = [];
for (let i = 1; i <= steps; i++) {
  const r = await step(batch);
  losses.push(r.loss);
  if (i === 1 || i % 5 === 0)
    console.log(
      `step ${String(i).padStart(3)}  loss ${r.loss.toFixed(4)}  (focal ${r.cls.toFixed(4)}, box ${r.box.toFixed(4)}, ${r.numPositives} positives)`,
    );
}
console.log(`loss ${losses[0]!.toFixed(4)} -> ${losses[losses.length - 1]!.toFixed(4)} after ${steps} steps`);
console.log(`tensors alive: ${tf.memory().numTensors}`);
optimizer.dispose();
tf.dispose([batch.images]);
model.dispose();
