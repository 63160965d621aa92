import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** A shape mismatch found by {@link Module.loadStateDict}. */
export interface ShapeMismatch {
  key: string;
  expected: number[];
  actual: number[];
}

/** What {@link Module.loadStateDict} found, by key name (`cls_tower.0.weight`, …). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
  shapeMismatches: ShapeMismatch[];
}

/** Thrown by a strict {@link Module.loadStateDict} that found missing, unexpected or mis-shaped keys. */
export class StateDictError extends Error {
  override readonly name = 'StateDictError';
  constructor(readonly result: LoadStateDictResult) {
    const parts: string[] = [];
    if (result.missingKeys.length) parts.push(`missing keys: ${result.missingKeys.join(', ')}`);
    if (result.unexpectedKeys.length) parts.push(`unexpected keys: ${result.unexpectedKeys.join(', ')}`);
    for (const m of result.shapeMismatches) {
      parts.push(
        `shape mismatch for ${m.key}: expected [${m.expected.join(',')}], got [${m.actual.join(',')}]`,
      );
    }
    super(`loadStateDict: ${parts.join('; ')}`);
  }
}

/** Raw tensor data with its shape (row-major), e.g. as read from a safetensors file. */
export interface RawTensor {
  shape: readonly number[];
  data: Float32Array | Int32Array;
}

/** A tensor value as a state dict may hold it: a tfjs tensor, or raw data with its shape. */
export type StateValue = tf.Tensor | RawTensor;

/**
 * The base of every aligndet layer and model: named parameters (`tf.Variable`), buffers
 * (non-trainable state such as frozen BatchNorm statistics) and child modules, addressed with
 * PyTorch-style dotted names so that weights move to and from PyTorch state dicts.
 *
 * Subclasses register their state in the constructor with {@link Module.addParameter},
 * {@link Module.addBuffer} and {@link Module.addModule}, and implement {@link Module.forward}.
 *
 * @example
 * ```ts
 * class Affine extends Module<tf.Tensor2D, tf.Tensor2D> {
 *   readonly w = this.addParameter('weight', tf.ones([4, 2]));
 *   forward(x: tf.Tensor2D) { return tf.matMul(x, this.w); }
 * }
 * const m = new Affine();
 * m.namedParameters().map(([name]) => name); // ['weight']
 * ```
 */
export abstract class Module<In = tf.Tensor, Out = tf.Tensor> {
  /** Training mode (true) or evaluation mode (false); see {@link Module.train}. */
  training = true;
  private readonly params = new Map<string, tf.Variable>();
  private readonly buffers = new Map<string, tf.Tensor>();
  private readonly children = new Map<string, Module<unknown, unknown>>();

  /** Runs the layer. Call inside `tf.tidy` (or dispose the result) like any tfjs op. */
  abstract forward(input: In): Out;

  /** Registers a parameter under `name`, taking ownership of `initial` (it is wrapped in a Variable). */
  protected addParameter(name: string, initial: tf.Tensor, trainable = true): tf.Variable {
    this.assertFreeName(name);
    const v = initial instanceof tf.Variable ? initial : tf.variable(initial, trainable);
    if (v !== initial) initial.dispose();
    v.trainable = trainable;
    this.params.set(name, v);
    return v;
  }

  /** Registers non-trainable state under `name` (saved in the state dict, never optimised). */
  protected addBuffer(name: string, value: tf.Tensor): tf.Tensor {
    this.assertFreeName(name);
    const kept = tf.keep(value);
    this.buffers.set(name, kept);
    return kept;
  }

  /** Registers a child module under `name`; its state appears as `name.<child key>`. */
  protected addModule<M extends Module<any, any>>(name: string, module: M): M {
    this.assertFreeName(name);
    this.children.set(name, module);
    return module;
  }

  /**
   * Swaps the child registered under `name` for `module` and returns the old child (not disposed,
   * so its weights can be copied). Used by seams such as tower layer replacement.
   */
  protected replaceModule<M extends Module<any, any>>(name: string, module: M): Module<any, any> {
    const old = this.children.get(name);
    if (!old)
      throw new InvalidArgumentError({
        op: 'Module.replaceModule',
        field: 'name',
        value: name,
        message: `no child named ${JSON.stringify(name)}`,
      });
    this.children.set(name, module);
    module.train(this.training);
    return old;
  }

  /** Replaces the value of buffer `name` (disposing the old value). */
  protected setBuffer(name: string, value: tf.Tensor): void {
    const old = this.buffers.get(name);
    if (!old)
      throw new InvalidArgumentError({
        op: 'Module.setBuffer',
        field: 'name',
        value: name,
        message: 'no such buffer',
      });
    this.buffers.set(name, tf.keep(value));
    if (old !== value) old.dispose();
  }

