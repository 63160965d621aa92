// The browser entry's no-read-back paths give what the synchronous Node paths give: the
// assignment computed before the tape (`assignTargets`), the asynchronous prediction, and a step.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, serializeSafetensors, tensorsToWrite } from '@aligndet/core-tensor';
import { detectorFromCheckpoint, SGD, trainStep } from '@aligndet/trainer/browser';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_NUM_CLASSES, tinyConfig, tinyDetector } from '../helpers/tiny-detector';

const config = tinyConfig();
const targets = [
  { boxes: Float32Array.from([8, 8, 40, 40, 20, 16, 60, 56]), labels: Int32Array.from([0, 2]) },
];

describe('@aligndet/trainer/browser read-backs', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {} });
  });

  it('losses from assignTargets equal the synchronous path (APS needs predictions)', async () => {
    const det = tinyDetector(config, 0);
    const images = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const sync = det.losses(images, targets);
    const assignments = await det.assignTargets(images, targets);
    const pre = det.losses(images, targets, assignments);
    expect(pre.numPositives).toBe(sync.numPositives);
    expect(pre.numPositives).toBeGreaterThan(0);
    expect((await pre.total.data())[0]).toBeCloseTo((await sync.total.data())[0]!, 6);
    tf.dispose([sync.total, pre.total, ...Object.values(sync.parts), ...Object.values(pre.parts), images]);
    det.dispose();
  });

  it('predictAsync equals predict, and a checkpoint from bytes predicts the same', async () => {
    const det = tinyDetector(config, 0);
    const images = tf.randomUniform([1, 64, 96, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    const [a] = det.predict(images, [[64, 96]], { scoreThreshold: 0.001 });
    const [b] = await det.predictAsync(images, [[64, 96]], { scoreThreshold: 0.001 });
    expect(a!.scores.length).toBeGreaterThan(0);
    expect(Array.from(b!.scores)).toEqual(Array.from(a!.scores));
    const state = Object.fromEntries(Object.entries(det.stateDict()).map(([k, v]) => [`model/${k}`, v]));
    const weights = serializeSafetensors(tensorsToWrite(state));
    const { detector } = detectorFromCheckpoint({ meta: { config }, weights, numClasses: TINY_NUM_CLASSES });
    const [c] = await detector.predictAsync(images, [[64, 96]], { scoreThreshold: 0.001 });
    expect(Array.from(c!.boxes)).toEqual(Array.from(a!.boxes));
    images.dispose();
    det.dispose();
    detector.dispose();
  });

  it('trainStep: finite losses, parameters change, numTensors flat', async () => {
    const det = tinyDetector(config, 0);
    const sgd = new SGD(det.namedParameters(), { momentum: 0.9 });
    const images = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
    const before = Array.from(await sgd.variables[0]!.data());
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await trainStep(det, sgd, images, targets, 0.01);
      expect(Object.values(r.losses).every(Number.isFinite)).toBe(true);
      counts.push(tf.memory().numTensors);
    }
    expect(Array.from(await sgd.variables[0]!.data())).not.toEqual(before);
    expect(counts[2]).toBe(counts[1]);
    images.dispose();
    sgd.dispose();
    det.dispose();
  });

  it('a checkpoint without a valid config is one clear error', () => {
    expect(() => detectorFromCheckpoint({ meta: {}, weights: new Uint8Array(8), numClasses: 3 })).toThrow(
      /meta\.config/,
    );
  });
});
