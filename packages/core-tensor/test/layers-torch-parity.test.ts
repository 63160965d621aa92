import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  Conv2d,
  FrozenBatchNorm2d,
  GroupNorm,
  initBackend,
  torchConvWeightToTf,
} from '@aligndet/core-tensor';
import { expectNoTensorLeak, expectTensorsClose, gradCheck } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const fx = JSON.parse(readFileSync(new URL('./fixtures/layers.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  // initBackend registers the fused GroupNorm kernels: the torch references check them
  await initBackend('cpu', { log: () => {}, env: {} });
});

describe('GroupNorm vs torch.nn.GroupNorm (tolerance 1e-5 rel + 1e-5 abs, float32 vs float64 reference)', () => {
  for (const name of ['gn_c8_g4', 'gn_c64_g32']) {
    const c = fx[name];
    const [n, h, w, ch] = c.shape as number[];
    it(`${name}: x=[${n},${h},${w},${ch}] G=${c.groups} forward and gradients`, () => {
      const gn = new GroupNorm({ numGroups: c.groups, numChannels: ch });
      gn.loadStateDict({
        weight: { shape: [ch], data: Float32Array.from(c.weight) },
        bias: { shape: [ch], data: Float32Array.from(c.bias) },
      });
      const x = tf.tensor4d(c.x, [n, h, w, ch]);
      const r = tf.tensor4d(c.upstream, [n, h, w, ch]);
      expectTensorsClose(gn.forward(x), c.y, { rtol: 1e-5, atol: 1e-5 });
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(gn.forward(x), r)) as tf.Scalar,
        [gn.weight!, gn.bias!],
      );
      const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(gn.forward(xx as tf.Tensor4D), r)))(x);
      expectTensorsClose(dx, c.dx, { rtol: 1e-4, atol: 1e-5 });
      expectTensorsClose(grads[gn.weight!.name]!, c.dweight, { rtol: 1e-4, atol: 1e-5 });
      expectTensorsClose(grads[gn.bias!.name]!, c.dbias, { rtol: 1e-4, atol: 1e-5 });
      value.dispose();
    });
  }

  it('finite differences against a float64 JS GroupNorm', () => {
    const gn = new GroupNorm({ numGroups: 2, numChannels: 4 });
    const x = tf.tensor4d(
      Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 2),
      [1, 2, 3, 4],
    );
    const r = Array.from({ length: 24 }, (_, i) => Math.cos(i));
    const ref = (v: Float64Array) => {
      let s = 0;
      for (let g = 0; g < 2; g++) {
        const idx: number[] = [];
        for (let p = 0; p < 6; p++) for (let k = 0; k < 2; k++) idx.push(p * 4 + g * 2 + k);
        const mean = idx.reduce((a, i) => a + v[i]!, 0) / idx.length;
        const varr = idx.reduce((a, i) => a + (v[i]! - mean) ** 2, 0) / idx.length;
        for (const i of idx) s += ((v[i]! - mean) / Math.sqrt(varr + 1e-5)) * r[i]!;
      }
      return s;
    };
    const rt = tf.tensor4d(r, [1, 2, 3, 4]);
    gradCheck((xx) => tf.sum(tf.mul(gn.forward(xx as tf.Tensor4D), rt)) as tf.Scalar, [x], {
      reference: ref,
      rtol: 2e-3,
      atol: 1e-3,
    });
  });

  it('throws when numGroups does not divide numChannels', () => {
    expect(() => new GroupNorm({ numGroups: 3, numChannels: 8 })).toThrow(
      'GroupNorm: numGroups: expected a positive divisor of numChannels (8), got 3',
    );
  });
});

