import type { LoadStateDictResult, Module, RawTensor, StateValue } from '../nn/module';

/** PyTorch conv weight `[out, in, kh, kw]` → tf.conv2d filter `[kh, kw, in, out]`. */
export function torchConvWeightToTf(value: RawTensor): RawTensor {
  const [o, i, kh, kw] = value.shape as [number, number, number, number];
  const src = value.data instanceof Float32Array ? value.data : Float32Array.from(value.data as Int32Array);
  const out = new Float32Array(src.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          out[((y * kw + x) * i + b) * o + a] = src[((a * i + b) * kh + y) * kw + x]!;
  return { shape: [kh, kw, i, o], data: out };
}

/** tf.conv2d filter `[kh, kw, in, out]` → PyTorch `[out, in, kh, kw]`. */
export function tfConvWeightToTorch(value: RawTensor): RawTensor {
  const [kh, kw, i, o] = value.shape as [number, number, number, number];
  const src = value.data;
  const out = new Float32Array(src.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          out[((a * i + b) * kh + y) * kw + x] = src[((y * kw + x) * i + b) * o + a]!;
  return { shape: [o, i, kh, kw], data: out };
}

/**
 * Loads a PyTorch state dict (keys already renamed to the module's) into `module`: 4-D tensors
 * whose target is 4-D are transposed from `[out, in, kh, kw]` to `[kh, kw, in, out]`; a `[]`
 * scalar is accepted for a `[1]` parameter and vice versa. Keys the module does not have are
 * reported as unexpected (pass `strict: false` to ignore them, e.g. a classifier `fc.*`).
 *
 * @example
 * ```ts
 * const { tensors } = readSafetensorsFile('resnet18.safetensors');
 * fromTorchStateDict(backbone, storedToState(tensors), { strict: false });
 * ```
 */
export function fromTorchStateDict(
  module: Module<any, any>,
  torchState: Record<string, RawTensor>,
  options: { strict?: boolean } = {},
): LoadStateDictResult {
  const targets = new Map(
    [...module.namedParameters(), ...module.namedBuffers()].map(([k, v]) => [k, v.shape]),
  );
  const state: Record<string, StateValue> = {};
  for (const [k, v] of Object.entries(torchState)) {
    const target = targets.get(k);
    if (target && target.length === 4 && v.shape.length === 4) state[k] = torchConvWeightToTf(v);
    else if (target && target.length === 1 && target[0] === 1 && v.shape.length === 0)
      state[k] = { shape: [1], data: v.data };
    else if (target && target.length === 0 && v.shape.length === 1 && v.shape[0] === 1)
      state[k] = { shape: [], data: v.data };
    else state[k] = v;
  }
  return module.loadStateDict(state, options);
}
