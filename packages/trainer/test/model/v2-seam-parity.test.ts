// The detector runs every head on core-tensor's v2 seam (MatchAssigner → match → the head's own
// targets). For the FCOS presets that path must give the losses the v1 path gave: the v1
// assigner (FcosAssigner / SpatialAssigner, FCOS-coded targets) on the same head outputs, then
// fcosLosses, computed here independently of the detector.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Assigner } from '@aligndet/core-tensor';
import { FcosAssigner, type FcosHead, fcosLosses, gridPoints } from '@aligndet/fcos-head';
import { SpatialAssigner } from '@aligndet/spatial-assigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import type { Detector } from '../../src/model/detector';
import { fcosScaleRanges } from '../../src/model/presets';
import { buildDetector } from '../../src/run/build-detector';

const targets = [
  { boxes: Float32Array.from([8, 8, 40, 40, 20, 16, 60, 56]), labels: Int32Array.from([0, 2]) },
  {
    boxes: Float32Array.from([4, 30, 30, 62, 33, 2, 63, 28, 10, 10, 22, 20]),
    labels: Int32Array.from([1, 1, 2]),
  },
  { boxes: new Float32Array(0), labels: new Int32Array(0) }, // an image with no boxes
];

/** The v1 path: the head's outputs, a v1 assigner with FCOS-coded predictions, fcosLosses. */
function v1Losses(
  det: Detector,
  images: tf.Tensor4D,
  assigner: Assigner,
  qualityTarget: 'centerness' | 'giou',
) {
  return tf.tidy(() => {
    const head = det.head as FcosHead;
    const feats = det.forward(images);
    const flat = head.flatten(head.forward(feats));
    const sizes = feats.map((f) => [f.shape[1], f.shape[2]] as [number, number]);
    const pts = gridPoints(sizes, head.strides);
    const [, P, C] = flat.clsLogits.shape;
    const cls = flat.clsLogits.dataSync() as Float32Array;
    const box = flat.boxDistances.dataSync() as Float32Array;
    const assignments = targets.map((t, n) =>
      assigner.assign({
        ...pts,
        numLevels: sizes.length,
        gtBoxes: t.boxes,
        gtLabels: t.labels,
        predictions: {
          numClasses: C,
          clsLogits: cls.subarray(n * P * C, (n + 1) * P * C),
          boxDistances: box.subarray(n * P * 4, (n + 1) * P * 4),
        },
      }),
    );
    const l = fcosLosses(flat, assignments, { qualityTarget, detachQualityTarget: true });
    return {
      numPositives: l.numPositives,
      values: [l.loss_cls, l.loss_reg, l.loss_quality].map((t) => t.dataSync()[0]!),
    };
  });
}

describe('the v2 seam gives the FCOS presets the losses of the v1 path', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const presets: Array<[string, () => Assigner, 'centerness' | 'giou']> = [
    ['fcos', () => new FcosAssigner({ scaleRanges: fcosScaleRanges() }), 'centerness'],
    ['fcos-aps', () => new SpatialAssigner(), 'giou'],
    ['aligndet', () => new SpatialAssigner(), 'giou'],
  ];
  it.each(presets)(
    'model.preset=%s: same positives, losses within 1e-5 (relative)',
    async (preset, v1, q) => {
      const cfg = resolveConfig({}, [
        `model.preset=${preset}`,
        'model.fpnChannels=16',
        'model.headChannels=16',
        'model.headConvs=1',
        'model.headGroups=4',
      ]);
      const det = buildDetector(cfg, 3);
      const images = tf.randomUniform([3, 64, 64, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const ref = v1Losses(det, images, v1(), q);
      // the in-tape path (synchronous read-back) and the pre-computed matches (assignBatch)
      const sync = tf.tidy(() => ({ ...det.losses(images, targets) }));
      const matches = await det.assignTargets(images, targets);
      const pre = tf.tidy(() => ({ ...det.losses(images, targets, matches) }));
      for (const got of [sync, pre]) {
        expect(got.numPositives).toBe(ref.numPositives);
        const values = ['loss_cls', 'loss_reg', 'loss_quality'].map((k) => got.parts[k]!.dataSync()[0]!);
        values.forEach((v, i) =>
          expect(Math.abs(v - ref.values[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.values[i]!) + 1e-7),
        );
        expect(got.total.dataSync()[0]).toBeCloseTo(
          values.reduce((a, b) => a + b, 0),
          5,
        );
      }
      expect(ref.numPositives).toBeGreaterThan(0);
      tf.dispose([sync.total, pre.total, ...Object.values(sync.parts), ...Object.values(pre.parts)]);
      expect(tf.memory().numTensors).toBe(before);
      images.dispose();
      det.dispose();
    },
  );
});
