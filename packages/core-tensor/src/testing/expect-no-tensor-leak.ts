import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link expectNoTensorLeak}. */
export interface LeakCheckOptions {
  /** Calls before counting (caches, lazily created variables). Default 2. */
  warmup?: number;
  /** Calls whose net tensor count must be zero. Default 5. */
  repeats?: number;
}

/**
 * Runs `step` a few times to warm up, then `repeats` more times, and asserts that
 * `tf.memory().numTensors` did not grow over the counted calls. Returns the counts seen.
 *
 * @example
 * ```ts
 * await expectNoTensorLeak(() => { const y = layer.forward(x); y.dispose(); });
 * ```
 */
export async function expectNoTensorLeak(
  step: () => unknown | Promise<unknown>,
  options: LeakCheckOptions = {},
): Promise<number[]> {
  const warmup = options.warmup ?? 2;
  const repeats = options.repeats ?? 5;
  for (let i = 0; i < warmup; i++) await step();
  const counts = [tf.memory().numTensors];
  for (let i = 0; i < repeats; i++) {
    await step();
    counts.push(tf.memory().numTensors);
  }
  if (counts[counts.length - 1]! > counts[0]!) {
    throw new Error(`expectNoTensorLeak: numTensors grew across ${repeats} steps: ${counts.join(' -> ')}`);
  }
  return counts;
}
