import * as tf from '@tensorflow/tfjs-core';
import {
  GroupNorm,
  GroupNormKernel,
  groupNorm,
  groupNormSimdOptions,
  InvalidArgumentError,
  TRAINING_KERNEL_CONFIGS,
} from '@aligndet/core-tensor';
import {
  describeWithBackends,
  expectNoTensorLeak,
  expectTensorsClose,
  gradCheck,
} from '@aligndet/core-tensor/testing';
import { describe, expect, it } from 'vitest';
import { groupNormSimd } from '../src/backend/kernels/group-norm/group-norm-simd';
import { groupNormComposite } from '../src/ops/group-norm';

/** Deterministic, varied test data (no RNG state shared with other tests). */
const wave = (n: number, a: number, b = 0) =>
  Array.from({ length: n }, (_, i) => Math.sin(i * a + b) * 2 + Math.cos(i * 0.37));

/** float64 GroupNorm of NHWC data, the independent reference. */
function reference(
  x: number[],
  shape: number[],
  groups: number,
  w: number[],
  b: number[],
  eps = 1e-5,
): number[] {
  const [n, h, wd, c] = shape as [number, number, number, number];
  const cg = c / groups;
  const y = new Array<number>(x.length);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      const idx: number[] = [];
      for (let p = 0; p < h * wd; p++)
        for (let k = 0; k < cg; k++) idx.push((i * h * wd + p) * c + g * cg + k);
      const mean = idx.reduce((s, j) => s + x[j]!, 0) / idx.length;
      const v = idx.reduce((s, j) => s + (x[j]! - mean) ** 2, 0) / idx.length;
      for (const j of idx) y[j] = ((x[j]! - mean) / Math.sqrt(v + eps)) * w[j % c]! + b[j % c]!;
    }
  }
  return y;
}

const CASES: Array<{ shape: [number, number, number, number]; groups: number; affine: boolean }> = [
  { shape: [2, 5, 3, 8], groups: 4, affine: true },
  { shape: [1, 7, 7, 64], groups: 32, affine: true },
  { shape: [3, 2, 4, 6], groups: 1, affine: true }, // layer-norm-like
  { shape: [2, 3, 3, 6], groups: 6, affine: false }, // instance-norm-like, no affine
  { shape: [2, 1, 1, 12], groups: 3, affine: true }, // one position
];