  private assertFreeName(name: string): void {
    if (!name || name.includes('.')) {
      throw new InvalidArgumentError({
        op: 'Module',
        field: 'name',
        value: name,
        expected: 'a non-empty name without dots',
      });
    }
    if (this.params.has(name) || this.buffers.has(name) || this.children.has(name)) {
      throw new InvalidArgumentError({
        op: 'Module',
        field: 'name',
        value: name,
        message: 'name already registered',
      });
    }
  }

  /** Direct children with their names, in registration order. */
  namedChildren(): Array<[string, Module<any, any>]> {
    return [...this.children.entries()];
  }

  /** All parameters of this module and its descendants, with dotted names, in registration order. */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [n, v] of this.params) out.push([prefix + n, v]);
    for (const [n, c] of this.children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** All buffers of this module and its descendants, with dotted names. */
  namedBuffers(prefix = ''): Array<[string, tf.Tensor]> {
    const out: Array<[string, tf.Tensor]> = [];
    for (const [n, v] of this.buffers) out.push([prefix + n, v]);
    for (const [n, c] of this.children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** The parameters alone (e.g. for `tf.variableGrads(f, m.parameters())`). */
  parameters(onlyTrainable = false): tf.Variable[] {
    return this.namedParameters()
      .map(([, v]) => v)
      .filter((v) => !onlyTrainable || v.trainable);
  }

  /** Number of scalar parameters (all, or only trainable ones). */
  numParameters(onlyTrainable = false): number {
    return this.parameters(onlyTrainable).reduce((s, v) => s + v.size, 0);
  }

  /** Marks every parameter of this module and its descendants trainable (or frozen). */
  setTrainable(trainable: boolean): this {
    for (const v of this.parameters()) v.trainable = trainable;
    return this;
  }

  /** Sets training mode on this module and its descendants; returns `this`. */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.children.values()) c.train(mode);
    return this;
  }

  /** Evaluation mode (`train(false)`). */
  eval(): this {
    return this.train(false);
  }

  /** Parameters and buffers by dotted name. The tensors are the live ones: do not dispose them. */
  stateDict(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [n, v] of this.namedParameters()) out[n] = v;
    for (const [n, v] of this.namedBuffers()) out[n] = v;
    return out;
  }

  /**
   * Copies values from `state` into this module's parameters and buffers, by name. Reports keys
   * that are missing, unexpected or of the wrong shape; with `strict` (default) any of these throws
   * a {@link StateDictError} before anything is assigned.
   */
  loadStateDict(state: Record<string, StateValue>, options: { strict?: boolean } = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const params = new Map(this.namedParameters());
    const buffers = new Map(this.namedBuffers());
    const result: LoadStateDictResult = { missingKeys: [], unexpectedKeys: [], shapeMismatches: [] };
    for (const key of [...params.keys(), ...buffers.keys()])
      if (!(key in state)) result.missingKeys.push(key);
    const assignable: Array<[string, StateValue]> = [];
    for (const [key, value] of Object.entries(state)) {
      const target = params.get(key) ?? buffers.get(key);
      if (!target) {
        result.unexpectedKeys.push(key);
        continue;
      }
      const shape = [...value.shape];
      if (shape.length !== target.shape.length || shape.some((d, i) => d !== target.shape[i])) {
        result.shapeMismatches.push({ key, expected: [...target.shape], actual: shape });
        continue;
      }
      assignable.push([key, value]);
    }
    if (
      strict &&
      (result.missingKeys.length || result.unexpectedKeys.length || result.shapeMismatches.length)
    ) {
      throw new StateDictError(result);
    }
    for (const [key, value] of assignable) {
      if (value === params.get(key) || value === buffers.get(key)) continue; // already this module's own tensor
      const t = value instanceof tf.Tensor ? value : tf.tensor(value.data, [...value.shape]);
      const p = params.get(key);
      if (p) {
        p.assign(t.dtype === p.dtype ? t : tf.cast(t, p.dtype));
      } else {
        const owner = this.ownerOf(key);
        owner.module.setBuffer(owner.name, t === value ? tf.clone(t) : t);
        continue;
      }
      if (t !== value) t.dispose();
    }
    return result;
  }

  private ownerOf(key: string): { module: Module<any, any>; name: string } {
    const parts = key.split('.');
    let m: Module<any, any> = this;
    for (const p of parts.slice(0, -1)) {
      const c = m.children.get(p);
      if (!c)
        throw new InvalidArgumentError({ op: 'Module', field: 'key', value: key, message: 'no such module' });
      m = c;
    }
    return { module: m, name: parts[parts.length - 1]! };
  }

  /** Disposes every parameter and buffer of this module and its descendants. */
  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    for (const b of this.buffers.values()) b.dispose();
    for (const c of this.children.values()) c.dispose();
    this.params.clear();
    this.buffers.clear();
  }
}
