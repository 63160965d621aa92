import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  Conv2d,
  FrozenBatchNorm2d,
  GroupNorm,
  Module,
  ReLU,
  Sequential,
  StateDictError,
} from '@aligndet/core-tensor';
import { expectNoTensorLeak } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

class Tiny extends Module<tf.Tensor4D, tf.Tensor4D> {
  readonly tower = this.addModule(
    'tower',
    new Sequential([
      new Conv2d({ inChannels: 2, outChannels: 4, kernelSize: 3, padding: 1 }),
      new GroupNorm({ numGroups: 2, numChannels: 4 }),
      new ReLU(),
    ]),
  );
  readonly bn = this.addModule('bn', new FrozenBatchNorm2d(4));
  forward(x: tf.Tensor4D) {
    return this.bn.forward(this.tower.forward(x));
  }
}

describe('Module', () => {
  it('names parameters and buffers with dotted torch-style keys', () => {
    const m = new Tiny();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'tower.0.weight',
      'tower.0.bias',
      'tower.1.weight',
      'tower.1.bias',
    ]);
    expect(Object.keys(m.stateDict())).toEqual([
      ...m.namedParameters().map(([n]) => n),
      'bn.weight',
      'bn.bias',
      'bn.running_mean',
      'bn.running_var',
    ]);
    expect(m.numParameters()).toBe(2 * 4 * 9 + 4 + 4 + 4);
  });

  it('loadStateDict reports missing, unexpected and shape-mismatched keys by name', () => {
    const m = new Tiny();
    const state = { ...m.stateDict() } as Record<string, tf.Tensor>;
    delete state['tower.1.bias'];
    state['tower.9.weight'] = tf.zeros([1]);
    state['tower.0.bias'] = tf.zeros([5]);
    const r = m.loadStateDict(state, { strict: false });
    expect(r.missingKeys).toEqual(['tower.1.bias']);
    expect(r.unexpectedKeys).toEqual(['tower.9.weight']);
    expect(r.shapeMismatches).toEqual([{ key: 'tower.0.bias', expected: [4], actual: [5] }]);
    expect(() => m.loadStateDict(state)).toThrow(StateDictError);
    expect(() => m.loadStateDict(state)).toThrow(
      /missing keys: tower\.1\.bias; unexpected keys: tower\.9\.weight; shape mismatch for tower\.0\.bias: expected \[4\], got \[5\]/,
    );
  });

  it('copies values (params and buffers) from another module', () => {
    const a = new Tiny();
    const b = new Tiny();
    a.loadStateDict(
      { 'bn.running_mean': { shape: [4], data: Float32Array.from([1, 2, 3, 4]) } },
      { strict: false },
    );
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.stateDict()['bn.running_mean']!.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.stateDict()['tower.0.weight']!.dataSync())).toEqual(
      Array.from(a.stateDict()['tower.0.weight']!.dataSync()),
    );
  });

  it('trainable flags, train/eval, and Sequential.replaceLayer', () => {
    const m = new Tiny();
    m.tower.layerAt(0).setTrainable(false);
    expect(m.parameters(true)).toHaveLength(2);
    m.eval();
    expect(m.tower.layerAt(2).training).toBe(false);
    const old = m.tower.replaceLayer(0, new Conv2d({ inChannels: 2, outChannels: 4, kernelSize: 1 }));
    expect(old).toBeInstanceOf(Conv2d);
    expect(m.tower.layerAt(0).training).toBe(false);
    expect(m.tower.convIndices()).toEqual([0]);
    expect(() => m.tower.replaceLayer(3, new ReLU())).toThrow(
      'Sequential: index: expected an integer in [0, 2], got 3',
    );
  });

  it('forward does not leak tensors; dispose frees the variables', async () => {
    const m = new Tiny();
    const x = tf.ones([1, 5, 5, 2]) as tf.Tensor4D;
    await expectNoTensorLeak(() => tf.tidy(() => m.forward(x)).dispose());
    const before = tf.memory().numTensors;
    m.dispose();
    expect(tf.memory().numTensors).toBe(before - 8);
  });
});
