import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fromTorchStateDict, type RawTensor, tfConvWeightToTorch } from '@aligndet/core-tensor';
import { maxRelativeError } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResNet } from '../../src/model/backbones/resnet';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Rebuilds the torchvision state dict of tools/fixtures/resnet.py from its formulas, in PyTorch's
 * own layout (conv weights [out, in, kh, kw]), as a torchvision checkpoint would arrive.
 */
function torchStateFor(model: ResNet, names: string[]): Record<string, RawTensor> {
  const ours = Object.fromEntries(
    [...model.namedParameters(), ...model.namedBuffers()].map(([k, v]) => [k, v.shape]),
  );
  const out: Record<string, RawTensor> = {};
  names.forEach((name, n) => {
    let shape = ours[name];
    if (!shape) {
      if (name.startsWith('fc.')) return; // the classifier is not part of the backbone
      throw new Error(`no parameter ${name}`);
    }
    const torchShape = shape.length === 4 ? [shape[3]!, shape[2]!, shape[0]!, shape[1]!] : shape;
    const size = torchShape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const fanIn = size / torchShape[0]!;
    for (let k = 0; k < size; k++) {
      let v: number;
      if (name.endsWith('running_mean')) v = 0.05 * Math.sin(0.9 * k + n);
      else if (name.endsWith('running_var')) v = 1 + 0.2 * Math.abs(Math.sin(0.5 * k + n));
      else if (torchShape.length === 1 && name.endsWith('weight')) v = 1 + 0.1 * Math.sin(0.7 * k + n);
      else if (torchShape.length === 1 && name.endsWith('bias')) v = 0.1 * Math.sin(1.3 * k + n);
      else v = (Math.sin(0.37 * k + 0.11 * n) * 1.5) / Math.sqrt(fanIn);
      data[k] = v;
    }
    shape = torchShape;
    out[name] = { shape, data };
  });
  return out;
}

for (const depth of [18, 50] as const) {
  describe(`ResNet-${depth} vs torchvision resnet${depth} (tools/fixtures/resnet.py; ≤ 1e-4 relative to max(|ref|, 1))`, () => {
    it('C3, C4, C5 on a fixed input, weights loaded from a torch-layout state dict', () => {
      const meta = JSON.parse(
        readFileSync(new URL(`../fixtures/resnet${depth}.json`, import.meta.url), 'utf8'),
      );
      const bin = readFileSync(new URL(`../fixtures/resnet${depth}.bin`, import.meta.url));
      const ref = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
      const model = new ResNet({ depth });
      const result = fromTorchStateDict(model, torchStateFor(model, meta.float_tensors), { strict: false });
      expect(result.missingKeys).toEqual([]);
      expect(result.unexpectedKeys).toEqual([]);
      const x = tf.tidy(() => {
        const c = tf.reshape(tf.range(0, 3), [1, 1, 1, 3]);
        const yy = tf.reshape(tf.range(0, 64), [1, 64, 1, 1]);
        const xx = tf.reshape(tf.range(0, 64), [1, 1, 64, 1]);
        return tf.add(
          tf.sin(tf.mul(tf.mul(tf.add(xx, 1), tf.add(c, 1)), 0.05)),
          tf.mul(tf.cos(tf.mul(yy, 0.07)), 0.5),
        ) as tf.Tensor4D;
      });
      const feats = model.forward(x);
      meta.outputs.forEach(
        (o: { name: string; shape: number[]; offset: number; length: number }, i: number) => {
          expect(feats[i]!.shape).toEqual(o.shape);
          expect(
            maxRelativeError(feats[i]!, ref.subarray(o.offset, o.offset + o.length), 1),
            o.name,
          ).toBeLessThan(1e-4);
        },
      );
      // the torch layout round-trips
      const w = model.stateDict()['conv1.weight']!;
      expect(tfConvWeightToTorch({ shape: w.shape, data: w.dataSync() as Float32Array }).shape).toEqual([
        64, 3, 7, 7,
      ]);
      model.dispose();
    });
  });
}
