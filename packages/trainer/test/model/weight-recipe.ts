import type { RawTensor } from '@aligndet/core-tensor';

/** One tensor of a weight recipe (written by the generators in tools/fixtures/). */
export interface RecipeTensor {
  name: string;
  shape: number[];
  offset: number;
  scale: number;
}

/** lowbias32, as `hash32` in tools/fixtures/torchvision_fcos.py. */
function hash32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Tensor `t` of a recipe: element k is offset + scale·(hash32(k + t·golden) / 2³² · 2 − 1),
 * in float64 and then rounded to float32, exactly as the Python generator computes it.
 */
export function recipeValues(
  t: number,
  size: number,
  offset: number,
  scale: number,
  golden: number,
): Float32Array {
  const out = new Float32Array(size);
  const base = Number((BigInt(t) * BigInt(golden)) & 0xffffffffn);
  for (let k = 0; k < size; k++) {
    const u = (hash32((k + base) % 4294967296) / 4294967296) * 2 - 1;
    out[k] = offset + scale * u;
  }
  return out;
}

/** The state dict a recipe describes, in PyTorch layout, keys in recipe order. */
export function recipeState(recipe: { golden: number; tensors: RecipeTensor[] }): Record<string, RawTensor> {
  const out: Record<string, RawTensor> = {};
  recipe.tensors.forEach((r, t) => {
    const size = r.shape.reduce((a, b) => a * b, 1);
    out[r.name] = { shape: r.shape, data: recipeValues(t, size, r.offset, r.scale, recipe.golden) };
  });
  return out;
}
