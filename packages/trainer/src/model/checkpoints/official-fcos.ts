import { fromTorchStateDict, type RawTensor, tfConvWeightToTorch } from '@aligndet/core-tensor';
import { FcosAssigner, FcosHead } from '@aligndet/fcos-head';
import { applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import { ResNet } from '../backbones/resnet';
import { OFFICIAL_FCOS_CONVENTIONS } from '../conventions/detector-conventions';
import { Detector } from '../detector';
import { FPN } from '../fpn';
import { officialFcosKey } from './official-fcos-keys';
import { WeightsError } from './weights-error';
import { readWeights, shapeText, writeWeights } from './weights-file';

/** Options of {@link loadOfficialFcos}. */
export interface LoadOfficialFcosOptions {
  /** Outputs of the classifier: the official `NUM_CLASSES` − 1 (80 for COCO). */
  numClasses: number;
  /** MOD (`true`: DCNv2 on each tower's last conv, the `official` RFA preset) or plain FCOS. */
  rfa: boolean;
}

/**
 * The official FCOS "imprv" R-50 architecture (MSRA ResNet-50: stride in the first 1×1 conv,
 * FrozenBN without ε; FPN with P6 from P5; GroupNorm towers, centerness on the regression tower,
 * per-level scales), with MOD's deformable tower convs when `rfa`, and the official conventions.
 */
export function officialFcosDetector(options: LoadOfficialFcosOptions): Detector<FcosHead> {
  const backbone = new ResNet({ depth: 50, strideInOneByOne: true, bnEps: 0 });
  const head = new FcosHead({ numClasses: options.numClasses, inChannels: 256, numConvs: 4, gnGroups: 32 });
  if (options.rfa) applyReceptiveFieldAdaptor(head, { preset: 'official' });
  return new Detector({
    backbone,
    fpn: new FPN({ inChannels: backbone.outChannels, outChannels: 256 }),
    head,
    assigner: new FcosAssigner(),
    qualityTarget: 'centerness',
    conventions: OFFICIAL_FCOS_CONVENTIONS,
  });
}

/**
 * Loads an official FCOS (`rfa: false`) or MOD (`rfa: true`) R-50 checkpoint, its `model` state
 * dict saved as safetensors, into a detector with the official conventions
 * (`OFFICIAL_FCOS_CONVENTIONS`). Labels are contiguous 0-based indices: official label − 1. Every
 * key must match (a `WeightsError` names the first that does not).
 *
 * @example
 * ```ts
 * const detector = loadOfficialFcos('FCOS_imprv_R_50_FPN_1x.safetensors', { numClasses: 80, rfa: false });
 * const [dets] = detector.predict(input, [[800, 1199]]); // input: BGR 0..255 minus the Caffe2 mean, padded
 * ```
 */
export function loadOfficialFcos(weightsPath: string, options: LoadOfficialFcosOptions): Detector<FcosHead> {
  const detector = officialFcosDetector(options);
  const state = readWeights(weightsPath);
  const map = new Map(Object.keys(detector.stateDict()).map((k) => [officialFcosKey(k), k]));
  const unknown = Object.keys(state).filter((k) => !map.has(k));
  if (unknown.length)
    throw new WeightsError(
      weightsPath,
      `${unknown.length} key(s) not in the official FCOS${options.rfa ? ' (MOD)' : ''} R-50 model, e.g. ${unknown.slice(0, 3).join(', ')}`,
    );
  const missing = [...map.keys()].filter((k) => !(k in state));
  if (missing.length)
    throw new WeightsError(
      weightsPath,
      `${missing.length} key(s) missing, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  const renamed: Record<string, RawTensor> = {};
  for (const [k, v] of Object.entries(state)) renamed[map.get(k)!] = v;
  const result = fromTorchStateDict(detector, renamed, { strict: false });
  const bad = result.shapeMismatches[0];
  if (bad) {
    const theirs = officialFcosKey(bad.key);
    throw new WeightsError(
      weightsPath,
      `${theirs} has shape ${shapeText(state[theirs]!.shape)}, the model's ${bad.key} needs ${shapeText(bad.expected)} (tf layout)`,
    );
  }
  return detector;
}

/**
 * A detector's weights under the official FCOS/MOD names and PyTorch layouts (conv weights
 * `[out, in, kh, kw]`), for the official code's `model.load_state_dict`. The names fit any
 * detector with a ResNet-50, the FPN and the FCOS head (with or without the `official` RFA preset);
 * a backbone built the torchvision way (stride in the 3×3 conv) needs `MODEL.RESNETS.STRIDE_IN_1X1:
 * False` there.
 *
 * @example
 * ```ts
 * saveOfficialFcos(detector, 'mod_finetuned.safetensors');
 * ```
 */
export function officialFcosState(detector: Detector): Record<string, RawTensor> {
  const out: Record<string, RawTensor> = {};
  for (const [key, t] of Object.entries(detector.stateDict())) {
    const raw = { shape: [...t.shape], data: Float32Array.from(t.dataSync()) };
    out[officialFcosKey(key)] = t.shape.length === 4 ? tfConvWeightToTorch(raw) : raw;
  }
  return out;
}

/** Writes {@link officialFcosState} to a safetensors file (atomically). */
export function saveOfficialFcos(detector: Detector, path: string): void {
  const state = officialFcosState(detector);
  writeWeights(path, state, { format: 'official FCOS state dict', writer: '@aligndet/trainer' });
}
