import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { Tower, TowerLayer } from '../heads/two-tower-head';
import { Module } from './module';

/**
 * Layers applied in order; child `i` is named `String(i)`, as in `torch.nn.Sequential`, so state
 * dict keys read `tower.0.weight`. Implements the replaceable {@link Tower} seam.
 *
 * @example
 * ```ts
 * const tower = new Sequential([new Conv2d({ inChannels: 8, outChannels: 8, kernelSize: 3, padding: 1 }), new ReLU()]);
 * tower.convIndices(); // [0]
 * const y = tower.forward(x); // x: [N, H, W, 8]
 * ```
 */
export class Sequential extends Module<tf.Tensor4D, tf.Tensor4D> implements Tower {
  private layers: TowerLayer[];

  constructor(layers: TowerLayer[]) {
    super();
    this.layers = [...layers];
    this.layers.forEach((l, i) => {
      this.addModule(String(i), l);
    });
  }

  get length(): number {
    return this.layers.length;
  }

  layerAt(index: number): TowerLayer {
    this.checkIndex(index);
    return this.layers[index]!;
  }

  convIndices(): number[] {
    const out: number[] = [];
    this.layers.forEach((l, i) => {
      if (l.convGeometry) out.push(i);
    });
    return out;
  }

  replaceLayer(index: number, layer: TowerLayer): TowerLayer {
    this.checkIndex(index);
    const old = this.layers[index]!;
    this.replaceModule(String(index), layer);
    this.layers[index] = layer;
    return old;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    let y = x;
    for (const l of this.layers) y = l.forward(y);
    return y;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.layers.length) {
      throw new InvalidArgumentError({
        op: 'Sequential',
        field: 'index',
        value: index,
        expected: `an integer in [0, ${this.layers.length - 1}]`,
      });
    }
  }
}
