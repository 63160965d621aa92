import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Assignment, centerness, distanceGiou, emptyAssignment } from '@aligndet/core-tensor';
import { gradCheck } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FlatHeadOutputs, fcosLosses } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One image, one class, every point positive (label 0) with the given (l, t, r, b) targets. */
function allPositive(targets: number[][]): Assignment {
  const a = emptyAssignment(targets.length);
  targets.forEach((t, p) => {
    a.gtIndex[p] = 0;
    a.labels[p] = 0;
    a.boxTargets.set(t, 4 * p);
    a.numPositives++;
  });
  return a;
}
function outputs(pred: number[][], quality: number[]): FlatHeadOutputs {
  const P = pred.length;
  return {
    clsLogits: tf.zeros([1, P, 1]) as tf.Tensor3D,
    boxDistances: tf.tensor3d(pred.flat(), [1, P, 4]),
    quality: tf.tensor2d(quality, [1, P]),
  };
}
const bce = (z: number, t: number) => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));

describe('regression and quality losses on the spec §7.1 GIoU values (property 13)', () => {
  // [pred, target, GIoU from the spec]
  const cases: Array<[number[], number[], number]> = [
    [[1, 1, 1, 1], [2, 1, 1, 2], 0.5],
    [[0.5, 0.5, 0.5, 0.5], [2, 2, 2, 2], 0.1176471],
    [[2, 1, 0.5, 1], [0.5, 2, 2, 0.5], 0.0450581],
    [[0, 0, 0, 0], [1, 1, 1, 1], 0.2],
  ];
  it.each(cases)(
    'one positive, pred %j target %j: loss_reg = 1 − GIoU, quality target = GIoU',
    (pred, target, g) => {
      tf.tidy(() => {
        // quality logit 1: BCE(1, t) = 1 − t + log(1 + e^−1) depends on the target
        const l = fcosLosses(outputs([pred], [1]), [allPositive([target])], { qualityTarget: 'giou' });
        expect(l.loss_reg.dataSync()[0]).toBeCloseTo(1 - g, 6);
        expect(l.loss_quality.dataSync()[0]).toBeCloseTo(1 - g + Math.log1p(Math.exp(-1)), 6);
      });
    },
  );

  it('two positives: regression weights are the targets’ centerness (0.5 for (2,1,1,2), 1 for (2,2,2,2)) normalised by their sum', () => {
    tf.tidy(() => {
      const l = fcosLosses(
        outputs(
          [
            [1, 1, 1, 1],
            [0.5, 0.5, 0.5, 0.5],
          ],
          [0.5, -1],
        ),
        [
          allPositive([
            [2, 1, 1, 2],
            [2, 2, 2, 2],
          ]),
        ],
      );
      expect(l.numPositives).toBe(2);
      expect(l.loss_reg.dataSync()[0]).toBeCloseTo((0.5 * (1 - 0.5) + 1 * (1 - 0.1176471)) / 1.5, 6);
      // default quality target: centerness, summed over positives / #pos
      expect(l.loss_quality.dataSync()[0]).toBeCloseTo((bce(0.5, 0.5) + bce(-1, 1)) / 2, 6);
      // classification: all-zero logits, one positive per point on the single class: (0.25·ln2·0.25) / 2 per positive
      expect(l.loss_cls.dataSync()[0]).toBeCloseTo((2 * 0.25 * 0.25 * Math.LN2) / 2, 6);
    });
  });
});

