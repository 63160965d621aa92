import * as tf from '@tensorflow/tfjs-core';
import {
  convGradientSimdOptions,
  initBackend,
  missingKernels,
  registerTrainingKernels,
  restoreStockKernels,
  wasmIm2colLimit,
} from '@aligndet/core-tensor';
import { expectTensorsClose, gradCheck } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearFlippedFilterCache,
  flippedFilterCacheLimit,
  flippedFilterCacheSize,
} from '../src/backend/kernels/wasm/flipped-filter-cache';
import type { WasmHeapBackend } from '../src/backend/kernels/wasm/wasm-heap';
import {
  type ConvCase,
  convCases,
  dilateFilter,
  naiveConv2dSum,
  takeDilatedTaps,
} from './helpers/conv-cases';

/** Runs `f` and returns plain numbers. */
function run(f: () => tf.Tensor | tf.Tensor[]): number[][] {
  return tf.tidy(() => {
    const r = f();
    return (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync()));
  });
}

function maxAbs(v: number[]): number {
  return v.reduce((m, a) => Math.max(m, Math.abs(a)), 0);
}

/** `f` on tfjs's own cpu kernels (aligndet's replacements taken out): the reference. */
async function onStockCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  restoreStockKernels();
  try {
    await tf.setBackend('cpu');
    return run(f);
  } finally {
    registerTrainingKernels();
  }
}

/** `f` on the wasm backend with aligndet's kernels. */
async function onWasm(f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  registerTrainingKernels();
  await tf.setBackend('wasm');
  return run(f);
}

/** Both conv2d gradients (input, filter) of sum(conv2d(x, w) · r), r fixed random. */
function convGrads(c: ConvCase) {
  return () => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
    const w = tf.randomNormal(c.w, 0, 0.3, 'float32', 2);
    const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
    const r = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    return tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.pad), r)),
    )([x, w]);
  };
}

