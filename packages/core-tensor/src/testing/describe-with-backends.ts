import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendChoice, initBackend } from '../backend/init-backend';
import { type BackendPurpose, missingKernels } from '../backend/training-kernels';

/** Options of {@link describeWithBackends}. */
export interface BackendSuiteOptions {
  /** Also needs backward kernels (`training`), or forward only (`inference`, default). */
  requires?: BackendPurpose;
  /** Backends to try. Default: `cpu`, `wasm` and `tensorflow` (tfjs-node, when installed). */
  backends?: BackendChoice[];
}

/** Whether `choice` can run a suite needing `purpose`; null when it can, else the reason. */
export async function backendExclusion(
  choice: BackendChoice,
  purpose: BackendPurpose,
): Promise<string | null> {
  const previous = tf.getBackend();
  try {
    const info = await initBackend(choice, { purpose: 'inference', log: () => {}, env: {} });
    const missing = missingKernels(info.tfjsName, purpose);
    return missing.length ? `lacks ${purpose} kernels ${missing.join(', ')}` : null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}

/**
 * Registers a suite once per installed backend, each run with that backend active. A backend that
 * cannot run it (not installed, or missing a kernel the suite needs) gets one visible test named
 * `excluded: <reason>` instead, so exclusions show in every report, never silently. Await it at the
 * top level of a test file.
 *
 * @example
 * ```ts
 * await describeWithBackends('deformConv2d', { requires: 'training' }, (backend) => {
 *   it('matches torchvision', () => { ... });
 * });
 * ```
 */
export async function describeWithBackends(
  name: string,
  options: BackendSuiteOptions,
  fn: (backend: BackendChoice) => void,
): Promise<void> {
  const purpose = options.requires ?? 'inference';
  const backends = options.backends ?? ['cpu', 'wasm', 'tensorflow'];
  const exclusions = new Map<BackendChoice, string | null>();
  for (const b of backends) exclusions.set(b, await backendExclusion(b, purpose));
  describe(name, () => {
    for (const choice of backends) {
      const reason = exclusions.get(choice);
      describe(`backend=${choice}`, () => {
        if (reason) {
          it(`excluded: ${reason}`, () => {
            expect(reason.length).toBeGreaterThan(0);
          });
          return;
        }
        beforeAll(async () => {
          await tf.setBackend(choice === 'tensorflow-gpu' ? 'tensorflow' : choice);
        });
        fn(choice);
      });
    }
  });
}
