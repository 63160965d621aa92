import * as tf from '@tensorflow/tfjs-core';
import {
  initBackend,
  registerTrainingKernels,
  restoreStockKernels,
  wasmFilterGradientDirect,
} from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterGradientKernel, tapCoverage } from '../src/backend/kernels/wasm/conv2d-backprop-filter';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** One conv of the packed filter-gradient kernel's kind: C % 4 == 0, Co % 8 == 0, wide enough maps. */
interface Shape {
  name: string;
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  stride: [number, number];
  dil: [number, number];
  pad: Pad;
}

const s = (
  name: string,
  x: Shape['x'],
  k: Shape['k'],
  co: number,
  stride: Shape['stride'] = [1, 1],
  pad: Pad = 'same',
  dil: Shape['dil'] = [1, 1],
): Shape => ({ name, x, k, co, stride, pad, dil });

// 1×1 laterals, 3×3 'same' (padding on every border), strides 2 and 3, dilation, 'valid' and
// explicit padding, non-square kernels, several blocks of 4 input × 8 output channels
const shapes: Shape[] = [
  s('lateral [2,12,10,32] 1×1 → 16', [2, 12, 10, 32], [1, 1], 16),
  s('head [2,9,10,8] 3×3 → 24', [2, 9, 10, 8], [3, 3], 24),
  s('stride 2 [3,11,9,12] 3×3 → 8', [3, 11, 9, 12], [3, 3], 8, [2, 2]),
  s('stride (3,1) valid [1,13,12,4] 3×2 → 16', [1, 13, 12, 4], [3, 2], 16, [3, 1], 'valid'),
  s('dilation 2 [2,12,11,8] 3×3 → 16', [2, 12, 11, 8], [3, 3], 16, [1, 1], 'same', [2, 2]),
  s(
    'explicit (1,2)(0,1) [1,10,9,16] 2×3 → 8',
    [1, 10, 9, 16],
    [2, 3],
    8,
    [1, 1],
    [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  ),
];

/** dW of `Conv2DBackpropFilter` on the active backend, seeded random x and dy, as plain numbers. */
function filterGradient(c: Shape): number[] {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
    const filterShape = [c.k[0], c.k[1], c.x[3], c.co] as [number, number, number, number];
    const attrs = { strides: c.stride, pad: c.pad, dilations: c.dil, dataFormat: 'NHWC' };
    const y = tf.conv2d(
      x as tf.Tensor4D,
      tf.zeros(filterShape) as tf.Tensor4D,
      c.stride,
      c.pad as 'same',
      'NHWC',
      c.dil,
    );
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape } as never);
    return Array.from((dw as tf.Tensor).dataSync());
  });
}

const info = (c: Shape) =>
  tf.backend_util.computeConv2DInfo(c.x, [c.k[0], c.k[1], c.x[3], c.co], c.stride, c.dil, c.pad as 'same');

const maxAbs = (v: number[]) => v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);
const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('the packed wasm filter-gradient kernel (filter_gradient_packed)', () => {
  const saved = { ...wasmFilterGradientDirect };
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
    wasmFilterGradientDirect.maxMacsThreaded = Number.POSITIVE_INFINITY;
  });
  afterAll(async () => {
    Object.assign(wasmFilterGradientDirect, saved);
    await initBackend('cpu', { log: () => {}, env: {} });
  });

  it('is chosen by channel counts and by how much of the taps read padding', () => {
    for (const c of shapes) expect(filterGradientKernel(info(c)), c.name).toBe('packed');
    const direct = (x: Shape['x'], k: number, co: number) => filterGradientKernel(info(s('', x, [k, k], co)));
    expect(direct([2, 2, 2, 256], 3, 256)).toBe('direct'); // 2² map: (4/6)² of the reads inside x
    expect(direct([2, 4, 4, 256], 3, 256)).toBe('direct'); // 4²: (10/12)² = 0.69
    expect(direct([2, 8, 8, 256], 3, 256)).toBe('packed'); // 8²: (22/24)² = 0.84
    expect(direct([2, 8, 8, 64], 3, 20)).toBe('direct'); // Co % 8 ≠ 0
    expect(direct([2, 8, 8, 3], 3, 16)).toBe('direct'); // C % 4 ≠ 0 (an RGB stem)
    expect(tapCoverage(info(s('', [2, 4, 4, 256], [3, 3], 256)))).toBeCloseTo((10 / 12) ** 2, 12);
    expect(tapCoverage(info(s('', [2, 7, 5, 8], [1, 1], 8)))).toBe(1);
  });

  // 256 positions: one chunk (or a few); 7 (one output row, or two of Wo ≤ 3): many, across images
  for (const chunk of [256, 7]) {
    for (const c of shapes) {
      it(`${c.name}, ${chunk} positions per chunk: equals the direct kernel's sums and the stock cpu kernel; no tensor is left behind`, async () => {
        await tf.setBackend('wasm');
        wasmFilterGradientDirect.packedChunkPositions = chunk;
        wasmFilterGradientDirect.chunkPositions = chunk;
        filterGradient(c); // warm
        const tensors = tf.memory().numTensors;
        const ids = tf.backend().numDataIds();
        const packed = filterGradient(c);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(tf.backend().numDataIds()).toBe(ids);
        wasmFilterGradientDirect.packed = false;
        const direct = filterGradient(c);
        wasmFilterGradientDirect.packed = true;
        // the same products summed in the same order (the padding adds exact zeros): equal but
        // for the sign of a zero
        expect(maxDiff(packed, direct)).toBe(0);
        if (c.dil[0] === 1 && c.dil[1] === 1) {
          // tfjs's cpu Conv2DBackpropFilter (no dilation; the direct kernel's dilated sums are
          // checked against zero-inflated filters in wasm-training-kernels.test.ts)
          restoreStockKernels();
          await tf.setBackend('cpu');
          const ref = filterGradient(c);
          registerTrainingKernels();
          await tf.setBackend('wasm');
          expectTensorsClose(packed, ref, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref) });
        }
      });
    }
  }
});
