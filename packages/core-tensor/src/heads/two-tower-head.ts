import type * as tf from '@tensorflow/tfjs-core';
import type { Module } from '../nn/module';

/** Geometry of a convolution layer, as a replacement (e.g. a deformable conv) needs it. */
export interface ConvGeometry {
  inChannels: number;
  outChannels: number;
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
  bias: boolean;
}

/** A layer of a tower: NHWC in, NHWC out. Conv layers describe their geometry. */
export interface TowerLayer extends Module<tf.Tensor4D, tf.Tensor4D> {
  /** Present on convolution layers (plain or deformable). */
  readonly convGeometry?: ConvGeometry;
}

/**
 * A tower: an ordered, replaceable list of layers. This is the seam through which a plug-in
 * (such as the receptive field adaptor) swaps one of a head's convs for its own layer, without
 * subclassing or patching the head.
 */
export interface Tower extends Module<tf.Tensor4D, tf.Tensor4D> {
  /** Number of layers. */
  readonly length: number;
  /** Layer `index` (0-based). */
  layerAt(index: number): TowerLayer;
  /** Indices of the layers that are convolutions (have `convGeometry`), in order. */
  convIndices(): number[];
  /** Puts `layer` at `index` and returns the layer it replaced (not disposed). */
  replaceLayer(index: number, layer: TowerLayer): TowerLayer;
}

/**
 * A dense head with a classification tower and a regression tower, the two branches whose
 * receptive fields and positives the aligndet components adapt. FCOS implements it; so can any
 * other two-branch anchor-free head.
 */
export interface TwoTowerHead {
  readonly clsTower: Tower;
  readonly regTower: Tower;
}
