import type { FcosHead } from '@aligndet/fcos-head';
import type { Detector } from '../detector';
import {
  type LoadOfficialFcosOptions,
  officialFcosFromState,
  officialFcosState,
} from './official-fcos-state';
import { readWeights, writeWeights } from './weights-file';

// The file-system half of the official FCOS/MOD loader (Node); the rest is browser-safe.
export * from './official-fcos-state';

/**
 * Loads an official FCOS (`rfa: false`) or MOD (`rfa: true`) R-50 checkpoint, its `model` state
 * dict saved as safetensors, into a detector with the official conventions
 * (`OFFICIAL_FCOS_CONVENTIONS`). Labels are contiguous 0-based indices: official label − 1. Every
 * key must match (a `WeightsError` names the first that does not). The file read plus
 * {@link officialFcosFromState}.
 *
 * @example
 * ```ts
 * const detector = loadOfficialFcos('FCOS_imprv_R_50_FPN_1x.safetensors', { numClasses: 80, rfa: false });
 * const [dets] = detector.predict(input, [[800, 1199]]); // input: BGR 0..255 minus the Caffe2 mean, padded
 * ```
 */
export function loadOfficialFcos(weightsPath: string, options: LoadOfficialFcosOptions): Detector<FcosHead> {
  return officialFcosFromState(readWeights(weightsPath), weightsPath, options);
}

/** Writes {@link officialFcosState} to a safetensors file (atomically). */
export function saveOfficialFcos(detector: Detector, path: string): void {
  const state = officialFcosState(detector);
  writeWeights(path, state, { format: 'official FCOS state dict', writer: '@aligndet/trainer' });
}
