import type * as tf from '@tensorflow/tfjs-core';
import {
  Conv2d,
  GroupNorm,
  initializers,
  Module,
  ReLU,
  Sequential,
  type TowerLayer,
  type TwoTowerHead,
} from '@aligndet/core-tensor';

/** A minimal two-tower head for the tests (not FCOS): towers of [conv, GN, ReLU] of any depth. */
export class TestHead
  extends Module<tf.Tensor4D, { cls: tf.Tensor4D; reg: tf.Tensor4D }>
  implements TwoTowerHead
{
  readonly clsTower: Sequential;
  readonly regTower: Sequential;

  constructor(o: { channels: number; clsConvs: number; regConvs: number; groups?: number }) {
    super();
    const tower = (n: number) =>
      new Sequential(
        Array.from({ length: n }, () => [
          new Conv2d({
            inChannels: o.channels,
            outChannels: o.channels,
            kernelSize: 3,
            padding: 1,
            weightInit: initializers.normal(0.1),
            biasInit: initializers.normal(0.1),
          }),
          new GroupNorm({ numGroups: o.groups ?? 4, numChannels: o.channels }),
          new ReLU(),
        ]).flat() as TowerLayer[],
      );
    this.clsTower = this.addModule('cls_tower', tower(o.clsConvs));
    this.regTower = this.addModule('bbox_tower', tower(o.regConvs));
  }

  forward(x: tf.Tensor4D) {
    return { cls: this.clsTower.forward(x), reg: this.regTower.forward(x) };
  }
}
