import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Match, pointGrid } from '@aligndet/core-tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { YoloStyleHead, yoloStyleLoss } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('YoloStyleHead: outputs and box decoding', () => {
  it('DFL distances are the expectation over the bins; decoding is point ∓ distance·stride', () => {
    const head = new YoloStyleHead({ numClasses: 2, numLevels: 1, channels: 8, dflBins: 4 });
    // one point, bins logits: side 0 certain at bin 3, side 1 half 1 / half 2, sides 2, 3 uniform
    const big = 40;
    const logits = tf.tensor3d([[[0, 0, 0, big, 0, big, big, 0, 0, 0, 0, 0, 1, 1, 1, 1]]]);
    const d = head.distances({ clsLogits: tf.zeros([1, 1, 2]) as tf.Tensor3D, boxLogits: logits });
    expect(Array.from(d.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([3, 1.5, 1.5, 1.5]);
    const boxes = head.decode(d, pointGrid([[1, 1]], [8], { offset: 'center' }));
    // point (4, 4), stride 8
    expect(Array.from(boxes.dataSync()).map((v) => Number(v.toFixed(4)))).toEqual([-20, -8, 16, 16]);
    tf.dispose([logits, d, boxes]);
    head.dispose();
  });

  it('every level has its own stem and branches (no sharing across levels)', () => {
    const head = new YoloStyleHead({ numClasses: 3, numLevels: 3, channels: 8 });
    expect(head.towers()).toHaveLength(6);
    expect(new Set(head.parameters()).size).toBe(head.parameters().length);
    const perLevel = head.levels[0]!.numParameters();
    expect(head.numParameters()).toBe(3 * perLevel);
    head.dispose();
  });
});

describe('YoloStyleHead: bad options', () => {
  it('throws when dflBins is 1 or a count is not a positive integer, naming the field', () => {
    expect(() => new YoloStyleHead({ numClasses: 2, numLevels: 1, dflBins: 1 })).toThrow(/dflBins/);
    expect(() => new YoloStyleHead({ numClasses: 0, numLevels: 1 })).toThrow(/numClasses/);
    expect(() => new YoloStyleHead({ numClasses: 2, numLevels: 1, inChannels: 2.5 })).toThrow(/inChannels/);
  });
});

// A plain-JS float64 reference of the loss on a tiny case: 2 points (stride 8), 2 classes, one GT.
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const bce = (x: number, y: number) => -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));
function giouLtrb(p: number[], t: number[]): number {
  const area = (d: number[]) => (d[0]! + d[2]!) * (d[1]! + d[3]!);
  const iw = Math.min(p[0]!, t[0]!) + Math.min(p[2]!, t[2]!);
  const ih = Math.min(p[1]!, t[1]!) + Math.min(p[3]!, t[3]!);
  const inter = Math.max(iw, 0) * Math.max(ih, 0);
  const union = area(p) + area(t) - inter;
  const ew = Math.max(p[0]!, t[0]!) + Math.max(p[2]!, t[2]!);
  const eh = Math.max(p[1]!, t[1]!) + Math.max(p[3]!, t[3]!);
  // core's distanceGiou: the official FCOS IoU loss's +1 smoothing, the enclosing area + 1e-7
  const c = ew * eh + 1e-7;
  return (inter + 1) / (union + 1) - (c - union) / c;
}

