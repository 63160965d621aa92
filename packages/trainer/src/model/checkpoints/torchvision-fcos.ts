import type { FcosHead } from '@aligndet/fcos-head';
import type { Detector } from '../detector';
import {
  type LoadTorchvisionFcosOptions,
  torchvisionFcosFromState,
  torchvisionFcosState,
} from './torchvision-fcos-state';
import { readWeights, writeWeights } from './weights-file';

// The file-system half of the torchvision loader (Node); the rest is browser-safe.
export * from './torchvision-fcos-state';

/**
 * Loads a torchvision `fcos_resnet50_fpn` state dict saved as safetensors (e.g.
 * `safetensors.torch.save_file(model.state_dict(), path)`) into a detector carrying torchvision's
 * conventions (`TORCHVISION_CONVENTIONS`): `detector.predict` on torchvision's transformed input
 * and `predictImages` on image files give torchvision's detections with no further option. Every
 * key of the file must be one of the model's and every weight must be in the file; otherwise it
 * throws a `WeightsError` naming the key. The file read plus {@link torchvisionFcosFromState}.
 *
 * @example
 * ```ts
 * const detector = loadTorchvisionFcos('fcos_resnet50_fpn_coco.safetensors', { numClasses: 91 });
 * const [p] = await predictImages(detector, ['street.jpg'], { minSize: 800, maxSize: 1333 });
 * ```
 */
export function loadTorchvisionFcos(
  weightsPath: string,
  options: LoadTorchvisionFcosOptions,
): Detector<FcosHead> {
  return torchvisionFcosFromState(readWeights(weightsPath), weightsPath, options);
}

/** Writes {@link torchvisionFcosState} to a safetensors file (atomically). */
export function saveTorchvisionFcos(detector: Detector, path: string): void {
  const state = torchvisionFcosState(detector);
  writeWeights(path, state, {
    format: 'torchvision fcos_resnet50_fpn state dict',
    writer: '@aligndet/trainer',
  });
}
