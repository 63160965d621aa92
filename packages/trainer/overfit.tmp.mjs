import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { resolveConfig, buildDetector, CocoDataset, DataLoader, SGD } from '@aligndet/trainer';
const preset = process.argv[2] ?? 'fcos';
const lr = Number(process.argv[3] ?? 0.01);
await initBackend('wasm', { log: () => {} });
const config = resolveConfig({}, [`model.preset=${preset}`, 'model.fpnChannels=32', 'model.headChannels=32']);
const train = CocoDataset.load('/work/main/data/shapes/seed0-n1000-200-s128/train/annotations.json');
const det = buildDetector(config, train.numClasses);
const loader = new DataLoader(train, { batchSize: 8, shuffle: false, seed: 0, minSize: 128, maxSize: 213, flipProbability: 0, normalization: { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] } });
const it = loader.epoch(0);
const batch = (await it.next()).value;
const sgd = new SGD(det.namedParameters().filter(([, v]) => v.trainable), { momentum: 0.9, weightDecay: 1e-4 });
const images = tf.tensor4d(batch.images, batch.shape);
const targets = batch.samples.map((s) => ({ boxes: s.boxes, labels: s.labels }));
for (let i = 0; i < 150; i++) {
  let vals;
  const { value, grads } = tf.variableGrads(() => { const l = det.losses(images, targets); vals = { ...l.values, pos: l.numPositives }; return l.total; }, sgd.variables);
  value.dispose();
  sgd.step(grads, Math.min(lr, lr * (i + 1) / 20));
  tf.dispose(Object.values(grads));
  if (i % 10 === 0) console.log(i, JSON.stringify(vals));
}
