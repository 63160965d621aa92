import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initBackend, registerTrainingKernels, restoreStockKernels } from '@aligndet/core-tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface WasmInternals {
  dataIdMap: { has(dataId: object): boolean };
}

describe('wasm Identity is an alias (shared data, reference counted)', () => {
  let backend: WasmInternals;
  beforeAll(async () => {
    await initBackend('wasm', { log: () => {}, env: {} });
    backend = tf.backend() as unknown as WasmInternals;
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a clone shares the data buffer and outlives the original', () => {
    const buffers = tf.memory().numDataBuffers;
    const x = tf.tensor2d([1, 2, 3, 4.5], [2, 2]);
    const y = tf.clone(x); // tf.clone runs the Identity kernel
    expect(tf.memory().numDataBuffers).toBe(buffers + 1); // stock Identity: + 2
    x.dispose();
    expect([...y.dataSync()]).toEqual([1, 2, 3, 4.5]);
    const id = y.dataId;
    y.dispose();
    expect(backend.dataIdMap.has(id)).toBe(false); // freed with its last reference
    expect(tf.memory().numDataBuffers).toBe(buffers);
  });

  it('gradients that pass dy through Identity still equal the cpu backend', async () => {
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.add(a, b), tf.add(a, tf.square(b))));
    const a = [0.5, -1, 2, 3];
    const b = [1, 0.25, -2, 0.5];
    const wasm = tf
      .grads(f)([tf.tensor1d(a), tf.tensor1d(b)])
      .map((t) => [...t.dataSync()]);
    await tf.setBackend('cpu');
    const cpu = tf
      .grads(f)([tf.tensor1d(a), tf.tensor1d(b)])
      .map((t) => [...t.dataSync()]);
    await tf.setBackend('wasm');
    expect(wasm).toEqual(cpu);
  });

  it('restoreStockKernels brings back the copying Identity', () => {
    restoreStockKernels();
    const buffers = tf.memory().numDataBuffers;
    const x = tf.tensor1d([1, 2]);
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers + 2);
    tf.dispose([x, y]);
    registerTrainingKernels();
    const w = tf.tensor1d([3]);
    const z = tf.clone(w);
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    tf.dispose([w, z]);
  });
});
