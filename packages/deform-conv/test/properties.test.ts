import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeak, expectTensorsClose, gradCheck } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeformConv2d, DeformConv2dPack, deformConv2d, setDeformConvImplementation } from '../src/index';
import { referenceDeformConv2d } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// spec §7.4: 1-channel 3x3 input 1..9 (row-major), all-ones 3x3 kernel, bias 0, padding 1
const x9 = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const ones = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
const zeroOffset = tf.zeros([1, 3, 3, 18]) as tf.Tensor4D;
const at = (t: tf.Tensor, y: number, x: number) => t.dataSync()[y * 3 + x]!;
/** Offsets with `dy` on every row channel and `dx` on every column channel. */
const constOffset = (dy: number, dx: number) =>
  tf.tensor4d(
    Array.from({ length: 9 * 18 }, (_, i) => (i % 2 === 0 ? dy : dx)),
    [1, 3, 3, 18],
  );

describe('spec §7.4 properties 1-3 (given values)', () => {
  it('1: zero offsets and unit masks equal a plain 3x3 conv (pad 1), borders included', () => {
    const x = tf.randomNormal([2, 5, 6, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 4) as tf.Tensor4D;
    const y = deformConv2d(x, tf.zeros([2, 5, 6, 18]) as tf.Tensor4D, w, {
      padding: 1,
      mask: tf.ones([2, 5, 6, 9]) as tf.Tensor4D,
    });
    expectTensorsClose(
      y,
      tf.conv2d(x, w, 1, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      { rtol: 1e-5, atol: 1e-5 },
    );
  });
  it('2: centre 45 with mask 1, 22.5 with mask 0.5 (a zeroed DCNv2 predictor); top-left 12', () => {
    const y1 = deformConv2d(x9, zeroOffset, ones, { padding: 1, mask: tf.ones([1, 3, 3, 9]) as tf.Tensor4D });
    expect(at(y1, 1, 1)).toBeCloseTo(45, 5);
    expect(at(y1, 0, 0)).toBeCloseTo(12, 5);
    const pack = new DeformConv2dPack({
      inChannels: 1,
      outChannels: 1,
      kernelSize: 3,
      padding: 1,
      modulated: true,
    });
    pack.conv.loadStateDict({ weight: ones, bias: tf.zeros([1]) });
    expect(at(pack.forward(x9), 1, 1)).toBeCloseTo(22.5, 5);
  });
  it('3: column offset +0.5 -> centre 39; row offset +0.5 -> 42; row offset -1.5 at the top-left -> 1.5', () => {
    expect(at(deformConv2d(x9, constOffset(0, 0.5), ones, { padding: 1 }), 1, 1)).toBeCloseTo(39, 5);
    expect(at(deformConv2d(x9, constOffset(0.5, 0), ones, { padding: 1 }), 1, 1)).toBeCloseTo(42, 5);
    expect(at(deformConv2d(x9, constOffset(-1.5, 0), ones, { padding: 1 }), 0, 0)).toBeCloseTo(1.5, 5);
  });
});

describe('integer offsets and gradients (property 4)', () => {
  it('an integer offset (dy, dx) = (1, -2) on every tap equals a conv of the shifted input', () => {
    const x = tf.randomNormal([1, 6, 7, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const y = deformConv2d(
      x,
      tf.tensor4d(
        Array.from({ length: 6 * 7 * 18 }, (_, i) => (i % 2 ? -2 : 1)),
        [1, 6, 7, 18],
      ),
      w,
      { padding: 1 },
    );
    // the same conv reading a window shifted by (1, -2) out of a zero-padded input
    const padded = tf.pad(x, [
      [0, 0],
      [3, 3],
      [3, 3],
      [0, 0],
    ]);
    const window = tf.slice(padded, [0, 3 - 1 + 1, 3 - 1 - 2, 0], [1, 6 + 2, 7 + 2, 2]) as tf.Tensor4D;
    expectTensorsClose(y, tf.conv2d(window, w, 1, 'valid'), { rtol: 1e-5, atol: 1e-5 });
  });

  it('finite differences against a float64 loop reference: x, offset (non-integer), weight, mask, bias; fused, composite and gather', () => {
    const xs = [1, 4, 4, 2];
    const ws = [3, 3, 2, 2];
    const rnd = (n: number, seed: number, scale = 1) =>
      Array.from({ length: n }, (_, i) => Math.sin(seed + i * 1.37) * scale);
    const x = tf.tensor4d(rnd(32, 1), xs as [number, number, number, number]);
    const off = tf.tensor4d(
      rnd(4 * 4 * 18, 2, 0.9).map((v) => v + 0.13),
      [1, 4, 4, 18],
    );
    const w = tf.tensor4d(rnd(36, 3, 0.5), ws as [number, number, number, number]);
    const m = tf.tensor4d(
      rnd(4 * 4 * 9, 4, 0.4).map((v) => v + 0.5),
      [1, 4, 4, 9],
    );
    const b = tf.tensor1d([0.3, -0.2]);
    const r = rnd(32, 5);
    const rt = tf.tensor4d(r, [1, 4, 4, 2]);
    for (const implementation of ['fused', 'composite', 'gather'] as const) {
      const previous = setDeformConvImplementation(implementation);
      try {
        checkGrads();
      } finally {
        setDeformConvImplementation(previous);
      }
    }
    function checkGrads() {
      gradCheck(
        (xi, oi, wi, mi, bi) =>
          tf.sum(
            tf.mul(
              deformConv2d(xi as tf.Tensor4D, oi as tf.Tensor4D, wi as tf.Tensor4D, {
                padding: 1,
                mask: mi as tf.Tensor4D,
                bias: bi as tf.Tensor1D,
              }),
              rt,
            ),
          ) as tf.Scalar,
        [x, off, w, m, b],
        {
          reference: (xv, ov, wv, mv, bv) => {
            const { out } = referenceDeformConv2d(xv, xs, ov, wv, ws, mv, [1, 1]);
            return out.reduce((s, v, i) => s + (v + bv[i % 2]!) * r[i]!, 0);
          },
          rtol: 2e-3,
          atol: 2e-4,
        },
      );
    }
  });
});

describe('modules, errors, memory', () => {
  it('DeformConv2dPack starts as a plain conv (DCNv1, zero predictor) and is a tower layer', () => {
    const pack = new DeformConv2dPack({ inChannels: 3, outChannels: 4, kernelSize: 3, padding: 1 });
    const x = tf.randomNormal([1, 5, 5, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const plain = tf.add(
      tf.conv2d(x, pack.conv.weight as tf.Tensor4D, 1, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      pack.conv.bias!,
    );
    expectTensorsClose(pack.forward(x), plain, { rtol: 1e-5, atol: 1e-5 });
    expect(pack.convGeometry.kernelSize).toEqual([3, 3]);
    expect(pack.namedParameters().map(([n]) => n)).toEqual([
      'offset.weight',
      'offset.bias',
      'conv.weight',
      'conv.bias',
    ]);
    expect(
      new DeformConv2dPack({ inChannels: 3, outChannels: 4, kernelSize: 3, padding: 1, modulated: true })
        .offset.weight.shape,
    ).toEqual([3, 3, 3, 27]);
  });
  it('DeformConv2d module equals the op', () => {
    const m = new DeformConv2d({ inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1 });
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 9) as tf.Tensor4D;
    const off = tf.randomNormal([1, 4, 4, 18], 0, 1, 'float32', 10) as tf.Tensor4D;
    expectTensorsClose(
      m.forward({ x, offset: off }),
      deformConv2d(x, off, m.weight as tf.Tensor4D, { padding: 1, bias: m.bias as tf.Tensor1D }),
      { rtol: 0, atol: 0 },
    );
  });
  it('throws when offset channels, mask shape or weight shape are wrong, naming the argument and both shapes', () => {
    const x = tf.zeros([1, 5, 5, 4]) as tf.Tensor4D;
    const w = tf.zeros([3, 3, 4, 2]) as tf.Tensor4D;
    expect(() => deformConv2d(x, tf.zeros([1, 5, 5, 9]) as tf.Tensor4D, w, { padding: 1 })).toThrow(
      'deformConv2d: offset: expected shape [1,5,5,2·offsetGroups·9], got [1,5,5,9]',
    );
    expect(() => deformConv2d(x, tf.zeros([1, 3, 3, 18]) as tf.Tensor4D, w, { padding: 1 })).toThrow(
      /offset: expected shape \[1,5,5,2·offsetGroups·9\], got \[1,3,3,18\]/,
    );
    expect(() =>
      deformConv2d(x, tf.zeros([1, 5, 5, 18]) as tf.Tensor4D, w, {
        padding: 1,
        mask: tf.zeros([1, 5, 5, 3]) as tf.Tensor4D,
      }),
    ).toThrow('deformConv2d: mask: expected shape [1,5,5,9], got [1,5,5,3]');
    expect(() =>
      deformConv2d(x, tf.zeros([1, 5, 5, 18]) as tf.Tensor4D, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, {
        padding: 1,
      }),
    ).toThrow(/weight: expected shape \[3,3,d,2\] with d dividing Cin = 4, got \[3,3,3,2\]/);
  });
  it('no tensor leaks across forward/backward', async () => {
    const pack = new DeformConv2dPack({
      inChannels: 2,
      outChannels: 2,
      kernelSize: 3,
      padding: 1,
      modulated: true,
    });
    const x = tf.randomNormal([1, 4, 4, 2]) as tf.Tensor4D;
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(pack.forward(x)) as tf.Scalar,
        pack.parameters(),
      );
      value.dispose();
      tf.dispose(Object.values(grads));
    });
  });
});
