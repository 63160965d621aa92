import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectNoTensorLeak, expectTensorsClose } from '@aligndet/core-tensor/testing';
import { DeformConv2dPack } from '@aligndet/deform-conv';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyReceptiveFieldAdaptor } from '../src/index';
import { TestHead } from './two-tower-head';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = tf.randomNormal([1, 6, 6, 8], 0, 1, 'float32', 1) as tf.Tensor4D;

describe('applyReceptiveFieldAdaptor', () => {
  it('official preset on a 256-channel, 4-conv head adds exactly 124,470 parameters (spec §2)', () => {
    const head = new TestHead({ channels: 256, clsConvs: 4, regConvs: 4, groups: 32 });
    const before = head.numParameters();
    const rfa = applyReceptiveFieldAdaptor(head, { preset: 'official' });
    expect(rfa.addedParameters).toBe(124470);
    expect(head.numParameters() - before).toBe(124470);
    expect([rfa.clsIndex, rfa.regIndex]).toEqual([9, 9]); // the last conv
    expect(rfa.cls.modulated).toBe(true);
    expect(rfa.cls.offset.weight.shape).toEqual([3, 3, 256, 27]);
    head.dispose();
  });

  it('paper preset replaces the first conv with DCNv1 and starts equal to the head without RFA', () => {
    const head = new TestHead({ channels: 8, clsConvs: 2, regConvs: 3 });
    const ref = head.forward(x);
    const refCls = ref.cls.dataSync().slice();
    const refReg = ref.reg.dataSync().slice();
    const rfa = applyReceptiveFieldAdaptor(head, { preset: 'paper' });
    expect([rfa.clsIndex, rfa.regIndex]).toEqual([0, 0]);
    expect(head.clsTower.layerAt(0)).toBeInstanceOf(DeformConv2dPack);
    const out = head.forward(x);
    expectTensorsClose(out.cls, Array.from(refCls), { rtol: 1e-5, atol: 1e-5 });
    expectTensorsClose(out.reg, Array.from(refReg), { rtol: 1e-5, atol: 1e-5 });
  });

  it('DCNv2 with zero offsets and unit masks (mask logits large) also equals the head without RFA (property 1)', () => {
    const head = new TestHead({ channels: 8, clsConvs: 3, regConvs: 2 });
    const ref = head.forward(x);
    const [rc, rr] = [ref.cls.dataSync().slice(), ref.reg.dataSync().slice()];
    const rfa = applyReceptiveFieldAdaptor(head, { preset: 'official', keepWeights: true });
    for (const l of [rfa.cls, rfa.reg]) {
      l.offset.weight.assign(tf.zerosLike(l.offset.weight));
      l.offset.bias!.assign(tf.concat([tf.zeros([18]), tf.fill([9], 40)]));
    }
    const out = head.forward(x);
    expectTensorsClose(out.cls, Array.from(rc), { rtol: 1e-5, atol: 1e-5 });
    expectTensorsClose(out.reg, Array.from(rr), { rtol: 1e-5, atol: 1e-5 });
  });

  it('the two towers own separate RFA parameters: changing one tower’s offsets leaves the other branch unchanged (property 5)', () => {
    const head = new TestHead({ channels: 8, clsConvs: 2, regConvs: 2 });
    const rfa = applyReceptiveFieldAdaptor(head, { preset: 'official' });
    const before = head.forward(x);
    const [c0, r0] = [before.cls.dataSync().slice(), before.reg.dataSync().slice()];
    rfa.cls.offset.bias!.assign(tf.add(rfa.cls.offset.bias!, tf.concat([tf.fill([18], 0.7), tf.zeros([9])])));
    const after = head.forward(x);
    expectTensorsClose(after.reg, Array.from(r0), { rtol: 0, atol: 0 });
    expect(Math.max(...Array.from(after.cls.dataSync()).map((v, i) => Math.abs(v - c0[i]!)))).toBeGreaterThan(
      1e-3,
    );
    const clsVars = new Set(rfa.cls.parameters());
    expect(rfa.reg.parameters().some((v) => clsVars.has(v))).toBe(false);
  });

  it('gradients reach the offset predictors of both branches; no tensor leaks', async () => {
    const head = new TestHead({ channels: 8, clsConvs: 2, regConvs: 3 });
    const rfa = applyReceptiveFieldAdaptor(head, { preset: 'official' });
    const loss = () => {
      const o = head.forward(x);
      return tf.add(tf.sum(tf.square(o.cls)), tf.sum(tf.square(o.reg))) as tf.Scalar;
    };
    const { grads } = tf.variableGrads(loss, [rfa.cls.offset.weight, rfa.reg.offset.weight]);
    for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    await expectNoTensorLeak(() => {
      const r = tf.variableGrads(loss, head.parameters());
      r.value.dispose();
      tf.dispose(Object.values(r.grads));
    });
  });

  it('position, modulation and init are separate options; a bad position names the tower', () => {
    const head = new TestHead({ channels: 8, clsConvs: 3, regConvs: 2 });
    const rfa = applyReceptiveFieldAdaptor(head, {
      position: 1,
      modulated: true,
      offsetInit: 'zeros',
      keepWeights: false,
    });
    expect([rfa.clsIndex, rfa.regIndex]).toEqual([3, 3]);
    expect(rfa.cls.modulated).toBe(true);
    expect(Array.from(rfa.cls.offset.weight.dataSync()).every((v) => v === 0)).toBe(true);
    expect(() =>
      applyReceptiveFieldAdaptor(new TestHead({ channels: 8, clsConvs: 3, regConvs: 2 }), { position: 2 }),
    ).toThrow(
      'applyReceptiveFieldAdaptor: position: expected first, last or 0..1 (the regression tower has 2 convs), got 2',
    );
  });
});