await describeWithBackends(
  'groupNorm: the fused kernels equal the composed tfjs ops (forward 1e-5, gradients 1e-4 rel + 1e-5 abs)',
  { requires: 'training', backends: ['cpu', 'wasm'] },
  (backend) => {
    if (backend === 'wasm') {
      it('wasm runs the SIMD sweeps, equal to the JS sweeps (channels not divisible by 4 too)', () => {
        expect(groupNormSimd(tf.backend())).not.toBeNull();
        const shapes: Array<[[number, number, number, number], number]> = [
          [[2, 5, 3, 6], 3],
          [[1, 4, 4, 13], 13],
          [[3, 7, 5, 64], 32],
          [[2, 2, 2, 4], 1],
        ];
        for (const [shape, groups] of shapes) {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = tf.tensor4d(
            wave(size, 0.37, 1).map((v) => v * 3 + 5),
            shape,
          );
          const r = tf.tensor4d(wave(size, 0.91), shape);
          const w = tf.tensor1d(wave(shape[3], 0.5, 2));
          const b = tf.tensor1d(wave(shape[3], 0.8, 3));
          const run = () =>
            tf.tidy(() => {
              const f = (a: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
                tf.sum(
                  tf.mul(
                    groupNorm(a as tf.Tensor4D, {
                      numGroups: groups,
                      weight: ww as tf.Tensor1D,
                      bias: bb as tf.Tensor1D,
                    }),
                    r,
                  ),
                );
              const y = groupNorm(x, { numGroups: groups, weight: w, bias: b });
              return [y, ...tf.grads(f)([x, w, b])].map((t) => Array.from(t.dataSync()));
            });
          const simd = run();
          groupNormSimdOptions.enabled = false;
          try {
            const js = run();
            for (let k = 0; k < 4; k++) expectTensorsClose(simd[k]!, js[k]!, { rtol: 1e-5, atol: 1e-5 });
          } finally {
            groupNormSimdOptions.enabled = true;
          }
          tf.dispose([x, r, w, b]);
        }
      });
    }

    it('dispatches to the fused forward and backward kernels', async () => {
      const x = tf.tensor4d(wave(2 * 4 * 4 * 8, 0.3), [2, 4, 4, 8]);
      const w = tf.tensor1d(wave(8, 0.9, 1));
      const profile = await tf.profile(() =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(groupNorm(a as tf.Tensor4D, { numGroups: 2, weight: b as tf.Tensor1D })),
        )([x, w]),
      );
      const names = profile.kernels.map((k) => k.name);
      expect(names).toContain('AligndetGroupNorm');
      expect(names).toContain('AligndetGroupNormGrad');
      expect(names).not.toContain('Mean');
      tf.dispose([x, w, ...(profile.result as tf.Tensor[])]);
    });

    for (const { shape, groups, affine } of CASES) {
      it(`x=[${shape}] groups=${groups}${affine ? '' : ' no affine'}`, () => {
        const size = shape.reduce((a, b) => a * b, 1);
        const c = shape[3];
        const x = tf.tensor4d(wave(size, 0.71), shape);
        const r = tf.tensor4d(wave(size, 1.3, 0.5), shape);
        const w = affine ? tf.tensor1d(wave(c, 0.9, 1)) : undefined;
        const b = affine ? tf.tensor1d(wave(c, 0.4, 2)) : undefined;
        const inputs = [x, ...(affine ? [w!, b!] : [])];
        const lossOf =
          (f: typeof groupNorm) =>
          (...t: tf.Tensor[]) =>
            tf.sum(
              tf.mul(
                f(t[0] as tf.Tensor4D, {
                  numGroups: groups,
                  weight: t[1] as tf.Tensor1D,
                  bias: t[2] as tf.Tensor1D,
                }),
                r,
              ),
            );
        const composite: typeof groupNorm = (xx, o) =>
          groupNormComposite(xx, o.numGroups, 1e-5, o.weight, o.bias);
        expectTensorsClose(
          groupNorm(x, { numGroups: groups, weight: w, bias: b }),
          reference(
            [...x.dataSync()],
            shape,
            groups,
            w ? [...w.dataSync()] : Array(c).fill(1),
            b ? [...b.dataSync()] : Array(c).fill(0),
          ),
          { rtol: 1e-5, atol: 1e-5 },
        );
        const fused = tf.grads(lossOf(groupNorm))(inputs);
        const composed = tf.grads(lossOf(composite))(inputs);
        for (let i = 0; i < inputs.length; i++)
          expectTensorsClose(fused[i]!, composed[i]!, { rtol: 1e-4, atol: 1e-5 });
        tf.dispose([x, r, ...(affine ? [w!, b!] : []), ...fused, ...composed]);
      });
    }

    it('stays accurate with a large mean (float64 statistics): x + 1000', () => {
      const shape: [number, number, number, number] = [1, 6, 6, 4];
      const data = wave(144, 0.5).map((v) => v + 1000);
      const y = groupNorm(tf.tensor4d(data, shape), { numGroups: 2 });
      // float32 input rounding alone moves x by up to 6e-5, i.e. 3e-5 of the ±2 spread
      expectTensorsClose(
        y,
        reference(Float32Array.from(data) as unknown as number[], shape, 2, [1, 1, 1, 1], [0, 0, 0, 0]),
        {
          rtol: 1e-4,
          atol: 1e-4,
        },
      );
    });

    it('gradients match central differences of a float64 GroupNorm', () => {
      const shape: [number, number, number, number] = [2, 2, 3, 4];
      const x = tf.tensor4d(wave(48, 1.7), shape);
      const w = tf.tensor1d([0.5, -1.5, 2, 1]);
      const bb = tf.tensor1d([0.1, 0.2, -0.3, 0.4]);
      const r = wave(48, 0.3, 1);
      const rt = tf.tensor4d(r, shape);
      gradCheck(
        (xx, ww, b) =>
          tf.sum(
            tf.mul(
              groupNorm(xx as tf.Tensor4D, {
                numGroups: 2,
                weight: ww as tf.Tensor1D,
                bias: b as tf.Tensor1D,
              }),
              rt,
            ),
          ) as tf.Scalar,
        [x, w, bb],
        {
          reference: (xv, wv, bv) =>
            reference([...xv], shape, 2, [...wv], [...bv]).reduce((s, v, i) => s + v * r[i]!, 0),
          rtol: 2e-3,
          atol: 2e-3,
        },
      );
      tf.dispose([x, w, bb, rt]);
    });

    it('a GroupNorm layer leaks no tensors across training steps', async () => {
      const gn = new GroupNorm({ numGroups: 4, numChannels: 8 });
      const x = tf.tensor4d(wave(2 * 3 * 3 * 8, 0.2), [2, 3, 3, 8]);
      const opt = tf.train.sgd(0.1);
      const step = () => {
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(gn.forward(x))) as tf.Scalar,
          gn.parameters(),
        );
        opt.applyGradients(grads);
        tf.dispose([value, ...Object.values(grads)]);
      };
      const counts = await expectNoTensorLeak(step);
      expect(counts.length).toBe(6);
      tf.dispose(x);
      opt.dispose();
    });
  },
);