describe('gradients of loss_reg + loss_quality (GIoU target, not detached: M7) vs a float64 reference', () => {
  const targets = [
    [2, 1, 1.5, 2.5],
    [0.7, 1.3, 2.2, 0.9],
    [3, 2, 1, 4],
  ];
  const pred0 = [
    [1.4, 1.7, 1.1, 2.1],
    [1.1, 0.8, 1.6, 1.3],
    [2.3, 2.6, 1.8, 3.1],
  ];
  const q0 = [0.4, -0.8, 1.3];
  const flatT = targets.flat();
  const weights = targets.map((_, i) => centerness(flatT, i));
  const wsum = weights.reduce((s, w) => s + w, 0);

  for (const detachQualityTarget of [false, true]) {
    it(`pred=[1,3,4] q=[1,3] detachQualityTarget=${detachQualityTarget}`, () => {
      const assignment = allPositive(targets);
      const fn = (d: tf.Tensor, q: tf.Tensor) => {
        const l = fcosLosses(
          {
            clsLogits: tf.zeros([1, 3, 1]) as tf.Tensor3D,
            boxDistances: d as tf.Tensor3D,
            quality: q as tf.Tensor2D,
          },
          [assignment],
          { qualityTarget: 'giou', detachQualityTarget },
        );
        return tf.add(l.loss_reg, l.loss_quality) as tf.Scalar;
      };
      // float64 reference; with the target detached, the quality term's GIoU is a constant
      const giou0 = targets.map((_, i) => distanceGiou(pred0.flat(), i, flatT, i));
      const reference = (d: Float64Array, q: Float64Array) => {
        let reg = 0;
        let qual = 0;
        for (let i = 0; i < 3; i++) {
          const g = distanceGiou(d, i, flatT, i);
          reg += weights[i]! * (1 - g);
          qual += bce(q[i]!, detachQualityTarget ? giou0[i]! : g);
        }
        return reg / wsum + qual / 3;
      };
      const r = gradCheck(fn, [tf.tensor3d(pred0.flat(), [1, 3, 4]), tf.tensor2d(q0, [1, 3])], {
        reference,
        rtol: 1e-3,
        atol: 1e-5,
      });
      expect(r.checked).toEqual([12, 3]);
    });
  }

  it('the quality term alone sends −q_i/N_pos·∂GIoU_i into the regression branch, and nothing when detached', () => {
    const assignment = allPositive(targets);
    const gradOfQuality = (detachQualityTarget: boolean) =>
      tf.tidy(() =>
        Array.from(
          tf
            .grad(
              (d: tf.Tensor) =>
                fcosLosses(
                  {
                    clsLogits: tf.zeros([1, 3, 1]) as tf.Tensor3D,
                    boxDistances: d as tf.Tensor3D,
                    quality: tf.tensor2d(q0, [1, 3]),
                  },
                  [assignment],
                  { qualityTarget: 'giou', detachQualityTarget },
                ).loss_quality,
            )(tf.tensor3d(pred0.flat(), [1, 3, 4]))
            .dataSync(),
        ),
      );
    expect(gradOfQuality(true).every((v) => v === 0)).toBe(true);
    const g = gradOfQuality(false);
    // central differences of GIoU_i (float64) times −q_i / 3
    const eps = 1e-6;
    const flatP = pred0.flat();
    for (let i = 0; i < 3; i++)
      for (let k = 0; k < 4; k++) {
        const plus = flatP.slice();
        const minus = flatP.slice();
        plus[4 * i + k]! += eps;
        minus[4 * i + k]! -= eps;
        const dg = (distanceGiou(plus, i, flatT, i) - distanceGiou(minus, i, flatT, i)) / (2 * eps);
        expect(g[4 * i + k]).toBeCloseTo((-q0[i]! / 3) * dg, 5);
      }
  });
});

describe('fcosLosses argument checks', () => {
  it('throws when assignments has a different length than the batch', () => {
    const out = outputs([[1, 1, 1, 1]], [0]);
    expect(() => fcosLosses(out, [])).toThrow('fcosLosses: assignments: expected 1 (one per image), got 0');
  });
  it('throws when an assignment covers a different number of points', () => {
    const out = outputs([[1, 1, 1, 1]], [0]);
    expect(() => fcosLosses(out, [emptyAssignment(2)])).toThrow(
      'fcosLosses: assignments[0].gtIndex: expected 1 points, got 2',
    );
  });
});
