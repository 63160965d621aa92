import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoTensorLeak,
  expectTensorsClose,
  gradCheck,
  maxRelativeError,
} from '@aligndet/core-tensor/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('expectTensorsClose', () => {
  it('passes within tolerance and fails outside it, naming the element', () => {
    expectTensorsClose(tf.tensor1d([1, 2, 3]), [1, 2, 3.000001], { rtol: 1e-5 });
    expect(() => expectTensorsClose([1, 2, 3], [1, 2.1, 3], { rtol: 1e-3, atol: 0 })).toThrow(
      /element 1: got 2, expected 2.1/,
    );
  });
  it('throws when shapes differ', () => {
    expect(() => expectTensorsClose(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(
      /shape \[2,3\] != expected \[3,2\]/,
    );
    expect(() => expectTensorsClose([1, 2], [1, 2, 3])).toThrow(/2 elements != expected 3/);
  });
  it('maxRelativeError', () => {
    expect(maxRelativeError([1, 2.2], [1, 2])).toBeCloseTo(0.1, 12);
  });
});

describe('gradCheck', () => {
  it('accepts a correct gradient against a float64 reference', () => {
    const x = tf.tensor1d([0.3, -1.2, 2]);
    const r = gradCheck((t) => tf.sum(tf.mul(t, tf.sin(t))), [x], {
      reference: (v) => v.reduce((s, a) => s + a * Math.sin(a), 0),
    });
    expect(r.checked[0]).toBe(3);
  });
  it('rejects a wrong gradient (custom gradient off by a factor 2)', () => {
    const wrong = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const t = args[0] as tf.Tensor;
      return { value: tf.sum(tf.square(t)), gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.mul(t, 4)) };
    });
    const x = tf.tensor1d([0.5, 1.5]);
    expect(() =>
      gradCheck((t) => wrong(t) as tf.Scalar, [x], { reference: (v) => v.reduce((s, a) => s + a * a, 0) }),
    ).toThrow(/input 0, element 0: analytic 2, numeric 0\.99999/);
  });
});

describe('expectNoTensorLeak', () => {
  it('passes for a tidy step and fails for a leaking one', async () => {
    const x = tf.ones([4]);
    await expectNoTensorLeak(() => tf.tidy(() => tf.add(x, 1)).dispose());
    await expect(expectNoTensorLeak(() => tf.add(x, 1))).rejects.toThrow(/numTensors grew/);
  });
});
