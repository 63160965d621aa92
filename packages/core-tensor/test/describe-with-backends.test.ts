import * as tf from '@tensorflow/tfjs-core';
import { describeWithBackends } from '@aligndet/core-tensor/testing';
import { expect, it } from 'vitest';

const seen: string[] = [];

await describeWithBackends(
  'a forward-only suite',
  { requires: 'inference', backends: ['cpu', 'wasm', 'tensorflow'] },
  (backend) => {
    it('runs with its backend active', () => {
      seen.push(backend);
      expect(tf.getBackend()).toBe(backend);
      expect(Array.from(tf.add([1, 2], [3, 4]).dataSync())).toEqual([4, 6]);
    });
  },
);

await describeWithBackends(
  'a training suite',
  { requires: 'training', backends: ['cpu', 'wasm'] },
  (backend) => {
    it('gets gradients', () => {
      expect(tf.getBackend()).toBe(backend); // wasm trains with aligndet's kernels
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2]));
      expect(Array.from(g.dataSync())).toEqual([2, 4]);
    });
  },
);

it('ran the inference suite on cpu and wasm only (tfjs-node is not installed here)', () => {
  expect(seen).toEqual(['cpu', 'wasm']);
});
