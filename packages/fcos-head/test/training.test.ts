import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { manualSeed } from '@aligndet/core-tensor';
import { expectNoTensorLeak } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { FcosAssigner, FcosHead, fcosLosses, gridPoints } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const strides = [8, 16];
const sizes: Array<[number, number]> = [
  [8, 8],
  [4, 4],
];
const pts = gridPoints(sizes, strides);
const assigner = new FcosAssigner({
  scaleRanges: [
    [-1, 32],
    [32, 1e8],
  ],
});
const gts = [
  { boxes: [8, 8, 40, 36, 30, 20, 60, 62], labels: [0, 2] },
  { boxes: [], labels: [] }, // an image without objects
];
const assignments = gts.map((g) =>
  assigner.assign({
    ...pts,
    numLevels: 2,
    gtBoxes: Float32Array.from(g.boxes),
    gtLabels: Int32Array.from(g.labels),
  }),
);
const features = sizes.map(
  ([h, w], l) => tf.randomNormal([2, h, w, 16], 0, 1, 'float32', 10 + l) as tf.Tensor4D,
);

function lossFn(head: FcosHead, quality: 'centerness' | 'giou') {
  return () => {
    const flat = head.flatten(head.forward(features));
    const l = fcosLosses(flat, assignments, { qualityTarget: quality });
    return tf.addN([l.loss_cls, l.loss_reg, l.loss_quality]) as tf.Scalar;
  };
}

describe('FcosHead training step', () => {
  it('the assignment has positives in image 0 and none in image 1', () => {
    expect(assignments[0]!.numPositives).toBeGreaterThan(0);
    expect(assignments[1]!.numPositives).toBe(0);
  });

  for (const quality of ['centerness', 'giou'] as const) {
    it(`quality=${quality}: every parameter gets a gradient and one SGD step lowers the loss`, () => {
      // a seeded init: with few positives on the coarse level, some random inits leave that level's
      // Scale behind a dead ReLU (a zero gradient that says nothing about the head's wiring)
      manualSeed(7);
      const head = new FcosHead({
        numClasses: 3,
        inChannels: 16,
        gnGroups: 4,
        numConvs: 2,
        numLevels: 2,
        strides,
      });
      manualSeed(null);
      const vars = head.parameters();
      const f = lossFn(head, quality);
      const { value, grads } = tf.variableGrads(f, vars);
      const before = value.dataSync()[0]!;
      for (const v of vars) {
        const g = grads[v.name]!;
        expect(g, v.name).toBeDefined();
        expect(tf.max(tf.abs(g)).dataSync()[0], `gradient of ${v.name}`).toBeGreaterThan(0);
      }
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.01)));
      const after = tf.tidy(() => f().dataSync()[0]!);
      expect(after).toBeLessThan(before);
    });
  }

  it('a batch with zero positives gives finite losses with zero regression and quality terms', () => {
    const head = new FcosHead({
      numClasses: 3,
      inChannels: 16,
      gnGroups: 4,
      numConvs: 1,
      numLevels: 2,
      strides,
    });
    tf.tidy(() => {
      const flat = head.flatten(head.forward(features));
      const l = fcosLosses(flat, [assignments[1]!, assignments[1]!], { qualityTarget: 'giou' });
      expect(Number.isFinite(l.loss_cls.dataSync()[0]!)).toBe(true);
      expect(Math.abs(l.loss_reg.dataSync()[0]!)).toBe(0);
      expect(Math.abs(l.loss_quality.dataSync()[0]!)).toBe(0);
      const g = tf.variableGrads(
        () => fcosLosses(head.flatten(head.forward(features)), [assignments[1]!, assignments[1]!]).loss_cls,
        head.parameters(),
      );
      expect(Object.values(g.grads).every((t) => t.dataSync().every(Number.isFinite))).toBe(true);
    });
  });

  it('no tensor leaks across training steps', async () => {
    const head = new FcosHead({
      numClasses: 3,
      inChannels: 16,
      gnGroups: 4,
      numConvs: 1,
      numLevels: 2,
      strides,
    });
    const f = lossFn(head, 'giou');
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(f, head.parameters());
      tf.tidy(() => {
        for (const v of head.parameters()) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.001)));
      });
      value.dispose();
      tf.dispose(Object.values(grads));
    });
  });

  it('exposes replaceable towers (TwoTowerHead) and torch-style parameter names', () => {
    const head = new FcosHead({
      numClasses: 3,
      inChannels: 16,
      gnGroups: 4,
      numConvs: 2,
      numLevels: 2,
      strides,
    });
    expect(head.clsTower.convIndices()).toEqual([0, 3]);
    expect(head.regTower.length).toBe(6);
    expect(head.namedParameters().map(([n]) => n)).toEqual(
      expect.arrayContaining([
        'cls_tower.0.weight',
        'cls_tower.1.weight',
        'bbox_tower.3.bias',
        'cls_logits.bias',
        'bbox_pred.weight',
        'quality.weight',
        'scales.1.scale',
      ]),
    );
    expect(() => head.forward([features[0]!])).toThrow(
      'FcosHead.forward: features: expected 2 levels, got 1',
    );
  });
});
