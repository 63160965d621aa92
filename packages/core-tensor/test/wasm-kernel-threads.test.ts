import * as tf from '@tensorflow/tfjs-core';
import {
  initBackend,
  wasmFilterGradientDirect,
  wasmInputGradientDirect,
  wasmKernelThreads,
  wasmSimdThreads,
} from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterGradientKernel } from '../src/backend/kernels/wasm/conv2d-backprop-filter';
import { splitRange } from '../src/backend/kernels/wasm/simd-thread-pool';
import { convGradients } from './helpers/conv-cases';

/** One conv: NHWC x, [k, k, C, Co] filter, stride, 'same' padding. */
interface Shape {
  name: string;
  x: [number, number, number, number];
  k: number;
  co: number;
  stride: number;
  /** The filter gradient split by output rows (C < 8): partial sums added, so not bit-equal. */
  rowSplit?: boolean;
  /** The filter gradient on the packed kernel (filter_gradient_packed; else the direct one). */
  packed?: boolean;
}

// every way the kernels split a call over threads: the filter gradient by input channels (C ≥ 8,
// uneven 4-blocks: C = 12, 20), by output rows (C < 8, into partial sums), or not at all; the input gradient by images (N ≥ 2, uneven: N = 3), by channels (one image: C 8-blocks,
// with a tail), or not at all
const shapes: Shape[] = [
  { name: 'filter by C, input by N [3,9,7,12] 3×3 s2 → 10', x: [3, 9, 7, 12], k: 3, co: 10, stride: 2 },
  {
    name: 'filter packed by C, input by C [1,8,8,20] 3×3 s2 → 24',
    x: [1, 8, 8, 20],
    k: 3,
    co: 24,
    stride: 2,
    packed: true,
  },
  // packed, each thread with its own scratch, over several chunks (7 positions: 1 row)
  {
    name: 'filter packed by C in chunks [2,9,7,24] 3×3 → 16',
    x: [2, 9, 7, 24],
    k: 3,
    co: 16,
    stride: 1,
    packed: true,
  },
  // a narrow map: the input gradient in chunks of 3 rows (2 KiB, below), which cross images and
  // the split's boundary: the split must keep their grid
  {
    name: 'filter by C, input by N in row chunks [3,4,4,24] 3×3 → 16',
    x: [3, 4, 4, 24],
    k: 3,
    co: 16,
    stride: 1,
  },
  { name: 'filter by rows [2,10,9,6] 3×3 → 21', x: [2, 10, 9, 6], k: 3, co: 21, stride: 1, rowSplit: true },
  { name: 'unsplit [1,2,2,6] 3×3 s2 → 8', x: [1, 2, 2, 6], k: 3, co: 8, stride: 2 },
  { name: 'RGB stem [2,16,16,3] 3×3 s2 → 13', x: [2, 16, 16, 3], k: 3, co: 13, stride: 2, rowSplit: true },
];

/** Both gradient kernels on seeded random operands. */
const gradients = (s: Shape) => convGradients(s.x, [s.k, s.k, s.x[3], s.co], s.stride, 'same');

const maxAbs = (v: number[]) => v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);

describe('wasm SIMD kernels on worker threads (threaded build, 2 threads)', () => {
  const saved = {
    threads: { ...wasmSimdThreads },
    filter: { ...wasmFilterGradientDirect },
    input: { ...wasmInputGradientDirect },
  };
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} }); // registers the reference backend
    await initBackend('wasm', { wasmThreads: 2, log: () => {}, env: {} });
    // every case on the direct kernels, split however small
    wasmFilterGradientDirect.maxMacsThreaded = Number.POSITIVE_INFINITY;
    wasmInputGradientDirect.maxMacs = Number.POSITIVE_INFINITY;
    wasmInputGradientDirect.chunkBytes = 2048;
    wasmFilterGradientDirect.packedChunkPositions = 7;
  });
  afterAll(async () => {
    Object.assign(wasmSimdThreads, saved.threads);
    Object.assign(wasmFilterGradientDirect, saved.filter);
    Object.assign(wasmInputGradientDirect, saved.input);
    await initBackend('cpu', { log: () => {}, env: {} });
  });

  it('initBackend leaves the kernels with their worker threads ready', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmKernelThreads()).toBe(2);
  });

  for (const s of shapes) {
    it(`${s.name}: split over threads equals one thread${s.rowSplit ? ' (filter: to round-off)' : ' exactly'}; no tensor is left behind`, async () => {
      await tf.setBackend('wasm');
      const info = tf.backend_util.computeConv2DInfo(s.x, [s.k, s.k, s.x[3], s.co], s.stride, 1, 'same');
      expect(filterGradientKernel(info)).toBe(s.packed ? 'packed' : 'direct');
      wasmSimdThreads.minMacs = Number.POSITIVE_INFINITY;
      const one = gradients(s);
      wasmSimdThreads.minMacs = 0;
      gradients(s); // warm (the flipped-filter cache) before counting
      const tensors = tf.memory().numTensors;
      const ids = tf.backend().numDataIds();
      const split = gradients(s);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.backend().numDataIds()).toBe(ids);
      // each element is summed in the same order whoever computes it
      expect(split[0]).toEqual(one[0]);
      if (s.rowSplit) {
        expect(split[1]).not.toEqual(one[1]); // the partial sums did happen
        expectTensorsClose(split[1]!, one[1]!, { rtol: 1e-6, atol: 1e-6 * maxAbs(one[1]!) });
      } else expect(split[1]).toEqual(one[1]);
      // and both are the gradients: tfjs's stock cpu kernels
      await tf.setBackend('cpu');
      const ref = gradients(s);
      await tf.setBackend('wasm');
      expectTensorsClose(split[0]!, ref[0]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref[0]!) });
      expectTensorsClose(split[1]!, ref[1]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref[1]!) });
    });
  }
});

describe('splitRange', () => {
  it('splits into nearly equal aligned pieces that cover the range once', () => {
    expect(splitRange(64, 2, 4)).toEqual([
      [0, 32],
      [32, 64],
    ]);
    expect(splitRange(20, 2, 8)).toEqual([
      [0, 8],
      [8, 20],
    ]);
    expect(splitRange(3, 2, 1)).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(splitRange(4, 3, 4)).toEqual([[0, 4]]);
    for (const [n, parts, align] of [
      [37, 3, 4],
      [96, 4, 8],
      [5, 8, 1],
    ] as const) {
      const r = splitRange(n, parts, align);
      expect(r[0]![0]).toBe(0);
      expect(r.at(-1)![1]).toBe(n);
      for (let i = 1; i < r.length; i++) expect(r[i]![0]).toBe(r[i - 1]![1]);
      for (const [lo, hi] of r) expect(lo % align === 0 && hi > lo).toBe(true);
    }
  });
});