describe('yoloStyleLoss against a float64 reference', () => {
  const grid = pointGrid([[1, 2]], [8], { offset: 'center' }); // points (4, 4), (12, 4)
  const gt = { gtBoxes: Float32Array.from([0, 0, 20, 14]), gtLabels: Int32Array.from([1]) };
  const clsLogits = [0.3, -1.2, -2, 0.5];
  const dist = [0.4, 0.6, 1.8, 1.1, 1.2, 0.3, 0.9, 1.0]; // (l, t, r, b) in strides, per point
  const bins = 4;
  const boxLogits = Array.from({ length: 2 * 4 * bins }, (_, i) => Math.sin(i) * 0.7);

  it.each([
    ['hard targets (no quality metric), no DFL', undefined, 0],
    ['soft targets (metrics.quality), DFL 4 bins, gains', Float32Array.from([0.7, 0]), bins],
  ] as const)('%s', (_, quality, dflBins) => {
    const match: Match = {
      gtIndex: Int32Array.from([0, -1]),
      labels: Int32Array.from([1, -1]),
      numPositives: 1,
      ...(quality ? { metrics: { quality } } : {}),
    };
    const gains = dflBins ? { cls: 0.5, box: 7.5, dfl: 1.5 } : {};
    const w = quality ? quality[0]! : 1;
    // targets: point 0 (4, 4) towards [0, 0, 20, 14] in strides
    const t = [4 / 8, 4 / 8, 16 / 8, 10 / 8];
    const y = [0, w, 0, 0];
    const norm = Math.max(1, w);
    const cls = (clsLogits.reduce((s, x, i) => s + bce(x, y[i]!), 0) / norm) * (gains.cls ?? 1);
    const box = ((w * (1 - giouLtrb(dist.slice(0, 4), t))) / norm) * (gains.box ?? 1);
    let dfl = 0;
    if (dflBins) {
      let ce = 0;
      for (let k = 0; k < 4; k++) {
        const z = boxLogits.slice(k * bins, (k + 1) * bins);
        const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
        const tk = Math.min(Math.max(t[k]!, 0), bins - 1 - 0.01);
        const lo = Math.floor(tk);
        ce += -((lo + 1 - tk) * (z[lo]! - lse) + (tk - lo) * (z[lo + 1]! - lse));
      }
      dfl = ((w * ce) / 4 / norm) * (gains.dfl ?? 1);
    }
    const out = tf.tidy(() => {
      const l = yoloStyleLoss(
        tf.tensor3d(clsLogits, [1, 2, 2]),
        dflBins ? tf.tensor3d(boxLogits, [1, 2, 4 * bins]) : tf.tensor3d(dist, [1, 2, 4]),
        tf.tensor3d(dist, [1, 2, 4]),
        [match],
        grid,
        [gt],
        dflBins,
        gains,
      );
      expect(l.numPositives).toBe(1);
      return [l.total, l.cls, l.box, l.dfl].map((v) => v.dataSync()[0]!);
    });
    // float32 arithmetic against float64: 1e-5 relative
    const close = (a: number, b: number) =>
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.abs(b) + 1e-6);
    close(out[1]!, cls);
    close(out[2]!, box);
    close(out[3]!, dfl);
    close(out[0]!, cls + box + dfl);
  });

  it('zero positives: the box and DFL terms are 0 and every output still gets a gradient', () => {
    const none: Match = {
      gtIndex: Int32Array.from([-1, -1]),
      labels: Int32Array.from([-1, -1]),
      numPositives: 0,
    };
    const before = tf.memory().numTensors;
    const c = tf.tidy(() => tf.variable(tf.tensor3d(clsLogits, [1, 2, 2])));
    const b = tf.tidy(() => tf.variable(tf.tensor3d(dist, [1, 2, 4])));
    let parts: tf.Scalar[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const empty = [{ gtBoxes: new Float32Array(0), gtLabels: new Int32Array(0) }];
      const l = yoloStyleLoss(c, b, tf.softplus(b) as tf.Tensor3D, [none], grid, empty, 0);
      parts = [tf.keep(l.cls), tf.keep(l.box), tf.keep(l.dfl)];
      return l.total;
    }, [c, b]);
    expect(parts[1]!.dataSync()[0]).toBe(0);
    expect(parts[2]!.dataSync()[0]).toBe(0);
    tf.dispose(parts);
    const ref = clsLogits.reduce((s, x) => s + bce(x, 0), 0);
    expect(Math.abs(value.dataSync()[0]! - ref)).toBeLessThan(1e-5);
    expect(Object.keys(grads)).toHaveLength(2);
    tf.dispose([value, ...Object.values(grads), c, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
