import * as tf from '@tensorflow/tfjs-core';
import { nextInitSeed } from './init-seed';

/** Fan-in and fan-out of a weight, as PyTorch computes them (in × receptive field, out × receptive field). */
export interface Fan {
  fanIn: number;
  fanOut: number;
}

/** Makes the initial value of a parameter of `shape`. */
export type Initializer = (shape: number[], fan: Fan) => tf.Tensor;

/**
 * Parameter initialisers with PyTorch's semantics. Each takes an optional seed; without one they
 * follow `manualSeed` (random when unseeded).
 *
 * @example
 * ```ts
 * new Conv2d({ inChannels: 256, outChannels: 80, kernelSize: 3, padding: 1,
 *   weightInit: initializers.normal(0.01), biasInit: initializers.constant(-4.59512) });
 * ```
 */
export const initializers = {
  /** N(mean, std²). */
  normal:
    (std: number, mean = 0, seed?: number): Initializer =>
    (shape) =>
      tf.randomNormal(shape, mean, std, 'float32', seed ?? nextInitSeed()),
  /** U(low, high). */
  uniform:
    (low: number, high: number, seed?: number): Initializer =>
    (shape) =>
      tf.randomUniform(shape, low, high, 'float32', seed ?? nextInitSeed()),
  /**
   * Kaiming-uniform with negative slope `a` (PyTorch's `kaiming_uniform_`, fan-in mode, leaky-ReLU
   * gain √(2 / (1 + a²))): U(±gain·√(3 / fanIn)). `a = √5` is PyTorch's default conv init; `a = 1`
   * is the FPN's.
   */
  kaimingUniform:
    (a = Math.sqrt(5), seed?: number): Initializer =>
    (shape, fan) => {
      const bound = Math.sqrt(2 / (1 + a * a)) * Math.sqrt(3 / fan.fanIn);
      return tf.randomUniform(shape, -bound, bound, 'float32', seed ?? nextInitSeed());
    },
  /** PyTorch's default conv bias: U(±1/√fanIn). */
  fanInUniform:
    (seed?: number): Initializer =>
    (shape, fan) => {
      const bound = 1 / Math.sqrt(fan.fanIn);
      return tf.randomUniform(shape, -bound, bound, 'float32', seed ?? nextInitSeed());
    },
  /** All zeros. */
  zeros: (): Initializer => (shape) => tf.zeros(shape),
  /** All `value`. */
  constant:
    (value: number): Initializer =>
    (shape) =>
      tf.fill(shape, value),
};
