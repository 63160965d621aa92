/**
 * Reproducible parameter initialisation, like `torch.manual_seed`: after `manualSeed(s)`, every
 * initializer called without an explicit seed draws its seed from a generator seeded with `s`, so
 * building the same model twice gives the same weights. Without it, initialisation is random.
 */
let state: number | null = null;

/** Seeds parameter initialisation (or `null` to go back to random). */
export function manualSeed(seed: number | null): void {
  state = seed === null ? null : seed >>> 0;
}

/** The next initializer seed, or undefined when unseeded. */
export function nextInitSeed(): number | undefined {
  if (state === null) return undefined;
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}
