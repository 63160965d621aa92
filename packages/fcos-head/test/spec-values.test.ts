import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildVectorCase } from '@aligndet/core-tensor/testing';
import { emptyAssignment } from '@aligndet/core-tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  FcosHead,
  fcosLosses,
  gridPoints,
  postprocessDetections,
  sigmoidFocalLoss,
} from '../src/index';

const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/spec/testvectors.json', import.meta.url), 'utf8'),
);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('spec §7.1 unit values', () => {
  it('locations: stride 8, 2x3 -> (4,4) (12,4) (20,4) (4,12) (12,12) (20,12); stride 128 starts at (64,64)', () => {
    expect(Array.from(gridPoints([[2, 3]], [8]).points)).toEqual([4, 4, 12, 4, 20, 4, 4, 12, 12, 12, 20, 12]);
    expect(Array.from(gridPoints([[1, 1]], [128]).points)).toEqual([64, 64]);
  });
  it('classification bias init -4.5951199', () => {
    const head = new FcosHead({ numClasses: 3, inChannels: 32, gnGroups: 8, numConvs: 1 });
    const bias = head.stateDict()['cls_logits.bias']!.dataSync();
    for (const b of bias) expect(b).toBeCloseTo(-4.5951199, 5);
  });
  it('focal loss of one point, logits (-4.59512, 0, 2), one-hot on class 1: 1.2808811', () => {
    const v = tf.sum(sigmoidFocalLoss(tf.tensor1d([-4.59512, 0, 2]), tf.tensor1d([0, 1, 0]))).dataSync()[0]!;
    expect(v).toBeCloseTo(1.2808811, 6);
  });
  it('BCE-with-logits (0.5, 0.8) -> 0.5740770 and (-1, -0.2) -> 0.1132617 (negative targets accepted)', () => {
    expect(binaryCrossEntropyWithLogits(tf.scalar(0.5), tf.scalar(0.8)).dataSync()[0]).toBeCloseTo(
      0.574077,
      6,
    );
    expect(binaryCrossEntropyWithLogits(tf.scalar(-1), tf.scalar(-0.2)).dataSync()[0]).toBeCloseTo(
      0.1132617,
      6,
    );
    // gradient flows into the target: d/dt = -logit (M7)
    expect(
      tf
        .grad((t: tf.Tensor) => binaryCrossEntropyWithLogits(tf.scalar(0.7), t))(tf.scalar(0.3))
        .dataSync()[0],
    ).toBeCloseTo(-0.7, 6);
  });
});

describe('official losses on case 1 of the test vectors, given its positives (spec §7.3; 1e-5 relative)', () => {
  it('loss_cls 16.811348, loss_reg 0.7629550, loss_quality 0.7129056', () => {
    const images = buildVectorCase(vectors.common, vectors.case1);
    const C = vectors.common.num_classes_C;
    const P = images[0]!.strides.length;
    const byFlat = new Map<number, { label: number; reg_target_stride_units: number[] }>(
      vectors.case1.expected_positives.map((p: { flat_index: number }) => [p.flat_index, p]),
    );
    const assignments = images.map((im) => {
      const a = emptyAssignment(P);
      im.flatIndex.forEach((g, p) => {
        const e = byFlat.get(g);
        if (!e) return;
        a.gtIndex[p] = 0;
        a.labels[p] = e.label - 1;
        a.boxTargets.set(e.reg_target_stride_units, 4 * p);
        a.numPositives++;
      });
      return a;
    });
    const flat = {
      clsLogits: tf.tensor3d(
        images.flatMap((im) => Array.from(im.predictions!.clsLogits)),
        [2, P, C],
      ),
      boxDistances: tf.tensor3d(
        images.flatMap((im) => Array.from(im.predictions!.boxDistances)),
        [2, P, 4],
      ),
      quality: tf.tensor2d(
        images.flatMap((im) => Array.from(im.qualityLogits)),
        [2, P],
      ),
    };
    const l = fcosLosses(flat, assignments, { qualityTarget: 'giou' });
    expect(l.numPositives).toBe(8);
    const e = vectors.case1.expected_losses;
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(l.loss_cls.dataSync()[0]!, e.loss_cls)).toBeLessThan(1e-5);
    expect(rel(l.loss_reg.dataSync()[0]!, e.loss_reg)).toBeLessThan(1e-5);
    expect(rel(l.loss_quality.dataSync()[0]!, e['loss_quality(centerness key)'])).toBeLessThan(1e-5);
  });
});

describe('inference (spec §7.4 items 14, 15)', () => {
  const one = (clsProb: number) => ({
    clsLogits: Float32Array.from([Math.log(clsProb / (1 - clsProb))]),
    boxDistances: Float32Array.from([1, 1, 2, 2]),
    quality: Float32Array.from([Math.log(0.25 / 0.75)]),
    numClasses: 1,
    ...gridPoints([[1, 1]], [8]),
    imageSize: [64, 64] as [number, number],
  });
  it('a stride-8 point (4,4), σ(cls) 0.64, σ(q) 0.25, regression (1,1,2,2) -> box (0,0,20,20) score 0.4', () => {
    const d = postprocessDetections(one(0.64));
    expect(Array.from(d.boxes)).toEqual([0, 0, 20, 20]);
    expect(d.scores[0]).toBeCloseTo(0.4, 6);
  });
  it('σ(cls) 0.04 is dropped whatever the quality (threshold on σ(cls) alone)', () => {
    expect(postprocessDetections(one(0.04)).scores.length).toBe(0);
  });
  it('eval-mode distances equal training-mode distances x stride', () => {
    const head = new FcosHead({
      numClasses: 2,
      inChannels: 16,
      gnGroups: 4,
      numConvs: 1,
      numLevels: 2,
      strides: [8, 16],
    });
    const feats = [
      tf.randomNormal([1, 4, 4, 16], 0, 1, 'float32', 1),
      tf.randomNormal([1, 2, 2, 16], 0, 1, 'float32', 2),
    ] as tf.Tensor4D[];
    const train = head.forward(feats).map((o) => o.boxDistances);
    head.eval();
    const evalOut = head.forward(feats).map((o) => o.boxDistances);
    [8, 16].forEach((s, l) => {
      const a = train[l]!.dataSync();
      const b = evalOut[l]!.dataSync();
      a.forEach((v, i) => expect(b[i]).toBeCloseTo(v * s, 4));
    });
  });
});
