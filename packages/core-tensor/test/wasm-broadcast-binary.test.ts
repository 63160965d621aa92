import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastBinary, collapseBroadcast } from '../src/backend/kernels/wasm/broadcast-binary';

/** Plain numpy-style broadcasting reference on flat arrays. */
function naive(
  a: number[],
  as: number[],
  b: number[],
  bs: number[],
  out: number[],
  f: (x: number, y: number) => number,
) {
  const rank = out.length;
  const pa = [...Array(rank - as.length).fill(1), ...as];
  const pb = [...Array(rank - bs.length).fill(1), ...bs];
  const size = out.reduce((p, v) => p * v, 1);
  const res: number[] = [];
  for (let i = 0; i < size; i++) {
    let rem = i;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    const idx: number[] = [];
    for (let k = rank - 1; k >= 0; k--) {
      idx[k] = rem % out[k]!;
      rem = Math.floor(rem / out[k]!);
    }
    for (let k = rank - 1; k >= 0; k--) {
      ia += (pa[k] === 1 ? 0 : idx[k]!) * sa;
      ib += (pb[k] === 1 ? 0 : idx[k]!) * sb;
      sa *= pa[k]!;
      sb *= pb[k]!;
    }
    res.push(f(a[ia]!, b[ib]!));
  }
  return res;
}

const shapes: Array<[number[], number[]]> = [
  [
    [2, 1024, 32, 2],
    [2, 1, 32, 1],
  ], // GroupNorm's x − mean
  [
    [2, 1, 32, 1],
    [2, 64, 32, 2],
  ],
  [
    [7, 20],
    [7, 1],
  ],
  [
    [7, 1],
    [1, 5],
  ], // both operands broadcast
  [
    [3, 1, 4, 1, 2],
    [1, 4, 5, 1],
  ], // ranks differ, size-1 dims in between
  [[2, 3, 5], [5]], // a long-enough unbroadcast inner run: stays on XNNPACK
  [
    [6, 4],
    [6, 4],
  ], // equal shapes: stays on XNNPACK
  [[4, 3], [1]], // scalar-like
  [
    [0, 3],
    [1, 3],
  ], // empty
];

async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().map((t) => Array.from(t.dataSync())));
}

describe('wasm broadcasting Add / Sub / Multiply equal the cpu backend', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
    await initBackend('wasm', { log: () => {}, env: {} });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [sa, sb] of shapes) {
    it(`a=${JSON.stringify(sa)} b=${JSON.stringify(sb)}`, async () => {
      const make = () => {
        const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
        const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
        return [tf.add(a, b), tf.sub(a, b), tf.sub(b, a), tf.mul(a, b)];
      };
      const [cpu, wasm] = [await on('cpu', make), await on('wasm', make)];
      for (let i = 0; i < 4; i++) expectTensorsClose(wasm[i]!, cpu[i]!, { rtol: 0, atol: 0 });
    });
  }

  it('the JS loop itself (whatever the dispatch) equals a naive broadcast: GroupNorm shape and mixed ranks', () => {
    const cases: Array<[number[], number[], number[]]> = [
      [
        [2, 6, 3, 2],
        [2, 1, 3, 1],
        [2, 6, 3, 2],
      ],
      [
        [3, 1, 4, 1, 2],
        [1, 4, 5, 1],
        [3, 1, 4, 5, 2],
      ],
      [[5], [3, 1], [3, 5]],
    ];
    for (const [as, bs, out] of cases) {
      const a = Array.from({ length: as.reduce((p, v) => p * v, 1) }, (_, i) => i * 0.5 - 3);
      const b = Array.from({ length: bs.reduce((p, v) => p * v, 1) }, (_, i) => i * 0.25 + 1);
      const c = collapseBroadcast(as, bs, out);
      for (const [multiply, negate, f] of [
        [true, false, (x: number, y: number) => x * y],
        [false, false, (x: number, y: number) => x + y],
        [false, true, (x: number, y: number) => x - y],
      ] as const) {
        const got = new Float32Array(out.reduce((p, v) => p * v, 1));
        broadcastBinary(Float32Array.from(a), Float32Array.from(b), c, got, multiply, negate);
        expect(Array.from(got)).toEqual(naive(a, as, b, bs, out, f).map(Math.fround));
      }
    }
    expect(collapseBroadcast([2, 1024, 32, 2], [2, 1, 32, 1], [2, 1024, 32, 2]).sizes).toEqual([
      2, 1024, 32, 2,
    ]);
    expect(collapseBroadcast([2, 8, 8, 64], [64], [2, 8, 8, 64])).toEqual({
      sizes: [128, 64],
      aStrides: [64, 1],
      bStrides: [0, 1],
    });
  });

  it('int32 operands go to the stock kernel', async () => {
    const make = () => [
      tf.mul(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor2d([2, 3, 4], [3, 1], 'int32')),
    ];
    const wasm = await on('wasm', make);
    expect(wasm[0]).toEqual([2, 4, 9, 12, 20, 24]);
  });

  it('gradients through broadcasting ops (GroupNorm-like) equal the cpu backend', async () => {
    const make = () => {
      const x = tf.randomNormal([2, 16, 4, 2], 0, 1, 'float32', 3);
      return tf.grads((v: tf.Tensor) => {
        const { mean, variance } = tf.moments(v, [1, 3], true);
        return tf.sum(
          tf.mul(
            tf.mul(tf.sub(v, mean), tf.rsqrt(tf.add(variance, 1e-5))),
            tf.reshape(tf.linspace(0, 1, 256), [2, 16, 4, 2]),
          ),
        );
      })([x]);
    };
    const [cpu, wasm] = [await on('cpu', make), await on('wasm', make)];
    expectTensorsClose(wasm[0]!, cpu[0]!, { rtol: 1e-4, atol: 1e-5 });
  });
});
