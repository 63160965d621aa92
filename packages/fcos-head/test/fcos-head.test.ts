import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeak } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { FcosHead, type FcosHeadOptions, gridPoints } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small: FcosHeadOptions = {
  numClasses: 3,
  inChannels: 16,
  gnGroups: 4,
  numConvs: 2,
  numLevels: 2,
  strides: [8, 16],
};
const feats = () =>
  [
    tf.randomNormal([2, 4, 6, 16], 0, 1, 'float32', 3),
    tf.randomNormal([2, 2, 3, 16], 0, 1, 'float32', 4),
  ] as tf.Tensor4D[];

describe('FcosHead construction (spec §1.3)', () => {
  it('defaults: 4 × [conv 256→256, GN(32), ReLU] per tower, 80 classes, 5 scales, 3×3 predictors', () => {
    const head = new FcosHead({ numClasses: 80 });
    const shapes = Object.fromEntries(head.namedParameters().map(([n, v]) => [n, v.shape]));
    expect(shapes['cls_tower.9.weight']).toEqual([3, 3, 256, 256]);
    expect(shapes['bbox_tower.10.weight']).toEqual([256]); // GroupNorm affine
    expect(shapes['cls_logits.weight']).toEqual([3, 3, 256, 80]);
    expect(shapes['bbox_pred.weight']).toEqual([3, 3, 256, 4]);
    expect(shapes['quality.weight']).toEqual([3, 3, 256, 1]);
    expect(shapes['scales.4.scale']).toEqual([1]);
    expect(head.clsTower.convIndices()).toEqual([0, 3, 6, 9]);
    head.dispose();
  });

  it('init: conv weights ~ N(0, 0.01²), conv biases 0 except cls −4.59512, scales 1', () => {
    const head = new FcosHead({ ...small, inChannels: 64, channels: 64, gnGroups: 8 });
    const sd = head.stateDict();
    const w = Array.from(sd['cls_tower.0.weight']!.dataSync());
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeGreaterThan(0.009);
    expect(std).toBeLessThan(0.011);
    for (const k of ['cls_tower.3.bias', 'bbox_tower.0.bias', 'bbox_pred.bias', 'quality.bias'])
      expect(
        Array.from(sd[k]!.dataSync()).every((v) => v === 0),
        k,
      ).toBe(true);
    expect(Array.from(sd['scales.0.scale']!.dataSync())).toEqual([1]);
    head.dispose();
  });

  it("norm 'none': towers are [conv, ReLU] × numConvs", () => {
    const head = new FcosHead({ ...small, norm: 'none' });
    expect(head.clsTower.length).toBe(4);
    expect(head.regTower.convIndices()).toEqual([0, 2]);
    head.dispose();
  });

  it('throws when numClasses is 0', () => {
    expect(() => new FcosHead({ ...small, numClasses: 0 })).toThrow(
      'FcosHead: numClasses: expected a positive integer, got 0',
    );
  });
  it('throws when strides do not match numLevels', () => {
    expect(() => new FcosHead({ ...small, strides: [8] })).toThrow('FcosHead: strides');
    expect(() => new FcosHead({ ...small, strides: [8] })).toThrow('2 strides (numLevels)');
  });
  it('throws when gnGroups does not divide channels', () => {
    expect(() => new FcosHead({ ...small, gnGroups: 5 })).toThrow(
      'FcosHead: gnGroups: expected a divisor of channels (16), got 5',
    );
  });
});

describe('FcosHead forward', () => {
  it('x=[2,4,6,16],[2,2,3,16] -> clsLogits [2,H,W,3], boxDistances [2,H,W,4] ≥ 0, quality [2,H,W,1]', () => {
    const head = new FcosHead(small);
    const out = head.forward(feats());
    expect(out.map((o) => o.clsLogits.shape)).toEqual([
      [2, 4, 6, 3],
      [2, 2, 3, 3],
    ]);
    expect(out.map((o) => o.boxDistances.shape)).toEqual([
      [2, 4, 6, 4],
      [2, 2, 3, 4],
    ]);
    expect(out.map((o) => o.quality.shape)).toEqual([
      [2, 4, 6, 1],
      [2, 2, 3, 1],
    ]);
    expect(out.every((o) => tf.min(o.boxDistances).dataSync()[0]! >= 0)).toBe(true);
  });

  it('flatten: [N, P, ·] in gridPoints order (level-major, row, column) per image', () => {
    const head = new FcosHead(small);
    const out = head.forward(feats());
    const flat = head.flatten(out);
    const pts = gridPoints(
      [
        [4, 6],
        [2, 3],
      ],
      [8, 16],
    );
    expect(flat.clsLogits.shape).toEqual([2, 30, 3]);
    expect(flat.boxDistances.shape).toEqual([2, 30, 4]);
    expect(flat.quality.shape).toEqual([2, 30]);
    const c = flat.clsLogits.arraySync();
    const q = flat.quality.arraySync();
    const levels = out.map((o) => ({ c: o.clsLogits.arraySync(), q: o.quality.arraySync() }));
    for (let n = 0; n < 2; n++)
      for (let p = 0; p < 30; p++) {
        const l = pts.levels[p]!;
        const s = pts.strides[p]!;
        const x = (pts.points[2 * p]! - s / 2) / s;
        const y = (pts.points[2 * p + 1]! - s / 2) / s;
        expect(c[n]![p]).toEqual(levels[l]!.c[n]![y]![x]);
        expect(q[n]![p]).toBe(levels[l]!.q[n]![y]![x]![0]);
      }
  });

  for (const qualityOnReg of [true, false]) {
    it(`qualityOnReg=${qualityOnReg}: quality reads the ${qualityOnReg ? 'regression' : 'classification'} tower`, () => {
      const head = new FcosHead({ ...small, qualityOnReg });
      const x = feats();
      const before = head.forward(x)[0]!.quality.dataSync().slice();
      // perturb the other tower's first conv: quality must not move
      const other = head.stateDict()[
        qualityOnReg ? 'cls_tower.0.weight' : 'bbox_tower.0.weight'
      ] as tf.Variable;
      other.assign(tf.add(other, 0.5));
      expect(Array.from(head.forward(x)[0]!.quality.dataSync())).toEqual(Array.from(before));
      const own = head.stateDict()[
        qualityOnReg ? 'bbox_tower.0.weight' : 'cls_tower.0.weight'
      ] as tf.Variable;
      own.assign(tf.add(own, 0.5));
      expect(Array.from(head.forward(x)[0]!.quality.dataSync())).not.toEqual(Array.from(before));
    });
  }

  it('forward + flatten in tf.tidy leaves no tensor behind', async () => {
    const head = new FcosHead(small);
    const x = feats();
    await expectNoTensorLeak(() => {
      tf.tidy(() => head.flatten(head.forward(x)).clsLogits.dataSync());
    });
  });
});
