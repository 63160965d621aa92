import type * as tf from '@tensorflow/tfjs-core';
import type { ConvGeometry, TowerLayer } from './two-tower-head';

/**
 * A convolution layer as a plug-in that replaces or copies it relies on: its geometry and its
 * parameters, `weight` `[kh, kw, Cin / groups, Cout]` (tfjs's HWIO) and `bias` `[Cout]`. core's
 * `Conv2d` is one.
 */
export interface ConvLayer extends TowerLayer {
  readonly convGeometry: ConvGeometry;
  readonly weight: tf.Variable;
  readonly bias?: tf.Variable | undefined;
}

/**
 * Whether a tower layer is a {@link ConvLayer} (has geometry and a weight variable).
 *
 * @example
 * ```ts
 * if (isConvLayer(tower.layerAt(0))) tower.layerAt(0).weight.shape; // [3, 3, 256, 256]
 * ```
 */
export function isConvLayer(layer: TowerLayer): layer is ConvLayer {
  const w = (layer as { weight?: unknown }).weight;
  return layer.convGeometry !== undefined && typeof w === 'object' && w !== null && 'assign' in w;
}