describe('groupNorm without the fused kernel (other backends) composes tfjs ops', () => {
  it('gives the same values and gradients when the kernel is unregistered', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor4d(wave(2 * 3 * 5 * 6, 0.8), [2, 3, 5, 6]);
    const w = tf.tensor1d(wave(6, 0.6));
    const f = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(groupNorm(a as tf.Tensor4D, { numGroups: 3, weight: b as tf.Tensor1D })));
    const config = TRAINING_KERNEL_CONFIGS.find(
      (k) => k.kernelName === GroupNormKernel && k.backendName === 'cpu',
    )!;
    const hadKernel = tf.getKernel(GroupNormKernel, 'cpu') !== undefined;
    if (!hadKernel) tf.registerKernel(config);
    const fused = tf.grads(f)([x, w]);
    tf.unregisterKernel(GroupNormKernel, 'cpu');
    try {
      const profile = await tf.profile(() => tf.grads(f)([x, w]));
      const composed = profile.result as tf.Tensor[];
      expect(profile.kernels.map((k) => k.name)).not.toContain(GroupNormKernel);
      expectTensorsClose(composed[0]!, fused[0]!, { rtol: 1e-4, atol: 1e-5 });
      expectTensorsClose(composed[1]!, fused[1]!, { rtol: 1e-4, atol: 1e-5 });
      tf.dispose(composed);
    } finally {
      tf.registerKernel(config);
    }
    tf.dispose([x, w, ...fused]);
  });
});

describe('groupNorm input errors name the field and the value', () => {
  const x = () => tf.zeros([1, 2, 2, 6]) as tf.Tensor4D;
  it('numGroups must divide the channels', () => {
    expect(() => groupNorm(x(), { numGroups: 4 })).toThrow(
      'groupNorm: numGroups: expected a positive divisor of the channel count (6), got 4',
    );
  });
  it('weight must be [C]', () => {
    expect(() => groupNorm(x(), { numGroups: 3, weight: tf.ones([5]) as tf.Tensor1D })).toThrow(
      'groupNorm: weight: expected shape [6], got [5]',
    );
  });
  it('x must be float32 and rank 4', () => {
    expect(() => groupNorm(tf.zeros([1, 2, 2, 6], 'int32') as tf.Tensor4D, { numGroups: 3 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => groupNorm(tf.zeros([2, 6]) as unknown as tf.Tensor4D, { numGroups: 3 })).toThrow(
      'groupNorm: x: expected shape [*,*,*,*]',
    );
  });
});
