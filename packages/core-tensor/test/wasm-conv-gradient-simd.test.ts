import * as tf from '@tensorflow/tfjs-core';
import {
  convGradientSimdOptions,
  initBackend,
  registerTrainingKernels,
  restoreStockKernels,
  wasmFilterGradientDirect,
  wasmInputGradientDirect,
} from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convGradientSimd } from '../src/backend/kernels/wasm/conv-gradient-simd';
import { convGradients } from './helpers/conv-cases';

/** One conv as the detectors run it: NHWC x, [k, k, C, Co] filter, stride, padding. */
interface Shape {
  name: string;
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  stride: number;
  pad: 'same' | 'valid';
}

// the top pyramid levels (1² … 8²), 1×1 laterals, stride 2 and 3, and channel counts that leave
// tails of the kernels' blocks (filter gradient: 4 input × 8 output channels; input gradient:
// 4 positions × 8 channels; C mod 4, C mod 8, Co mod 8, Co mod 4); all under the kernels' size
// thresholds (wasmFilterGradientDirect is lifted; wasmInputGradientDirect.maxMacs covers them)
const shapes: Shape[] = [
  { name: 'P7 [8,1,1,32] 3×3', x: [8, 1, 1, 32], k: [3, 3], co: 32, stride: 1, pad: 'same' },
  { name: 'P6 [8,2,2,32] 3×3', x: [8, 2, 2, 32], k: [3, 3], co: 32, stride: 1, pad: 'same' },
  { name: 'P7 from P6 [8,2,2,32] 3×3 s2', x: [8, 2, 2, 32], k: [3, 3], co: 32, stride: 2, pad: 'same' },
  { name: 'P5 [2,8,8,64] 3×3 → 4 (box out)', x: [2, 8, 8, 64], k: [3, 3], co: 4, stride: 1, pad: 'same' },
  { name: 'lateral [8,4,4,96] 1×1 → 32', x: [8, 4, 4, 96], k: [1, 1], co: 32, stride: 1, pad: 'same' },
  { name: 'stem [2,16,16,3] 3×3 s2 → 16', x: [2, 16, 16, 3], k: [3, 3], co: 16, stride: 2, pad: 'same' },
  { name: 'tails [3,5,7,7] 3×3 → 13', x: [3, 5, 7, 7], k: [3, 3], co: 13, stride: 1, pad: 'same' },
  { name: 'tails [2,9,6,6] 3×2 s2 valid → 3', x: [2, 9, 6, 6], k: [3, 2], co: 3, stride: 2, pad: 'valid' },
  {
    name: 'map smaller than the kernel [2,2,3,5] 5×5 → 9',
    x: [2, 2, 3, 5],
    k: [5, 5],
    co: 9,
    stride: 1,
    pad: 'same',
  },
  // narrow maps: the input gradient gathers outputs across rows (in small chunks below)
  {
    name: 'narrow, wide filter [1,10,10,128] 3×3 s2 → 128',
    x: [1, 10, 10, 128],
    k: [3, 3],
    co: 128,
    stride: 2,
    pad: 'same',
  },
  { name: 'narrow RGB [2,4,4,3] 3×3 s2 → 8', x: [2, 4, 4, 3], k: [3, 3], co: 8, stride: 2, pad: 'same' },
  { name: 'stride 3 [2,9,11,12] 3×3 → 10', x: [2, 9, 11, 12], k: [3, 3], co: 10, stride: 3, pad: 'same' },
  { name: 'RGB input [2,11,10,3] 3×3 s2 → 8', x: [2, 11, 10, 3], k: [3, 3], co: 8, stride: 2, pad: 'same' },
  { name: 'RGB tails [2,9,8,3] 3×3 s2 → 13', x: [2, 9, 8, 3], k: [3, 3], co: 13, stride: 2, pad: 'same' },
  { name: 'RGB stride 1 [1,7,9,3] 3×3 → 20', x: [1, 7, 9, 3], k: [3, 3], co: 20, stride: 1, pad: 'same' },
];

/** Both gradient kernels on seeded random operands. */
const gradients = (s: Shape) => convGradients(s.x, [s.k[0], s.k[1], s.x[3], s.co], s.stride, s.pad);

const maxAbs = (v: number[]) => v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);

describe('wasm conv-gradient SIMD kernels equal tfjs stock cpu kernels (float32 round-off)', () => {
  beforeAll(async () => {
    await initBackend('cpu', { purpose: 'training', log: () => {}, env: {} });
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
  });
  afterAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
  });

  it('the SIMD module loads on the wasm backend (else every case below would test the XNNPACK route)', async () => {
    await tf.setBackend('wasm');
    expect(convGradientSimd(tf.backend())).not.toBeNull();
  });

  // chunkPositions 3 (filter gradient) and 2 KiB chunks (input gradient): several cache blocks
  // per call, some straddling images
  for (const chunkPositions of [128, 3]) {
    for (const s of shapes) {
      it(`${s.name}, ${chunkPositions} positions per block`, async () => {
        restoreStockKernels();
        await tf.setBackend('cpu');
        const ref = gradients(s);
        registerTrainingKernels();
        await tf.setBackend('wasm');
        const saved = { ...wasmFilterGradientDirect };
        const savedInput = { ...wasmInputGradientDirect };
        wasmFilterGradientDirect.chunkPositions = chunkPositions;
        wasmFilterGradientDirect.maxMacsThreaded = Number.POSITIVE_INFINITY;
        if (chunkPositions < 128) wasmInputGradientDirect.chunkBytes = 2048;
        try {
          gradients(s); // warm: the flipped-filter cache and the module exist before counting
          const tensors = tf.memory().numTensors;
          const ids = tf.backend().numDataIds();
          const got = gradients(s);
          expect(tf.memory().numTensors).toBe(tensors);
          expect(tf.backend().numDataIds()).toBe(ids);
          // dx sums kh·kw·Co products, dW N·Ho·Wo: float32 rounding of sums of unit normals
          expectTensorsClose(got[0]!, ref[0]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref[0]!) });
          expectTensorsClose(got[1]!, ref[1]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref[1]!) });
        } finally {
          Object.assign(wasmFilterGradientDirect, saved);
          Object.assign(wasmInputGradientDirect, savedInput);
        }
      });
    }
  }

  it('the XNNPACK route (SIMD off) gives the same gradients on a top-level shape', async () => {
    await tf.setBackend('wasm');
    const s = shapes[1]!;
    const simd = gradients(s);
    convGradientSimdOptions.enabled = false;
    try {
      const xnn = gradients(s);
      expectTensorsClose(simd[0]!, xnn[0]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(xnn[0]!) });
      expectTensorsClose(simd[1]!, xnn[1]!, { rtol: 1e-5, atol: 1e-5 * maxAbs(xnn[1]!) });
    } finally {
      convGradientSimdOptions.enabled = true;
    }
  });
});