describe('wasm training kernels equal the stock cpu kernels (float32 tolerance)', () => {
  beforeAll(async () => {
    await initBackend('cpu', { purpose: 'training', log: () => {}, env: {} });
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
  });
  afterAll(async () => {
    await initBackend('cpu', { log: () => {}, env: {} });
  });

  it('the wasm backend passes the training probe once they are registered', async () => {
    await initBackend('wasm', { purpose: 'training', log: () => {}, env: {} });
    expect(missingKernels('wasm', 'training')).toEqual([]);
  });

  // plus wider channels and odd map sizes (the filter gradient's phase grids and windows)
  const wideCases: ConvCase[] = [
    { name: 'x=[2,17,13,20] k=3x3 s=2 same', x: [2, 17, 13, 20], w: [3, 3, 20, 24], stride: 2, pad: 'same' },
    { name: 'x=[3,9,11,33] k=5x3 s=1 valid', x: [3, 9, 11, 33], w: [5, 3, 33, 17], stride: 1, pad: 'valid' },
  ];
  // the SIMD kernels (direct filter gradient, phase interleave) and, with them off, the XNNPACK route
  for (const simd of [true, false]) {
    for (const c of [...convCases, ...wideCases]) {
      it(`Conv2DBackpropInput and Conv2DBackpropFilter (conv2d gradients), ${simd ? 'SIMD kernels' : 'XNNPACK route'}: ${c.name}`, async () => {
        const cpu = await onStockCpu(convGrads(c));
        convGradientSimdOptions.enabled = simd;
        try {
          const wasm = await onWasm(convGrads(c));
          expectTensorsClose(wasm[0]!, cpu[0]!, { rtol: 1e-4, atol: 1e-4 });
          // a filter-gradient element sums N·Ho·Wo products: float32 rounding grows with that count
          expectTensorsClose(wasm[1]!, cpu[1]!, { rtol: 1e-4, atol: 1e-5 * maxAbs(cpu[1]!) });
        } finally {
          convGradientSimdOptions.enabled = true;
        }
      });
    }
  }

  // x=[3,7,6,5] k=3x3 same: stride 1 puts x on an 8×7 grid with a sixth (zero) channel, 6·56 =
  // 336 floats per image; stride 2 on 2×2 phases of 5×4, 6·4·20 = 480 floats per image
  for (const [stride, label, maxFloats] of [
    [1, 'two images, then one, per chunk (windows of x and dy)', 700],
    [1, 'the JS row-chunk path (an image over the limit)', 300],
    [2, 'two images, then one, per chunk (windows of x and dy)', 1000],
    [2, 'the JS row-chunk path (an image over the limit)', 400],
  ] as const) {
    it(`Conv2DBackpropFilter via ${label}: x=[3,7,6,5] k=3x3 s=${stride} same`, async () => {
      const c: ConvCase = { name: '', x: [3, 7, 6, 5], w: [3, 3, 5, 4], stride, pad: 'same' };
      const cpu = await onStockCpu(convGrads(c));
      const saved = wasmIm2colLimit.maxFloats;
      wasmIm2colLimit.maxFloats = maxFloats;
      convGradientSimdOptions.enabled = false; // the XNNPACK route (the SIMD kernel takes small maps)
      try {
        const wasm = await onWasm(convGrads(c));
        expectTensorsClose(wasm[1]!, cpu[1]!, { rtol: 1e-4, atol: 1e-5 * maxAbs(cpu[1]!) });
        const ids = tf.backend().numDataIds();
        await onWasm(convGrads(c));
        expect(tf.backend().numDataIds()).toBe(ids);
      } finally {
        wasmIm2colLimit.maxFloats = saved;
        convGradientSimdOptions.enabled = true;
      }
    });
  }

  const dilated: Array<{
    name: string;
    x: [number, number, number, number];
    k: [number, number];
    co: number;
    dil: [number, number];
    pad: 'same' | 'valid' | number[][];
  }> = [
    { name: 'x=[2,9,10,5] k=3x3 d=2 same', x: [2, 9, 10, 5], k: [3, 3], co: 6, dil: [2, 2], pad: 'same' },
    {
      name: 'x=[1,11,8,3] k=3x2 d=(2,1) valid',
      x: [1, 11, 8, 3],
      k: [3, 2],
      co: 4,
      dil: [2, 1],
      pad: 'valid',
    },
    {
      name: 'x=[3,7,9,6] k=2x3 d=(1,3) explicit (1,0)(2,3)',
      x: [3, 7, 9, 6],
      k: [2, 3],
      co: 5,
      dil: [1, 3],
      pad: [
        [0, 0],
        [1, 0],
        [2, 3],
        [0, 0],
      ],
    },
  ];
  for (const d of dilated) {
    it(`dilated kernels (runKernel with dilations) equal the stock kernels with a zero-inflated filter: ${d.name}`, async () => {
      const [kh, kw] = d.k;
      const fShape: [number, number, number, number] = [kh, kw, d.x[3], d.co];
      const big: [number, number, number, number] = [
        (kh - 1) * d.dil[0] + 1,
        (kw - 1) * d.dil[1] + 1,
        d.x[3],
        d.co,
      ];
      const attrs = { strides: 1, pad: d.pad, dataFormat: 'NHWC' };
      const dyShape = tf.tidy(
        () =>
          tf.conv2d(
            tf.zeros(d.x) as tf.Tensor4D,
            tf.zeros(fShape) as tf.Tensor4D,
            1,
            d.pad as 'same',
            'NHWC',
            d.dil,
          ).shape,
      );
      const inputs = () => ({
        x: tf.randomNormal(d.x, 0, 1, 'float32', 4),
        w: tf.randomNormal(fShape, 0, 1, 'float32', 5),
        dy: tf.randomNormal(dyShape, 0, 1, 'float32', 6),
      });
      const ours = () => {
        const { x, w, dy } = inputs();
        return [
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropInput',
              { dy, filter: w },
              { ...attrs, inputShape: d.x, dilations: d.dil },
            ) as tf.Tensor,
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropFilter',
              { x, dy },
              { ...attrs, filterShape: fShape, dilations: d.dil },
            ) as tf.Tensor,
        ];
      };
      const reference = () => {
        const { x, w, dy } = inputs();
        const wBig = tf.tensor4d(dilateFilter(w.dataSync(), fShape, d.dil), big);
        const dwBig = tf
          .engine()
          .runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: big }) as tf.Tensor;
        return [
          tf
            .engine()
            .runKernel(
              'Conv2DBackpropInput',
              { dy, filter: wBig },
              { ...attrs, inputShape: d.x },
            ) as tf.Tensor,
          tf.tensor4d(takeDilatedTaps(dwBig.dataSync(), fShape, d.dil), fShape),
        ];
      };
      const ref = await onStockCpu(reference);
      const wasm = await onWasm(ours);
      registerTrainingKernels();
      await tf.setBackend('cpu');
      const cpuOurs = run(ours);
      expectTensorsClose(wasm[0]!, ref[0]!, { rtol: 1e-4, atol: 1e-4 });
      expectTensorsClose(wasm[1]!, ref[1]!, { rtol: 1e-4, atol: 1e-4 });
      // the cpu backend keeps tfjs's input-gradient kernel (no dilation); its filter gradient is ours
      expectTensorsClose(cpuOurs[1]!, ref[1]!, { rtol: 1e-4, atol: 1e-4 });
    });
  }

  it('conv2d gradients on wasm match float64 finite differences: x=[2,5,6,3] k=3x2 s=2 same', async () => {
    await onWasm(() => []);
    const xShape: [number, number, number, number] = [2, 5, 6, 3];
    const wShape: [number, number, number, number] = [3, 2, 3, 4];
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 7);
    const w = tf.randomNormal(wShape, 0, 1, 'float32', 8);
    const yShape = tf.tidy(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same').shape);
    const r = tf.randomNormal(yShape, 0, 1, 'float32', 9);
    const rv = Float64Array.from(r.dataSync());
    const result = gradCheck(
      (xi, wi) => tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 2, 'same'), r)),
      [x, w],
      {
        reference: (xv, wv) => naiveConv2dSum(xv, xShape, wv, wShape, [2, 2], 'same', rv),
        rtol: 2e-3,
        atol: 2e-3,
      },
    );
    expect(result.checked).toEqual([x.size, w.size]);
    tf.dispose([x, w, r]);
  });

  it('UnsortedSegmentSum and the gather gradient', async () => {
    const make = () => {
      const x = tf.randomNormal([7, 3, 2], 0, 1, 'float32', 4);
      const ids = tf.tensor1d([2, 0, 2, 4, -1, 1, 2], 'int32');
      const table = tf.randomNormal([5, 6], 0, 1, 'float32', 5);
      const idx = tf.tensor2d(
        [
          [0, 4, 4],
          [1, 0, 3],
        ],
        [2, 3],
        'int32',
      );
      const g = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tf.gather(t, idx), tf.reshape(tf.linspace(1, 2, 36), [2, 3, 6]))),
      )(table);
      return [tf.unsortedSegmentSum(x, ids, 5), g];
    };
    const [cpu, wasm] = [await onStockCpu(make), await onWasm(make)];
    expectTensorsClose(wasm[0]!, cpu[0]!, { rtol: 1e-6, atol: 1e-6 });
    expectTensorsClose(wasm[1]!, cpu[1]!, { rtol: 1e-6, atol: 1e-6 });
  });

  it('no tensors or backend buffers leak across repeated gradient steps (stride 1 and 2, cropped border)', async () => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const x = tf.randomNormal([2, 12, 12, 3]) as tf.Tensor4D;
      const w = tf.variable(tf.randomNormal([3, 3, 3, 4]));
      const w1 = tf.variable(tf.randomNormal([1, 1, 3, 4]));
      const crop: [[number, number], [number, number], [number, number], [number, number]] = [
        [0, 0],
        [2, 1],
        [0, 2],
        [0, 0],
      ];
      const step = () => {
        const { value, grads } = tf.variableGrads(
          () =>
            tf.addN([
              tf.sum(tf.conv2d(x, w as tf.Tensor4D, 2, 'same')),
              tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')),
              tf.sum(tf.conv2d(x, w1 as tf.Tensor4D, 1, crop)),
            ]) as tf.Scalar,
          [w, w1],
        );
        value.dispose();
        tf.dispose(Object.values(grads));
      };
      step();
      const t0 = tf.memory().numTensors;
      const ids0 = tf.backend().numDataIds();
      for (let i = 0; i < 3; i++) step();
      expect(tf.memory().numTensors).toBe(t0);
      expect(tf.backend().numDataIds()).toBe(ids0);
      tf.dispose([x, w, w1]);
    }
  });

  describe('the cache of flipped filters behind Conv2DBackpropInput', () => {
    const wShape: [number, number, number, number] = [3, 3, 5, 6];
    /** dy of a same-padded conv of `[N, H, W, 5]` with stride `s`, and that input shape. */
    const geometry = (H: number, W: number, s: number) => ({
      inputShape: [2, H, W, 5] as [number, number, number, number],
      dyShape: [2, Math.ceil(H / s), Math.ceil(W / s), 6] as [number, number, number, number],
    });
    const values = (shape: number[], seed: number) =>
      tf.tidy(() => Array.from(tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync()));
    const inputGrad = (dy: tf.Tensor, w: tf.Tensor, s: number, inputShape: number[]) =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy, filter: w },
          { strides: s, pad: 'same', dataFormat: 'NHWC', inputShape },
        ) as tf.Tensor;
    const wasmBackend = () => tf.backend() as unknown as WasmHeapBackend & tf.KernelBackend;

    for (const s of [1, 2]) {
      it(`a filter changed by variable.assign gives the new gradient, at two map sizes: k=3x3 s=${s} same`, async () => {
        const levels = [geometry(9, 8, s), geometry(5, 4, s)];
        const dys = levels.map((l, k) => values(l.dyShape, 10 + k));
        const [w0, w1] = [values(wShape, 20), values(wShape, 21)];
        const grads = (w: tf.Tensor) =>
          levels.map((l, k) => inputGrad(tf.tensor(dys[k]!, l.dyShape), w, s, l.inputShape));
        const ref = await onStockCpu(() => [
          ...grads(tf.tensor(w0, wShape)),
          ...grads(tf.tensor(w1, wShape)),
        ]);
        await onWasm(() => []);
        const v = tf.variable(tf.tensor(w0, wShape));
        const first = run(() => grads(v));
        const again = run(() => grads(v)); // from the cache
        v.assign(tf.tensor(w1, wShape));
        const after = run(() => grads(v));
        for (const k of [0, 1]) {
          expectTensorsClose(first[k]!, ref[k]!, { rtol: 1e-4, atol: 1e-4 });
          expectTensorsClose(again[k]!, ref[k]!, { rtol: 1e-4, atol: 1e-4 });
          expectTensorsClose(after[k]!, ref[2 + k]!, { rtol: 1e-4, atol: 1e-4 });
        }
        expect(maxAbs(after[0]!.map((a, i) => a - first[0]![i]!))).toBeGreaterThan(0.1);
        v.dispose();
      });
    }

    // SIMD kernels: the direct input gradient uses the flipped filter at every stride; XNNPACK
    // route: the strided conv's phase sub-kernels instead
    for (const simd of [true, false])
      it(`repeated training steps that assign the shared filters grow neither tensors, backend data nor wasm memory (${simd ? 'SIMD kernels' : 'XNNPACK route'})`, async () => {
        await onWasm(() => []);
        convGradientSimdOptions.enabled = simd;
        const b = wasmBackend();
        const xs = [12, 6, 3].map((h, k) => tf.randomNormal([2, h, h, 4], 0, 1, 'float32', 30 + k));
        clearFlippedFilterCache(b);
        // (in tidy: the initial values go, only the variables hold filters)
        const head = tf.tidy(() => tf.variable(tf.randomNormal([3, 3, 4, 4], 0, 0.3, 'float32', 40)));
        const down = tf.tidy(() => tf.variable(tf.randomNormal([3, 3, 4, 4], 0, 0.3, 'float32', 41)));
        const conv = (x: tf.Tensor4D, w: tf.Variable, s: number) => tf.conv2d(x, w as tf.Tensor4D, s, 'same');
        const step = () => {
          const { value, grads } = tf.variableGrads(
            () =>
              tf.addN(
                xs.map((x) =>
                  // head → down (stride 2) → head: both input gradients run
                  tf.sum(tf.square(conv(conv(conv(x as tf.Tensor4D, head, 1), down, 2), head, 1))),
                ),
              ) as tf.Scalar,
            [head, down],
          );
          tf.tidy(() => {
            head.assign(tf.sub(head, tf.mul(grads[head.name]!, 1e-3)));
            down.assign(tf.sub(down, tf.mul(grads[down.name]!, 1e-3)));
          });
          value.dispose();
          tf.dispose(Object.values(grads));
        };
        for (let i = 0; i < 3; i++) step();
        const tensors = tf.memory().numTensors;
        const ids = b.numDataIds();
        const heapBytes = b.wasm.HEAPU8.byteLength;
        const cached = flippedFilterCacheSize(b).entries;
        for (let i = 0; i < 5; i++) step();
        convGradientSimdOptions.enabled = true;
        expect(tf.memory().numTensors).toBe(tensors);
        expect(b.numDataIds()).toBe(ids);
        expect(b.wasm.HEAPU8.byteLength).toBe(heapBytes);
        // stable: the head's flipped filter, and the strided conv's flipped filter (SIMD) or its
        // phase sub-kernels for its two paddings (1 row/column before x on the 3×3 map, 0 on the
        // others). The wasm Identity aliases, so tfjs's saved copies of a filter share its data and
        // hit the cache across the levels; the sets of assigned-away filters are freed.
        expect(cached).toBe(simd ? 2 : 3);
        expect(flippedFilterCacheSize(b).entries).toBe(cached);
        tf.dispose([...xs, head, down]);
      });

    it('stays within its entry and size bounds, frees what it evicts, and clears', async () => {
      await onWasm(() => []);
      const b = wasmBackend();
      clearFlippedFilterCache(b);
      const saved = { ...flippedFilterCacheLimit };
      const l = geometry(7, 6, 1);
      const dy = tf.tensor(values(l.dyShape, 50), l.dyShape);
      const filters = [0, 1, 2, 3].map((k) => tf.tensor(values(wShape, 60 + k), wShape));
      const ref = await onStockCpu(() =>
        filters.map((w) =>
          inputGrad(
            tf.tensor(values(l.dyShape, 50), l.dyShape),
            tf.tensor(w.dataSync(), wShape),
            1,
            l.inputShape,
          ),
        ),
      );
      await onWasm(() => []);
      const ids = b.numDataIds();
      try {
        flippedFilterCacheLimit.maxEntries = 2;
        for (const round of [0, 1]) {
          filters.forEach((w, k) => {
            const got = run(() => inputGrad(dy, w, 1, l.inputShape))[0]!;
            expectTensorsClose(got, ref[k]!, { rtol: 1e-4, atol: 1e-4 });
            const expected = round === 0 ? Math.min(k + 1, 2) : 2;
            expect(flippedFilterCacheSize(b).entries, `round ${round}, filter ${k}`).toBe(expected);
          });
        }
        expect(b.numDataIds()).toBe(ids + 2);
        clearFlippedFilterCache(); // the public form: the registered wasm backend
        expect(b.numDataIds()).toBe(ids);
        flippedFilterCacheLimit.maxEntries = 32;
        flippedFilterCacheLimit.maxFloats = 3 * 3 * 5 * 6 - 1; // one flipped filter is over it: none kept
        run(() => inputGrad(dy, filters[0]!, 1, l.inputShape));
        expect(flippedFilterCacheSize(b)).toEqual({ entries: 0, floats: 0 });
        expect(b.numDataIds()).toBe(ids);
        flippedFilterCacheLimit.maxFloats = saved.maxFloats;
        run(() => inputGrad(dy, filters[0]!, 1, l.inputShape));
        expect(flippedFilterCacheSize(b)).toEqual({ entries: 1, floats: 3 * 3 * 5 * 6 });
        // a disposed source filter's entry is freed by the next input gradient
        filters[0]!.dispose();
        run(() => inputGrad(dy, filters[1]!, 1, l.inputShape));
        expect(flippedFilterCacheSize(b).entries).toBe(1);
        expect(b.numDataIds()).toBe(ids); // filters[0] gone (−1), filters[1]'s flip cached (+1)
      } finally {
        Object.assign(flippedFilterCacheLimit, saved);
        clearFlippedFilterCache(b);
        tf.dispose([dy, ...filters]);
      }
    });
  });
});
