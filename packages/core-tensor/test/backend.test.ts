import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import {
  BackendUnavailableError,
  initBackend,
  missingKernels,
  registerTrainingKernels,
} from '@aligndet/core-tensor';
import { afterAll, describe, expect, it } from 'vitest';

/** A loader that fails for the given packages the way Node does for an absent package. */
function loaderWithout(absent: string[], broken: string[] = []) {
  return async (name: string) => {
    if (absent.includes(name)) {
      const e = new Error(`Cannot find package '${name}' imported from /x.js`) as NodeJS.ErrnoException;
      e.code = 'ERR_MODULE_NOT_FOUND';
      throw e;
    }
    if (broken.includes(name)) throw new Error('libtensorflow.so.2: cannot open shared object file');
    return import(/* @vite-ignore */ name);
  };
}

const NODE = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

describe('initBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('training on this machine: skips the absent tfjs-node(-gpu), chooses wasm (threads = cores, with aligndet training kernels), and logs why', async () => {
    const lines: string[] = [];
    const info = await initBackend('auto', { log: (l) => lines.push(l), env: {} });
    expect(info.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const cores = Math.min(availableParallelism(), 8);
    const threads = cores === 1 ? '1 thread (one core)' : `${cores} threads`;
    expect(info.threads).toBe(cores);
    expect(lines).toEqual([
      `aligndet: backend wasm with ${threads} for training — not faster ones: @tensorflow/tfjs-node-gpu is not installed; @tensorflow/tfjs-node is not installed`,
    ]);
  });

  it('stock tfjs (registerKernels: false): wasm lacks Conv2DBackpropFilter, so training falls to cpu, and requesting wasm fails up front', async () => {
    for (const k of ['Conv2DBackpropFilter', 'UnsortedSegmentSum']) tf.unregisterKernel(k, 'wasm');
    const lines: string[] = [];
    const info = await initBackend('auto', { log: (l) => lines.push(l), env: {}, registerKernels: false });
    expect(info.choice).toBe('cpu');
    expect(lines[0]).toMatch(
      /^aligndet: backend cpu for training — not faster ones: .*wasm lacks training kernels Conv2DBackpropFilter, UnsortedSegmentSum/,
    );
    await expect(initBackend('wasm', { log: () => {}, env: {}, registerKernels: false })).rejects.toThrow(
      /backend wasm \(requested\) is unavailable: wasm lacks training kernels Conv2DBackpropFilter/,
    );
    await initBackend('wasm', { purpose: 'inference', log: () => {}, env: {}, registerKernels: false });
    expect(missingKernels('wasm', 'training')).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    registerTrainingKernels();
    expect(missingKernels('wasm', 'training')).toEqual([]);
  });

  it('inference: wasm has its kernels and is chosen', async () => {
    const info = await initBackend('auto', {
      purpose: 'inference',
      log: () => {},
      env: {},
      loadModule: loaderWithout(NODE),
    });
    expect(info.choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls through to cpu when wasm cannot load either', async () => {
    const info = await initBackend('auto', {
      purpose: 'inference',
      log: () => {},
      env: {},
      loadModule: loaderWithout(NODE, ['@tensorflow/tfjs-backend-wasm']),
    });
    expect(info.choice).toBe('cpu');
    expect(info.reason).toMatch(
      /@tensorflow\/tfjs-backend-wasm is installed but failed to load \(libtensorflow/,
    );
  });

  it('ALIGNDET_BACKEND overrides the argument', async () => {
    const lines: string[] = [];
    const info = await initBackend('auto', {
      purpose: 'inference',
      log: (l) => lines.push(l),
      env: { ALIGNDET_BACKEND: 'cpu' },
    });
    expect(info.choice).toBe('cpu');
    expect(lines[0]).toMatch(/backend cpu \(ALIGNDET_BACKEND\) for inference/);
    await expect(initBackend('auto', { log: () => {}, env: { ALIGNDET_BACKEND: 'gpu' } })).rejects.toThrow(
      /ALIGNDET_BACKEND=gpu: expected one of auto, tensorflow-gpu, tensorflow, webgpu, webgl, wasm, cpu/,
    );
  });

  it('throws when a requested backend is not installed, naming the package to install', async () => {
    await expect(initBackend('tensorflow', { log: () => {}, env: {} })).rejects.toThrow(
      BackendUnavailableError,
    );
    await expect(initBackend('tensorflow', { log: () => {}, env: {} })).rejects.toThrow(
      'backend tensorflow (requested) is unavailable: @tensorflow/tfjs-node is not installed; install it with: npm install @tensorflow/tfjs-node',
    );
  });

  it('missingKernels reports none for cpu', async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
    expect(missingKernels('cpu', 'training')).toEqual([]);
  });

  it('the training probe leaves no tensors behind', async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) missingKernels('cpu', 'training');
    expect(tf.memory().numTensors).toBe(before);
  });
});
