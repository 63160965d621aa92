import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeak, expectTensorsClose } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradNorm } from '../../src/solver/clip-grad-norm';
import { warmupMultiStepLr } from '../../src/solver/lr-schedule';
import { SGD } from '../../src/solver/sgd';

const fx = JSON.parse(readFileSync(new URL('../fixtures/sgd.json', import.meta.url), 'utf8'));
const shapes: Record<string, number[]> = fx.shapes;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function makeParams(): Array<[string, tf.Variable]> {
  return Object.keys(shapes).map((k) => [k, tf.variable(tf.tensor(fx.init[k], shapes[k]))]);
}

describe('SGD (vs torch.optim.SGD, momentum 0.9, bias lr x2 / no decay)', () => {
  it('three steps match torch to 1e-6', () => {
    const params = makeParams();
    const opt = new SGD(params);
    fx.grads.forEach((g: Record<string, number[]>, i: number) => {
      const grads: tf.NamedTensorMap = {};
      for (const [name, v] of params) grads[v.name] = tf.tensor(g[name]!, shapes[name]);
      opt.step(grads, fx.lrs[i]);
      tf.dispose(Object.values(grads));
      for (const [name, v] of params) expectTensorsClose(v, fx.after[i][name], { rtol: 1e-6, atol: 1e-7 });
    });
  });

  it('momentum state saved and restored resumes identically', () => {
    const a = makeParams();
    const optA = new SGD(a);
    const grads = (params: Array<[string, tf.Variable]>, i: number) => {
      const m: tf.NamedTensorMap = {};
      for (const [name, v] of params) m[v.name] = tf.tensor(fx.grads[i][name], shapes[name]);
      return m;
    };
    optA.step(grads(a, 0), 0.01);
    const saved = Object.fromEntries(Object.entries(optA.stateDict()).map(([k, v]) => [k, tf.clone(v)]));
    const b: Array<[string, tf.Variable]> = a.map(([n, v]) => [n, tf.variable(tf.clone(v))]);
    const optB = new SGD(b);
    optB.loadStateDict(saved);
    optA.step(grads(a, 1), 0.01);
    optB.step(grads(b, 1), 0.01);
    for (let i = 0; i < a.length; i++) expectTensorsClose(b[i]![1], a[i]![1], { rtol: 0, atol: 0 });
    expect(() => optB.loadStateDict({ nope: tf.zeros([1]) })).toThrow(/no parameter named "nope"/);
  });

  it('does not leak tensors across steps', async () => {
    const params = makeParams();
    const opt = new SGD(params);
    await expectNoTensorLeak(() => {
      const g: tf.NamedTensorMap = {};
      for (const [name, v] of params) g[v.name] = tf.onesLike(v);
      opt.step(g, 0.1);
      tf.dispose(Object.values(g));
    });
  });
});

describe('clipGradNorm (vs torch.nn.utils.clip_grad_norm_)', () => {
  it('scales to the max norm and reports the total norm', () => {
    const g: tf.NamedTensorMap = {
      w: tf.tensor(fx.grads[0]['conv.weight'], [3, 2]),
      b: tf.tensor(fx.grads[0]['conv.bias'], [2]),
    };
    const { grads, totalNorm } = clipGradNorm(g, fx.clip.max_norm);
    expect(totalNorm).toBeCloseTo(fx.clip.total_norm, 5);
    expectTensorsClose(grads.w!, fx.clip.weight, { rtol: 1e-5 });
    expectTensorsClose(grads.b!, fx.clip.bias, { rtol: 1e-5 });
  });
});

describe('warmupMultiStepLr (spec §4 values)', () => {
  const o = { baseLr: 0.01, warmupIters: 500, steps: [60000, 80000] };
  it.each([
    [1, 0.01 / 3],
    [500, 0.01 / 3],
    [501, 0.01],
    [60000, 0.01],
    [60001, 0.001],
    [80000, 0.001],
    [80001, 0.0001],
    [90000, 0.0001],
  ])('iteration %i -> %f', (iter, lr) => {
    expect(warmupMultiStepLr(iter, o)).toBeCloseTo(lr, 12);
  });
  it('linear warm-up ramps from the factor to 1', () => {
    expect(warmupMultiStepLr(1, { baseLr: 1, warmupIters: 10, warmupMethod: 'linear' })).toBeCloseTo(
      1 / 3,
      12,
    );
    expect(warmupMultiStepLr(6, { baseLr: 1, warmupIters: 10, warmupMethod: 'linear' })).toBeCloseTo(
      1 / 3 + (2 / 3) * 0.5,
      12,
    );
    expect(warmupMultiStepLr(11, { baseLr: 1, warmupIters: 10, warmupMethod: 'linear' })).toBe(1);
  });
});
