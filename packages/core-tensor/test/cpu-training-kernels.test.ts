import * as tf from '@tensorflow/tfjs-core';
import { initBackend, registerTrainingKernels, restoreStockKernels } from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convCases } from './helpers/conv-cases';

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/** The filter gradient through the registered cpu kernel, for fixed random x and dy. */
function filterGrad(c: (typeof convCases)[number], dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 11);
    const dyShape = tf.conv2d(
      tf.zeros(c.x) as tf.Tensor4D,
      tf.zeros(c.w) as tf.Tensor4D,
      c.stride,
      c.pad,
    ).shape;
    const dy = tf.randomNormal(dyShape, 0, 1, 'float32', 12);
    const nchw = dataFormat === 'NCHW';
    const dw = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x: nchw ? tf.transpose(x, [0, 3, 1, 2]) : x, dy: nchw ? tf.transpose(dy, [0, 3, 1, 2]) : dy },
        { strides: c.stride, pad: c.pad, dataFormat, filterShape: c.w },
      ) as tf.Tensor;
    return dw.dataSync() as Float32Array;
  });
}

describe('cpu Conv2DBackpropFilter (im2col + the cpu matmul) equals tfjs-backend-cpu’s own kernel', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
  });
  afterAll(() => registerTrainingKernels());

  it('initBackend registered it in place of the stock kernel', () => {
    const ours = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
    restoreStockKernels();
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
    registerTrainingKernels();
    expect(stock).not.toBe(ours);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).not.toBe(stock);
  });

  for (const c of convCases) {
    it(`dW: ${c.name}`, () => {
      registerTrainingKernels();
      const ours = filterGrad(c);
      restoreStockKernels();
      const stock = filterGrad(c);
      registerTrainingKernels();
      expectTensorsClose(ours, stock, { rtol: 1e-4, atol: 1e-5 * maxAbs(stock) });
    });
  }

  it('NCHW goes to the stock kernel: x=[3,9,8,5] k=3x3 s=2 same', () => {
    const c = convCases[1]!;
    registerTrainingKernels();
    const nchw = filterGrad(c, 'NCHW');
    const nhwc = filterGrad(c, 'NHWC');
    expectTensorsClose(nchw, nhwc, { rtol: 1e-4, atol: 1e-5 * maxAbs(nhwc) });
  });

  it('leaks no tensors or backend buffers', () => {
    const c = convCases[1]!;
    filterGrad(c);
    const t0 = tf.memory().numTensors;
    const ids0 = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) filterGrad(c);
    expect(tf.memory().numTensors).toBe(t0);
    expect(tf.backend().numDataIds()).toBe(ids0);
  });
});
