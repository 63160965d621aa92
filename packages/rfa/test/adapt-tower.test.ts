import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Conv2d, isConvLayer, ReLU, Sequential, type TowerLayer } from '@aligndet/core-tensor';
import { DeformConv2dPack } from '@aligndet/deform-conv';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptTower, adaptTowers } from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tower = (convs: number) =>
  new Sequential(
    Array.from({ length: convs }, () => [
      new Conv2d({ inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1 }),
      new ReLU(),
    ]).flat() as TowerLayer[],
  );

/** A conv-shaped layer that has geometry but no weight variable (not a `ConvLayer`). */
class GeometryOnly extends ReLU {
  readonly convGeometry = new Conv2d({ inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1 })
    .convGeometry;
}

describe('adaptTower / adaptTowers: RFA on any towers', () => {
  it('adapts every tower of a head with more than two branches, each with its own deformable conv', () => {
    const towers = [tower(2), tower(1), tower(3)];
    const done = adaptTowers(towers, { preset: 'official' });
    expect(done.map((d) => d.index)).toEqual([2, 0, 4]);
    towers.forEach((t, i) => expect(t.layerAt(done[i]!.index)).toBeInstanceOf(DeformConv2dPack));
    expect(new Set(done.map((d) => d.layer)).size).toBe(3);
    // 27-channel offset/mask predictor on 4 channels: 3·3·4·27 + 27
    done.forEach((d) => expect(d.addedParameters).toBe(3 * 3 * 4 * 27 + 27));
  });

  it('checks every tower before changing any', () => {
    const towers = [tower(2), tower(0)];
    expect(() => adaptTowers(towers, { position: 1 })).toThrow(
      /adaptTowers: position: .*the #1 tower has 0 convs/,
    );
    expect(towers[0]!.layerAt(2)).toBeInstanceOf(Conv2d);
  });

  it('keepWeights needs a ConvLayer and says so instead of failing on a missing weight', () => {
    const t = new Sequential([new GeometryOnly() as TowerLayer]);
    expect(isConvLayer(t.layerAt(0))).toBe(false);
    expect(() => adaptTower(t, { preset: 'paper' })).toThrow(
      /keepWeights: the #0 tower's layer 0 is not a ConvLayer/,
    );
    expect(t.layerAt(0)).toBeInstanceOf(GeometryOnly);
  });

  it('keepWeights copies the conv weight through the ConvLayer contract', () => {
    const t = tower(1);
    const w = (t.layerAt(0) as Conv2d).weight.arraySync();
    const { layer } = adaptTower(t, { preset: 'paper', disposeReplaced: true });
    expect(layer.conv.weight.arraySync()).toEqual(w);
  });
});
