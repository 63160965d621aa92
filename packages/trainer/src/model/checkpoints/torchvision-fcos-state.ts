import { fromTorchStateDict, type RawTensor, tfConvWeightToTorch } from '@aligndet/core-tensor';
import { FcosAssigner, FcosHead } from '@aligndet/fcos-head';
import { ResNet } from '../backbones/resnet';
import { TORCHVISION_CONVENTIONS } from '../conventions/detector-conventions';
import { Detector } from '../detector';
import { FPN } from '../fpn';
import { torchvisionFcosKey } from './torchvision-fcos-keys';
import { shapeText, WeightsError } from './weights-error';

/** Options of {@link loadTorchvisionFcos}. */
export interface LoadTorchvisionFcosOptions {
  /** Classes of the checkpoint's classifier (torchvision's COCO models: 91, label = COCO category id). */
  numClasses: number;
}

/**
 * torchvision's `fcos_resnet50_fpn` architecture (ResNet-50 with frozen BN, FPN P3–P7 with P6
 * from P5, 4-conv GroupNorm towers, centerness on the regression tower) as a {@link Detector}
 * with torchvision's conventions and freshly initialised weights.
 */
export function torchvisionFcosDetector(numClasses: number): Detector<FcosHead> {
  const backbone = new ResNet({ depth: 50 });
  return new Detector({
    backbone,
    fpn: new FPN({ inChannels: backbone.outChannels, outChannels: 256 }),
    head: new FcosHead({ numClasses, inChannels: 256, numConvs: 4, gnGroups: 32 }),
    assigner: new FcosAssigner(),
    qualityTarget: 'centerness',
    conventions: TORCHVISION_CONVENTIONS,
  });
}

/**
 * A torchvision `fcos_resnet50_fpn` state dict (torchvision's names, PyTorch layouts) as a
 * detector carrying torchvision's conventions (`TORCHVISION_CONVENTIONS`), with no file system:
 * what `loadTorchvisionFcos` does after reading the file, and what a page does with the bytes
 * (through `detectorFromWeights`). `numClasses` defaults to the classifier's rows. `file` names the
 * source in a {@link WeightsError}.
 *
 * @example
 * ```ts
 * const state = weightsFromBytes(bytes, 'fcos_resnet50_fpn_coco.safetensors');
 * const detector = torchvisionFcosFromState(state, 'fcos_resnet50_fpn_coco.safetensors'); // 91 classes
 * ```
 */
export function torchvisionFcosFromState(
  state: Record<string, RawTensor>,
  file: string,
  options: Partial<LoadTorchvisionFcosOptions> = {},
): Detector<FcosHead> {
  const cls = state['head.classification_head.cls_logits.weight'];
  const numClasses = options.numClasses ?? cls?.shape[0];
  if (numClasses === undefined)
    throw new WeightsError(
      file,
      "head.classification_head.cls_logits.weight missing: not torchvision's fcos_resnet50_fpn",
    );
  const detector = torchvisionFcosDetector(numClasses);
  try {
    loadTorchvisionFcosState(detector, state, file);
  } catch (error) {
    detector.dispose();
    throw error;
  }
  return detector;
}

/** The detector's keys by torchvision name (the per-level scales have none). */
export function torchvisionFcosKeyMap(detector: Detector): Map<string, string> {
  const map = new Map<string, string>();
  for (const key of Object.keys(detector.stateDict())) {
    const theirs = torchvisionFcosKey(key);
    if (theirs !== null) map.set(theirs, key);
  }
  return map;
}

/** Loads a torchvision-named state dict (PyTorch layout) into a torchvision-architecture detector. */
export function loadTorchvisionFcosState(
  detector: Detector,
  state: Record<string, RawTensor>,
  file: string,
): void {
  const map = torchvisionFcosKeyMap(detector);
  const unknown = Object.keys(state).filter((k) => !map.has(k));
  if (unknown.length)
    throw new WeightsError(
      file,
      `${unknown.length} key(s) not in torchvision's fcos_resnet50_fpn, e.g. ${unknown.slice(0, 3).join(', ')}`,
    );
  const missing = [...map.keys()].filter((k) => !(k in state));
  if (missing.length)
    throw new WeightsError(file, `${missing.length} key(s) missing, e.g. ${missing.slice(0, 3).join(', ')}`);
  const cls = state['head.classification_head.cls_logits.weight']!;
  if (cls.shape[0] !== detector.numClasses)
    throw new WeightsError(
      file,
      `head.classification_head.cls_logits.weight ${shapeText(cls.shape)} has ${cls.shape[0]} classes, numClasses is ${detector.numClasses}`,
    );
  const renamed: Record<string, RawTensor> = {};
  for (const [k, v] of Object.entries(state)) renamed[map.get(k)!] = v;
  const result = fromTorchStateDict(detector, renamed, { strict: false });
  const bad = result.shapeMismatches[0];
  if (bad) {
    const theirs = [...map].find(([, ours]) => ours === bad.key)![0];
    throw new WeightsError(
      file,
      `${theirs} has shape ${shapeText(state[theirs]!.shape)}, the model needs ${shapeText(torchShape(bad.expected))}`,
    );
  }
}

/**
 * A torchvision-architecture detector's weights under torchvision's `fcos_resnet50_fpn` names and
 * PyTorch layouts (conv weights `[out, in, kh, kw]`), ready for `model.load_state_dict`. The
 * per-level scales, which torchvision lacks, are folded into `bbox_reg` (relu(s·(Wx + b)) =
 * relu(sW·x + s·b) for s > 0); that needs one common positive scale.
 *
 * @example
 * ```ts
 * saveTorchvisionFcos(detector, 'fcos_finetuned.safetensors'); // torch: model.load_state_dict(load_file(path))
 * ```
 */
export function torchvisionFcosState(detector: Detector): Record<string, RawTensor> {
  const state = detector.stateDict();
  const scales = Object.entries(state)
    .filter(([k]) => /^head\.scales\.\d+\.scale$/.test(k))
    .map(([, v]) => v.dataSync()[0]!);
  const s = scales[0] ?? 1;
  if (scales.some((v) => v !== s) || !(s > 0))
    throw new Error(
      `torchvisionFcosState: the head's per-level scales (${scales.join(', ')}) are not one positive value; torchvision's head has no per-level scale`,
    );
  const out: Record<string, RawTensor> = {};
  for (const [key, t] of Object.entries(state)) {
    const theirs = torchvisionFcosKey(key);
    if (theirs === null) continue;
    let data = Float32Array.from(t.dataSync());
    if (key.startsWith('head.bbox_pred.') && s !== 1) data = data.map((v) => v * s);
    const raw = { shape: [...t.shape], data };
    out[theirs] = t.shape.length === 4 ? tfConvWeightToTorch(raw) : raw;
  }
  return out;
}

/** tf conv filter shape `[kh, kw, in, out]` → PyTorch `[out, in, kh, kw]` (other ranks unchanged). */
function torchShape(shape: number[]): number[] {
  return shape.length === 4 ? [shape[3]!, shape[2]!, shape[0]!, shape[1]!] : shape;
}
