import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initializers } from '@aligndet/core-tensor';
import { describeWithBackends, expectNoTensorLeak, expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeformConv2dOptions,
  DeformConv2dPack,
  deformConv2d,
  getDeformConvImplementation,
  resolveDeformConvImplementation,
  setDeformConvImplementation,
} from '../src/index';

interface Case {
  name: string;
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  groups: number;
  og: number;
  mask: boolean;
  opts: DeformConv2dOptions;
  /** Offset scale in pixels (large = many samples outside the input). */
  spread: number;
}

const cases: Case[] = [
  {
    name: 'k=3 s=1 p=1 og=1 mask',
    x: [2, 6, 7, 8],
    k: [3, 3],
    cout: 5,
    groups: 1,
    og: 1,
    mask: true,
    opts: { padding: 1 },
    spread: 1.5,
  },
  {
    name: 'k=3 s=2 p=[1,2] d=1 no mask',
    x: [1, 9, 8, 4],
    k: [3, 3],
    cout: 3,
    groups: 1,
    og: 1,
    mask: false,
    opts: { padding: [1, 2], stride: 2 },
    spread: 1,
  },
  {
    name: 'k=3 d=2 p=2 og=2 mask',
    x: [1, 7, 7, 6],
    k: [3, 3],
    cout: 4,
    groups: 1,
    og: 2,
    mask: true,
    opts: { padding: 2, dilation: 2 },
    spread: 2,
  },
  // offset groups and conv groups cut the channels at different places (Cin/og = 3, Cin/groups = 2)
  {
    name: 'k=3 g=3 og=2 mask (unaligned channel groups)',
    x: [2, 5, 6, 6],
    k: [3, 3],
    cout: 6,
    groups: 3,
    og: 2,
    mask: true,
    opts: { padding: 1 },
    spread: 1,
  },
  {
    name: 'k=[3,1] g=2 og=4 no mask',
    x: [1, 6, 5, 8],
    k: [3, 1],
    cout: 4,
    groups: 2,
    og: 4,
    mask: false,
    opts: { padding: [1, 0] },
    spread: 1,
  },
  {
    name: 'k=3 p=1 offsets far outside',
    x: [1, 5, 5, 3],
    k: [3, 3],
    cout: 2,
    groups: 1,
    og: 1,
    mask: true,
    opts: { padding: 1 },
    spread: 6,
  },
];

const pairOf = (v: number | [number, number] | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;

/** Random inputs of case `c` (deterministic seeds), as plain arrays so every backend gets the same. */
function inputs(c: Case) {
  const [N, H, W, C] = c.x;
  const [kh, kw] = c.k;
  const [sh, sw] = pairOf(c.opts.stride, 1);
  const [ph, pw] = pairOf(c.opts.padding, 0);
  const [dh, dw] = pairOf(c.opts.dilation, 1);
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const K = kh * kw;
  let s = 12345;
  const rnd = (n: number, scale: number, shift = 0) =>
    Array.from({ length: n }, () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (s / 2147483648 - 0.5) * 2 * scale + shift;
    });
  return {
    x: { v: rnd(N * H * W * C, 1), s: c.x },
    offset: { v: rnd(N * Ho * Wo * 2 * c.og * K, c.spread), s: [N, Ho, Wo, 2 * c.og * K] },
    weight: { v: rnd(K * (C / c.groups) * c.cout, 0.5), s: [kh, kw, C / c.groups, c.cout] },
    bias: { v: rnd(c.cout, 1), s: [c.cout] },
    mask: c.mask ? { v: rnd(N * Ho * Wo * c.og * K, 0.5, 0.5), s: [N, Ho, Wo, c.og * K] } : null,
    upstream: { v: rnd(N * Ho * Wo * c.cout, 1), s: [N, Ho, Wo, c.cout] },
  };
}

/** Forward output and the gradients of sum(y · r) with respect to x, offset, weight, bias (and mask). */
function forwardBackward(c: Case): tf.Tensor[] {
  const d = inputs(c);
  return tf.tidy(() => {
    const t = (a: { v: number[]; s: number[] }) => tf.tensor(a.v, a.s);
    const ins = [t(d.x), t(d.offset), t(d.weight), t(d.bias), ...(d.mask ? [t(d.mask)] : [])];
    const r = t(d.upstream);
    const f = (...a: tf.Tensor[]) =>
      deformConv2d(a[0] as tf.Tensor4D, a[1] as tf.Tensor4D, a[2] as tf.Tensor4D, {
        ...c.opts,
        bias: a[3] as tf.Tensor1D,
        mask: a[4] as tf.Tensor4D | undefined,
      });
    const y = f(...ins);
    const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), r)))(ins);
    return [y, ...grads];
  });
}

const names = ['y', 'grad x', 'grad offset', 'grad weight', 'grad bias', 'grad mask'];