describe('loading official-preset weights (key mapping)', () => {
  it('a PyTorch state dict with the official tower keys loads strictly into a head + official RFA', async () => {
    const { fromTorchStateDict, tfConvWeightToTorch } = await import('@aligndet/core-tensor');
    const C = 8;
    const head = new TestHead({ channels: C, clsConvs: 4, regConvs: 4 });
    applyReceptiveFieldAdaptor(head, { preset: 'official' });
    // the official names: convs at 0, 3, 6; GN at 1, 4, 7, 10; DFConv2d at 9 with children offset and conv
    const torchState: Record<string, { shape: number[]; data: Float32Array }> = {};
    const conv = (o: number, i: number) => ({
      shape: [o, i, 3, 3],
      data: new Float32Array(o * i * 9).fill(0.01),
    });
    const vec = (n: number, v = 0) => ({ shape: [n], data: new Float32Array(n).fill(v) });
    for (const t of ['cls_tower', 'bbox_tower']) {
      for (const i of [0, 3, 6])
        Object.assign(torchState, { [`${t}.${i}.weight`]: conv(C, C), [`${t}.${i}.bias`]: vec(C) });
      for (const i of [1, 4, 7, 10])
        Object.assign(torchState, { [`${t}.${i}.weight`]: vec(C, 1), [`${t}.${i}.bias`]: vec(C) });
      Object.assign(torchState, {
        [`${t}.9.offset.weight`]: conv(27, C),
        [`${t}.9.offset.bias`]: vec(27),
        [`${t}.9.conv.weight`]: conv(C, C),
        [`${t}.9.conv.bias`]: vec(C),
      });
    }
    const result = fromTorchStateDict(head, torchState);
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [], shapeMismatches: [] });
    const back = tfConvWeightToTorch({
      shape: (head.stateDict()['cls_tower.9.offset.weight'] as tf.Tensor).shape,
      data: (head.stateDict()['cls_tower.9.offset.weight'] as tf.Tensor).dataSync() as Float32Array,
    });
    expect(back.shape).toEqual([27, C, 3, 3]);
  });
});
