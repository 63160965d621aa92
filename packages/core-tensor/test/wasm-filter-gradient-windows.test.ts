import { backend_util } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  filterGradientGrid,
  windowStart,
  zeroChannels,
} from '../src/backend/kernels/wasm/filter-gradient-grid';

/**
 * The wasm filter gradient multiplies windows of a channels-first, zero-padded copy of x (no
 * column matrix): every window must lie inside that buffer, or XNNPACK reads whatever the wasm heap
 * holds after it (a NaN there gave NaN filter gradients in a training run whose smallest pyramid
 * level was 1×1, against a 3×3 kernel). Checked over small maps, kernels, dilations and strides.
 */
describe('wasm Conv2DBackpropFilter windows stay inside the padded grid', () => {
  it('for every tap, image count and map smaller or larger than the kernel', () => {
    let checked = 0;
    for (const [h, w] of [
      [1, 1],
      [1, 2],
      [2, 2],
      [3, 1],
      [5, 4],
      [9, 9],
    ]) {
      for (const k of [1, 3, 5]) {
        for (const d of [1, 2]) {
          for (const s of [1, 2]) {
            if (s > 1 && d > 1) continue; // tfjs differentiates no strided dilated conv
            for (const n of [1, 3]) {
              const info = backend_util.computeConv2DInfo(
                [n, h, w, 4],
                [k, k, 4, 6],
                s,
                d,
                'same',
                undefined,
                false,
                'channelsLast',
              );
              const grid = filterGradientGrid(info);
              const phases = grid.rows.stride * grid.cols.stride;
              const q = n * grid.rows.size * grid.cols.size;
              const zeros = zeroChannels(grid, q);
              const bufferFloats = phases * (4 + zeros) * q;
              for (let i = 0; i < k; i++) {
                for (let j = 0; j < k; j++) {
                  const start = windowStart(grid, i, j, 4, zeros, q);
                  expect(
                    start,
                    `x=[${n},${h},${w}] k=${k} d=${d} s=${s} tap ${i},${j}`,
                  ).toBeGreaterThanOrEqual(0);
                  // the window is 4 rows of q floats
                  expect(
                    start + 4 * q,
                    `x=[${n},${h},${w}] k=${k} d=${d} s=${s} tap ${i},${j}`,
                  ).toBeLessThanOrEqual(bufferFloats);
                  checked++;
                }
              }
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