await describeWithBackends(
  'fused kernels and the scatter-free gather backward equal the composite implementation (forward and all gradients)',
  { requires: 'training', backends: ['cpu', 'wasm'] },
  () => {
    afterEach(() => {
      setDeformConvImplementation('auto');
    });
    for (const c of cases) {
      it(`${c.name}: x=[${c.x}] k=[${c.k}] cout=${c.cout}`, () => {
        setDeformConvImplementation('composite');
        const composite = forwardBackward(c);
        for (const other of ['fused', 'gather'] as const) {
          setDeformConvImplementation(other);
          const got = forwardBackward(c);
          expect(got.length).toBe(composite.length);
          // float32 rounding: they sum in different orders (tolerance relative to the values' scale)
          got.forEach((f, i) => {
            const scale = Math.max(1, tf.max(tf.abs(composite[i]!)).dataSync()[0]!);
            try {
              expectTensorsClose(f, composite[i]!, { rtol: 1e-5, atol: 2e-6 * scale });
            } catch (e) {
              throw new Error(`${other}: ${names[i]}: ${(e as Error).message}`);
            }
          });
          tf.dispose(got);
        }
        tf.dispose(composite);
      });
    }
    it('no tensor leaks across repeated forward/backward (DCNv1 and DCNv2 pack layers, groups 2)', async () => {
      setDeformConvImplementation('fused');
      for (const modulated of [false, true]) {
        const pack = new DeformConv2dPack({
          inChannels: 4,
          outChannels: 4,
          kernelSize: 3,
          padding: 1,
          groups: 2,
          modulated,
          offsetInit: initializers.normal(0.5, 0, 7),
        });
        const x = tf.randomNormal([2, 5, 5, 4]) as tf.Tensor4D;
        await expectNoTensorLeak(() => {
          const y = pack.forward(x);
          y.dispose();
          const { value, grads } = tf.variableGrads(
            () => tf.sum(pack.forward(x)) as tf.Scalar,
            pack.parameters(),
          );
          value.dispose();
          tf.dispose(Object.values(grads));
          const [gx] = tf.grads((a: tf.Tensor) => tf.sum(pack.forward(a as tf.Tensor4D)))([x]);
          gx!.dispose();
        });
        x.dispose();
        pack.dispose();
      }
    });
    it('throws the same shape errors as the composite path', () => {
      setDeformConvImplementation('fused');
      const x = tf.zeros([1, 5, 5, 4]) as tf.Tensor4D;
      const w = tf.zeros([3, 3, 4, 2]) as tf.Tensor4D;
      expect(() => deformConv2d(x, tf.zeros([1, 5, 5, 9]) as tf.Tensor4D, w, { padding: 1 })).toThrow(
        'deformConv2d: offset: expected shape [1,5,5,2·offsetGroups·9], got [1,5,5,9]',
      );
      expect(() =>
        deformConv2d(x, tf.zeros([1, 5, 5, 18]) as tf.Tensor4D, w, {
          padding: 1,
          mask: tf.zeros([1, 5, 5, 3]) as tf.Tensor4D,
        }),
      ).toThrow('deformConv2d: mask: expected shape [1,5,5,9], got [1,5,5,3]');
      expect(() =>
        deformConv2d(x, tf.zeros([1, 5, 5, 18]) as tf.Tensor4D, w, {
          padding: 1,
          bias: tf.zeros([3]) as tf.Tensor1D,
        }),
      ).toThrow('deformConv2d: bias: expected shape [2], got [3]');
    });
  },
);

describe('implementation selection', () => {
  afterEach(() => {
    setDeformConvImplementation('auto');
  });
  it('auto picks fused on cpu and wasm, gather on webgl and webgpu, composite elsewhere; forcing works and returns the previous setting', () => {
    expect(getDeformConvImplementation()).toBe('auto');
    expect(resolveDeformConvImplementation('cpu')).toBe('fused');
    expect(resolveDeformConvImplementation('wasm')).toBe('fused');
    expect(resolveDeformConvImplementation('webgl')).toBe('gather');
    expect(resolveDeformConvImplementation('webgpu')).toBe('gather');
    expect(resolveDeformConvImplementation('tensorflow')).toBe('composite');
    expect(setDeformConvImplementation('composite')).toBe('auto');
    expect(resolveDeformConvImplementation('wasm')).toBe('composite');
    expect(setDeformConvImplementation('gather')).toBe('composite');
    expect(resolveDeformConvImplementation('cpu')).toBe('gather');
    expect(setDeformConvImplementation('fused')).toBe('gather');
    expect(resolveDeformConvImplementation('cpu')).toBe('fused');
  });
  it('throws when fused is forced on a backend without the fused kernels, naming the backend', () => {
    setDeformConvImplementation('fused');
    expect(() => resolveDeformConvImplementation('webgl')).toThrow(
      /deformConv2d: implementation: expected 'fused' only on the cpu or wasm backend \(active backend: webgl\), got/,
    );
  });
  it('throws when the implementation name is unknown', () => {
    expect(() => setDeformConvImplementation('fast' as 'auto')).toThrow(
      /setDeformConvImplementation: implementation: expected 'auto', 'fused', 'composite' or 'gather', got/,
    );
  });
});
