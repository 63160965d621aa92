import * as tf from '@tensorflow/tfjs-core';
import { initBackend, missingKernels } from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, describe, expect, it } from 'vitest';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** Runs `f` on a backend with fresh copies of the inputs and returns plain numbers. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await initBackend(backend, { purpose: 'inference', log: () => {}, env: {} });
  return tf.tidy(() => {
    const r = f();
    return (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync()));
  });
}

const cases: Array<{
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
}> = [
  { name: 'x=[1,9,8,5] k=3x3 s=1 same', x: [1, 9, 8, 5], w: [3, 3, 5, 6], stride: 1, pad: 'same' },
  { name: 'x=[3,9,8,5] k=3x3 s=2 same', x: [3, 9, 8, 5], w: [3, 3, 5, 7], stride: 2, pad: 'same' },
  {
    name: 'x=[2,10,7,3] k=3x1 s=(2,1) valid',
    x: [2, 10, 7, 3],
    w: [3, 1, 3, 4],
    stride: [2, 1],
    pad: 'valid',
  },
  {
    name: 'x=[1,7,7,6] k=5x5 s=1 explicit (1,2)(0,1)',
    x: [1, 7, 7, 6],
    w: [5, 5, 6, 2],
    stride: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  {
    name: 'x=[2,70,70,4] k=3x3 s=1 same (several im2col chunks)',
    x: [2, 70, 70, 4],
    w: [3, 3, 4, 5],
    stride: 1,
    pad: 'same',
  },
];

describe('wasm training kernels equal the cpu backend (float32 tolerance)', () => {
  afterAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
  });

  it('the wasm backend passes the training probe once they are registered', async () => {
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
    expect(missingKernels('wasm', 'training')).toEqual([]);
  });

  for (const c of cases) {
    it(`Conv2DBackpropFilter (conv2d weight gradient): ${c.name}`, async () => {
      const make = () => {
        const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
        const w = tf.randomNormal(c.w, 0, 0.3, 'float32', 2);
        const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
        const r = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
        return tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad), r)),
        )([x, w]);
      };
      const [cpu, wasm] = [await on('cpu', make), await on('wasm', make)];
      expectTensorsClose(wasm[1]!, cpu[1]!, { rtol: 1e-4, atol: 1e-4 });
      expectTensorsClose(wasm[0]!, cpu[0]!, { rtol: 1e-4, atol: 1e-4 });
    });
  }

  it('UnsortedSegmentSum and the gather gradient', async () => {
    const make = () => {
      const x = tf.randomNormal([7, 3, 2], 0, 1, 'float32', 4);
      const ids = tf.tensor1d([2, 0, 2, 4, -1, 1, 2], 'int32');
      const table = tf.randomNormal([5, 6], 0, 1, 'float32', 5);
      const idx = tf.tensor2d(
        [
          [0, 4, 4],
          [1, 0, 3],
        ],
        [2, 3],
        'int32',
      );
      const g = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.gather(t, idx), tf.reshape(tf.linspace(1, 2, 36), [2, 3, 6]))),
      )(table);
      return [tf.unsortedSegmentSum(x, ids, 5), g];
    };
    const [cpu, wasm] = [await on('cpu', make), await on('wasm', make)];
    expectTensorsClose(wasm[0]!, cpu[0]!, { rtol: 1e-6, atol: 1e-6 });
    expectTensorsClose(wasm[1]!, cpu[1]!, { rtol: 1e-6, atol: 1e-6 });
  });

  it('no tensors or wasm buffers leak across repeated gradient steps', async () => {
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
    const x = tf.randomNormal([2, 12, 12, 3]) as tf.Tensor4D;
    const w = tf.variable(tf.randomNormal([3, 3, 3, 4]));
    const step = () => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 2, 'same')) as tf.Scalar,
        [w],
      );
      value.dispose();
      tf.dispose(Object.values(grads));
    };
    step();
    const before = tf.memory() as tf.MemoryInfo & { numBytesInWASMHeap?: number };
    const t0 = before.numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(t0);
    x.dispose();
    w.dispose();
  });
});