describe('Conv2d vs torch.nn.functional.conv2d', () => {
  it('x=[2,9,8,4] k=3 s=2 p=(1,2) d=2 groups=2 (weights loaded from torch layout)', () => {
    const c = fx.conv_s2_p12_d2_g2;
    const conv = new Conv2d({
      inChannels: 4,
      outChannels: 6,
      kernelSize: 3,
      stride: 2,
      padding: [1, 2],
      dilation: 2,
      groups: 2,
    });
    const w = torchConvWeightToTf({ shape: c.weight_torch_shape, data: Float32Array.from(c.weight_torch) });
    conv.loadStateDict({ weight: w, bias: { shape: [6], data: Float32Array.from(c.bias) } });
    const y = conv.forward(tf.tensor4d(c.x, c.x_shape));
    expect(y.shape).toEqual(c.y_shape);
    expectTensorsClose(y, c.y, { rtol: 1e-5, atol: 1e-5 });
  });

  it('throws when x has the wrong channel count', () => {
    const conv = new Conv2d({ inChannels: 4, outChannels: 6, kernelSize: 3 });
    expect(() => conv.forward(tf.zeros([1, 5, 5, 3]) as tf.Tensor4D)).toThrow(
      'Conv2d: x: expected shape [*,*,*,4], got [1,5,5,3]',
    );
  });

  it('describes its geometry for tower seams, and does not leak', async () => {
    const conv = new Conv2d({ inChannels: 8, outChannels: 8, kernelSize: [3, 1], padding: [1, 0] });
    expect(conv.convGeometry).toMatchObject({
      kernelSize: [3, 1],
      padding: [1, 0],
      stride: [1, 1],
      groups: 1,
      bias: true,
    });
    const x = tf.ones([1, 4, 4, 8]) as tf.Tensor4D;
    await expectNoTensorLeak(() => tf.tidy(() => conv.forward(x)).dispose());
  });
});

describe('FrozenBatchNorm2d vs torchvision', () => {
  it('x=[1,3,2,5]', () => {
    const c = fx.frozen_bn;
    const bn = new FrozenBatchNorm2d(5);
    const v = (k: string) => ({ shape: [5], data: Float32Array.from(c[k]) });
    bn.loadStateDict({
      weight: v('weight'),
      bias: v('bias'),
      running_mean: v('running_mean'),
      running_var: v('running_var'),
    });
    expectTensorsClose(bn.forward(tf.tensor4d(c.x, c.shape)), c.y, { rtol: 1e-5, atol: 1e-6 });
    expect(bn.parameters()).toHaveLength(0);
  });
});

describe('Conv2d with bias runs tf.fused.conv2d: equal to conv2d + add (values and gradients, 1e-5)', () => {
  const cases = [
    { name: '3×3 stride 1 pad 1', kernelSize: 3, stride: 1, padding: 1 },
    {
      name: '3×1 stride 2 pad (1,0)',
      kernelSize: [3, 1] as [number, number],
      stride: 2,
      padding: [1, 0] as [number, number],
    },
    { name: '1×1', kernelSize: 1, stride: 1, padding: 0 },
  ];
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const c of cases) {
      it(`${backend}: ${c.name}`, async () => {
        await initBackend(backend, { log: () => {}, env: {}, wasmThreads: 1 });
        const conv = new Conv2d({
          inChannels: 5,
          outChannels: 6,
          kernelSize: c.kernelSize,
          stride: c.stride,
          padding: c.padding,
        });
        conv.bias!.assign(tf.linspace(-1, 1, 6));
        const x = tf.tensor4d(
          Array.from({ length: 2 * 7 * 6 * 5 }, (_, i) => Math.sin(i * 0.7)),
          [2, 7, 6, 5],
        );
        const [ph, pw] = conv.convGeometry.padding;
        const plain = (xx: tf.Tensor4D) =>
          tf.add(
            tf.conv2d(xx, conv.weight as tf.Tensor4D, conv.convGeometry.stride, [
              [0, 0],
              [ph, ph],
              [pw, pw],
              [0, 0],
            ]),
            conv.bias!,
          );
        const r = tf.randomNormal(plain(x).shape, 0, 1, 'float32', 3);
        const profile = await tf.profile(() => conv.forward(x));
        expect(profile.kernels.map((k) => k.name)).toContain('FusedConv2D');
        expect(profile.kernels.map((k) => k.name)).not.toContain('Add');
        expectTensorsClose(profile.result as tf.Tensor, plain(x), { rtol: 1e-5, atol: 1e-5 });
        const loss = (f: (xx: tf.Tensor4D) => tf.Tensor) => () => tf.sum(tf.mul(f(x), r)) as tf.Scalar;
        const fused = tf.variableGrads(
          loss((xx) => conv.forward(xx)),
          [conv.weight, conv.bias!],
        );
        const ref = tf.variableGrads(loss(plain), [conv.weight, conv.bias!]);
        for (const k of Object.keys(ref.grads))
          expectTensorsClose(fused.grads[k]!, ref.grads[k]!, { rtol: 1e-5, atol: 1e-5 });
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(conv.forward(xx as tf.Tensor4D), r)))(x);
        const dxRef = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(plain(xx as tf.Tensor4D), r)))(x);
        expectTensorsClose(dx, dxRef, { rtol: 1e-5, atol: 1e-5 });
        await tf.setBackend('cpu');
      });
    }
  }
});
