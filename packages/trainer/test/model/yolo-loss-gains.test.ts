// model.lossGains reaches the YOLO-style loss: each part scales by its gain (Ultralytics' 0.5 / 7.5 /
// 1.5 against the default 1 / 1 / 1 on the same weights and input), positives unchanged.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { buildDetector } from '../../src/run/build-detector';

const targets = [
  { boxes: Float32Array.from([8, 8, 40, 40, 20, 16, 60, 56]), labels: Int32Array.from([0, 2]) },
  { boxes: Float32Array.from([4, 30, 30, 62]), labels: Int32Array.from([1]) },
];
const small = [
  'model.head=yolo-style',
  'model.assigner=tal-ultralytics',
  'model.rfa=none',
  'model.fpnChannels=16',
  'model.headChannels=16',
  'model.headConvs=1',
  'model.headGroups=4',
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('model.lossGains={cls 0.5, box 7.5, dfl 1.5}: every loss part scales by its gain', async () => {
  const parts = (overrides: string[]) => {
    const det = buildDetector(resolveConfig({}, [...small, ...overrides]), 3);
    const images = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const run = () => {
      // the parts are kept out of tidy scopes for logging: the caller disposes them
      const l = tf.tidy(() => ({ ...det.losses(images, targets) }));
      const values: Record<string, number> = { total: l.total.dataSync()[0]!, numPositives: l.numPositives };
      for (const [k, v] of Object.entries(l.parts)) values[k] = v.dataSync()[0]!;
      tf.dispose([l.total, ...Object.values(l.parts)]);
      return values;
    };
    // the first call fills the detector's point-grid cache; later calls must leave nothing behind
    const values = run();
    const before = tf.memory().numTensors;
    expect(run()).toEqual(values);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    det.dispose();
    return values;
  };
  const one = parts([]);
  const ultra = parts(['model.lossGains.cls=0.5', 'model.lossGains.box=7.5', 'model.lossGains.dfl=1.5']);
  expect(one.numPositives).toBeGreaterThan(0);
  expect(ultra.numPositives).toBe(one.numPositives);
  const gains: Record<string, number> = { loss_cls: 0.5, loss_box: 7.5, loss_dfl: 1.5 };
  for (const [k, g] of Object.entries(gains)) {
    expect(one[k]).toBeGreaterThan(0);
    expect(Math.abs(ultra[k]! - g * one[k]!)).toBeLessThanOrEqual(1e-5 * g * one[k]!);
  }
  expect(ultra.total).toBeCloseTo(ultra.loss_cls! + ultra.loss_box! + ultra.loss_dfl!, 4);
});

it('model.lossGains on the FCOS head is a config error naming the field', () => {
  expect(() => resolveConfig({}, ['model.lossGains.box=7.5'])).toThrow(
    /model\.lossGains: applies to the yolo-style head only/,
  );
});
