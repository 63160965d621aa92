import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeWithBackends, maxRelativeError } from '@aligndet/core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeformConvImplementation, deformConv2d, setDeformConvImplementation } from '../src/index';

const fx = JSON.parse(readFileSync(new URL('./fixtures/deform_conv.json', import.meta.url), 'utf8'));

/** |a − e| / max(|e|, 1) over all elements (relative for values ≥ 1, absolute below). */
const err = (a: tf.Tensor, e: number[]) => maxRelativeError(a, e, 1);

await describeWithBackends(
  'deformConv2d vs torchvision.ops.deform_conv2d (forward and all gradients ≤ 1e-4, |Δ|/max(|ref|, 1))',
  { requires: 'training', backends: ['cpu', 'wasm'] },
  () => {
    for (const implementation of ['fused', 'composite', 'gather'] as DeformConvImplementation[]) {
      describe(`implementation=${implementation}`, () => {
        let previous: DeformConvImplementation;
        beforeAll(() => {
          previous = setDeformConvImplementation(implementation);
        });
        afterAll(() => {
          setDeformConvImplementation(previous);
        });
        for (const c of fx.cases) {
          it(`${c.name}: x=[${c.x_shape}] k=[${c.weight_shape.slice(0, 2)}] s=${c.stride} p=[${c.padding}] d=${c.dilation} g=${c.groups} og=${c.offset_groups}${c.mask ? ' mask' : ''}`, () => {
            const x = tf.tensor4d(c.x, c.x_shape);
            const offset = tf.tensor4d(c.offset, c.offset_shape);
            const weight = tf.tensor4d(c.weight, c.weight_shape);
            const bias = tf.tensor1d(c.bias);
            const mask = c.mask ? tf.tensor4d(c.mask, c.mask_shape) : undefined;
            const r = tf.tensor4d(c.upstream, c.out_shape);
            const opts = { stride: c.stride, padding: c.padding as [number, number], dilation: c.dilation };
            const out = deformConv2d(x, offset, weight, { ...opts, bias, mask });
            expect(out.shape).toEqual(c.out_shape);
            expect(err(out, c.out)).toBeLessThan(1e-4);
            const inputs = mask ? [x, offset, weight, bias, mask] : [x, offset, weight, bias];
            const grads = tf.grads((...t: tf.Tensor[]) =>
              tf.sum(
                tf.mul(
                  deformConv2d(t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, t[2] as tf.Tensor4D, {
                    ...opts,
                    bias: t[3] as tf.Tensor1D,
                    mask: t[4] as tf.Tensor4D | undefined,
                  }),
                  r,
                ),
              ),
            )(inputs);
            expect(err(grads[0]!, c.grad_x), 'grad x').toBeLessThan(1e-4);
            expect(err(grads[1]!, c.grad_offset), 'grad offset').toBeLessThan(1e-4);
            expect(err(grads[2]!, c.grad_weight), 'grad weight').toBeLessThan(1e-4);
            expect(err(grads[3]!, c.grad_bias), 'grad bias').toBeLessThan(1e-4);
            if (mask) expect(err(grads[4]!, c.grad_mask), 'grad mask').toBeLessThan(1e-4);
            tf.dispose([x, offset, weight, bias, r, out, ...grads, ...(mask ? [mask] : [])]);
          });
        }
      });
    }
  },
);
