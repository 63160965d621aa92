import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { manualSeed } from '@aligndet/core-tensor';
import { FcosAssigner } from '@aligndet/fcos-head';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector } from '../../src/model/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * `predict` must place boxes where the head says: the best-scoring detection equals the box decoded
 * by hand from the training-mode outputs (distances in stride units × the point's stride).
 */
describe('Detector.predict', () => {
  it('decodes the top detection from the head outputs with the stride of its level', () => {
    manualSeed(3);
    const det = createDetector({
      numClasses: 3,
      backbone: 'tiny',
      fpnChannels: 16,
      headChannels: 16,
      headConvs: 1,
      headGroups: 4,
      rfa: null,
      assigner: new FcosAssigner(),
      qualityTarget: 'centerness',
      boxBiasInit: 1,
    });
    const image = tf.randomUniform([1, 96, 128, 3], -1, 1, 'float32', 7) as tf.Tensor4D;

    // hand decoding from training-mode outputs
    det.train(true);
    const feats = det.forward(image);
    const flat = det.head.flatten(det.head.forward(feats));
    const cls = flat.clsLogits.dataSync() as Float32Array;
    const box = flat.boxDistances.dataSync() as Float32Array;
    const q = flat.quality.dataSync() as Float32Array;
    const pts = det.points(feats);
    tf.dispose([feats, flat.clsLogits, flat.boxDistances, flat.quality]);
    const C = 3;
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    let best = -1;
    let bestP = -1;
    let bestC = -1;
    for (let p = 0; p < pts.strides.length; p++)
      for (let c = 0; c < C; c++) {
        const s = sig(cls[p * C + c]!) * sig(q[p]!);
        if (s > best) [best, bestP, bestC] = [s, p, c];
      }
    const s = pts.strides[bestP]!;
    const [x, y] = [pts.points[2 * bestP]!, pts.points[2 * bestP + 1]!];
    const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    const expected = [
      clip(x - box[4 * bestP]! * s, 128),
      clip(y - box[4 * bestP + 1]! * s, 96),
      clip(x + box[4 * bestP + 2]! * s, 128),
      clip(y + box[4 * bestP + 3]! * s, 96),
    ];

    const [dets] = det.predict(image, [[96, 128]], { scoreThreshold: 0 });
    expect(dets!.labels[0]).toBe(bestC);
    expect(dets!.scores[0]).toBeCloseTo(Math.sqrt(best), 5);
    Array.from(dets!.boxes.subarray(0, 4)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
    // the head starts with distances near one stride: boxes are not collapsed to a few pixels
    expect(expected[2]! - expected[0]!).toBeGreaterThan(s);
    image.dispose();
  });
});
