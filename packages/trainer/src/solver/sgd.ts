import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link SGD}; defaults are the spec's (§4). */
export interface SgdOptions {
  /** Momentum. Default 0.9. */
  momentum?: number;
  /** Weight decay (L2, added to the gradient). Default 1e-4. */
  weightDecay?: number;
  /** Learning-rate factor of parameters whose name contains "bias". Default 2. */
  biasLrFactor?: number;
  /** Weight decay of bias parameters. Default 0. */
  biasWeightDecay?: number;
  /** Predicate for "is a bias" (default: the name contains `bias`, as the official code does). */
  isBias?: (name: string) => boolean;
}

interface ParamSlot {
  name: string;
  variable: tf.Variable;
  lrFactor: number;
  weightDecay: number;
  momentumBuffer: tf.Variable | null;
}

/**
 * Stochastic gradient descent with momentum and weight decay, PyTorch semantics (dampening 0,
 * no Nesterov): d = g + wd·p; buf = m·buf + d (buf = d on the first step); p −= lr·buf.
 * Parameters whose name contains "bias" get lr × 2 and no weight decay (the official recipe).
 * Its state (the momentum buffers) is saved and restored by name for exact resumption.
 *
 * @example
 * ```ts
 * const opt = new SGD(model.namedParameters().filter(([, v]) => v.trainable));
 * const { grads } = tf.variableGrads(() => loss(), opt.variables);
 * opt.step(grads, 0.01);
 * ```
 */
export class SGD {
  private readonly slots: ParamSlot[];
  readonly momentum: number;

  constructor(namedParameters: Array<[string, tf.Variable]>, options: SgdOptions = {}) {
    this.momentum = options.momentum ?? 0.9;
    const wd = options.weightDecay ?? 1e-4;
    const isBias = options.isBias ?? ((n: string) => n.includes('bias'));
    this.slots = namedParameters.map(([name, variable]) => {
      const bias = isBias(name);
      return {
        name,
        variable,
        lrFactor: bias ? (options.biasLrFactor ?? 2) : 1,
        weightDecay: bias ? (options.biasWeightDecay ?? 0) : wd,
        momentumBuffer: null,
      };
    });
  }

  /** The variables this optimiser updates, in order (pass to `tf.variableGrads`). */
  get variables(): tf.Variable[] {
    return this.slots.map((s) => s.variable);
  }

  /**
   * One update with learning rate `lr`. `grads` is keyed by variable name (as returned by
   * `tf.variableGrads`); parameters without a gradient are left unchanged. Does not dispose `grads`.
   */
  step(grads: tf.NamedTensorMap, lr: number): void {
    for (const s of this.slots) {
      const g = grads[s.variable.name];
      if (!g) continue;
      tf.tidy(() => {
        const d = s.weightDecay !== 0 ? tf.add(g, tf.mul(s.variable, s.weightDecay)) : g;
        let buf: tf.Tensor;
        if (this.momentum !== 0) {
          if (s.momentumBuffer) {
            buf = tf.add(tf.mul(s.momentumBuffer, this.momentum), d);
            s.momentumBuffer.assign(buf);
          } else {
            s.momentumBuffer = tf.variable(tf.clone(d), false);
            buf = s.momentumBuffer;
          }
        } else {
          buf = d;
        }
        s.variable.assign(tf.sub(s.variable, tf.mul(buf, lr * s.lrFactor)));
      });
    }
  }

  /** Momentum buffers by parameter name (live tensors; for checkpoints). */
  stateDict(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const s of this.slots) if (s.momentumBuffer) out[s.name] = s.momentumBuffer;
    return out;
  }

  /** Restores momentum buffers saved by {@link SGD.stateDict}; unknown names throw. */
  loadStateDict(state: Record<string, tf.Tensor>): void {
    const byName = new Map(this.slots.map((s) => [s.name, s]));
    for (const [name, value] of Object.entries(state)) {
      const s = byName.get(name);
      if (!s) throw new Error(`SGD.loadStateDict: no parameter named ${JSON.stringify(name)}`);
      if (value.shape.join(',') !== s.variable.shape.join(',')) {
        throw new Error(
          `SGD.loadStateDict: ${name}: expected shape [${s.variable.shape}], got [${value.shape}]`,
        );
      }
      if (s.momentumBuffer) s.momentumBuffer.assign(value);
      else s.momentumBuffer = tf.variable(tf.clone(value), false);
    }
  }

  /** Frees the momentum buffers. */
  dispose(): void {
    for (const s of this.slots) {
      s.momentumBuffer?.dispose();
      s.momentumBuffer = null;
    }
  }
}
