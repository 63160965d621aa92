import { fromTorchStateDict, type RawTensor, tfConvWeightToTorch } from '@aligndet/core-tensor';
import { FcosAssigner, FcosHead } from '@aligndet/fcos-head';
import { applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import { ResNet } from '../backbones/resnet';
import { OFFICIAL_FCOS_CONVENTIONS } from '../conventions/detector-conventions';
import { Detector } from '../detector';
import { FPN } from '../fpn';
import { officialFcosKey } from './official-fcos-keys';
import { shapeText, WeightsError } from './weights-error';

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
 * An official FCOS (`rfa: false`) or MOD (`rfa: true`) R-50 `model` state dict (official names,
 * PyTorch layouts) as a detector with the official conventions (`OFFICIAL_FCOS_CONVENTIONS`), with
 * no file system: what `loadOfficialFcos` does after reading the file, and what a page does with
 * the bytes (through `detectorFromWeights`). `numClasses` defaults to the classifier's rows, `rfa`
 * to whether the towers have MOD's deformable convs (`rpn.head.cls_tower.9.offset.weight`).
 * Labels are contiguous 0-based indices: official label − 1. Every key must match (a
 * `WeightsError` naming `file` and the first key that does not).
 *
 * @example
 * ```ts
 * const detector = officialFcosFromState(weightsFromBytes(bytes, 'mod.safetensors'), 'mod.safetensors');
 * ```
 */
export function officialFcosFromState(
  state: Record<string, RawTensor>,
  file: string,
  options: Partial<LoadOfficialFcosOptions> = {},
): Detector<FcosHead> {
  const numClasses = options.numClasses ?? state['rpn.head.cls_logits.weight']?.shape[0];
  if (numClasses === undefined)
    throw new WeightsError(file, 'rpn.head.cls_logits.weight missing: not an official FCOS/MOD state dict');
  const rfa = options.rfa ?? 'rpn.head.cls_tower.9.offset.weight' in state;
  const detector = officialFcosDetector({ numClasses, rfa });
  try {
    loadOfficialFcosState(detector, state, file, rfa);
  } catch (error) {
    detector.dispose();
    throw error;
  }
  return detector;
}

/** Loads an official-named state dict (PyTorch layout) into an {@link officialFcosDetector}. */
export function loadOfficialFcosState(
  detector: Detector,
  state: Record<string, RawTensor>,
  file: string,
  rfa: boolean,
): void {
  const map = new Map(Object.keys(detector.stateDict()).map((k) => [officialFcosKey(k), k]));
  const unknown = Object.keys(state).filter((k) => !map.has(k));
  if (unknown.length)
    throw new WeightsError(
      file,
      `${unknown.length} key(s) not in the official FCOS${rfa ? ' (MOD)' : ''} R-50 model, e.g. ${unknown.slice(0, 3).join(', ')}`,
    );
  const missing = [...map.keys()].filter((k) => !(k in state));
  if (missing.length)
    throw new WeightsError(file, `${missing.length} key(s) missing, e.g. ${missing.slice(0, 3).join(', ')}`);
  const renamed: Record<string, RawTensor> = {};
  for (const [k, v] of Object.entries(state)) renamed[map.get(k)!] = v;
  const result = fromTorchStateDict(detector, renamed, { strict: false });
  const bad = result.shapeMismatches[0];
  if (bad) {
    const theirs = officialFcosKey(bad.key);
    throw new WeightsError(
      file,
      `${theirs} has shape ${shapeText(state[theirs]!.shape)}, the model's ${bad.key} needs ${shapeText(bad.expected)} (tf layout)`,
    );
  }
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
