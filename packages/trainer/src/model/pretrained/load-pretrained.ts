import { fromTorchStateDict, type RawTensor } from '@aligndet/core-tensor';
import { ResNet } from '../backbones/resnet';
import { torchvisionFcosKey } from '../checkpoints/torchvision-fcos-keys';
import { WeightsError } from '../checkpoints/weights-error';
import { readWeights, shapeText } from '../checkpoints/weights-file';
import type { Detector } from '../detector';

/** What {@link loadPretrained} did. */
export interface PretrainedReport {
  file: string;
  /**
   * `resnet`: an ImageNet ResNet state dict (torchvision or timm names) into the backbone;
   * `torchvision-fcos`: a torchvision `fcos_resnet50_fpn` state dict; `aligndet`: an aligndet
   * checkpoint (`model/…` tensors).
   */
  format: 'resnet' | 'torchvision-fcos' | 'aligndet';
  /** Detector keys given values from the file. */
  loaded: string[];
  /** Detector keys left at their initial values. */
  leftAtInit: string[];
  /** File keys with no place in the detector by design (ImageNet `fc.*`, BN `num_batches_tracked`). */
  ignored: string[];
  /** The classifier, left at init because the file has another number of classes. */
  reinitialisedClassifier: { fileClasses: number; modelClasses: number } | null;
  /** One line for the log. */
  summary: string;
}

const CLASSIFIER = ['head.cls_logits.weight', 'head.cls_logits.bias'];

/**
 * Starts a detector from pretrained weights (`model.pretrained`): an ImageNet ResNet (torchvision
 * or timm state dict as safetensors) fills the backbone; a full detector (a torchvision
 * `fcos_resnet50_fpn` state dict, or an aligndet checkpoint) fills every module, except the
 * classifier when its class count differs (it keeps its prior-probability init, and the report
 * says so). A missing or unreadable file, keys that fit nowhere, keys the model needs that a
 * backbone file lacks, and shape mismatches throw a {@link WeightsError} naming the file and key.
 *
 * @example
 * ```ts
 * const report = loadPretrained(detector, 'weights/resnet50.safetensors');
 * console.log(report.summary); // "…: resnet weights: 318 tensors loaded into the backbone, …"
 * ```
 */
export function loadPretrained(detector: Detector, path: string): PretrainedReport {
  const file = readWeights(path);
  const keys = Object.keys(file);
  if (keys.some((k) => k.startsWith('model/'))) return loadFull(detector, path, file, 'aligndet');
  if (keys.some((k) => k.startsWith('backbone.body.')))
    return loadFull(detector, path, file, 'torchvision-fcos');
  if ('conv1.weight' in file && keys.some((k) => k.startsWith('layer1.')))
    return loadResNet(detector, path, file);
  throw new WeightsError(
    path,
    `not a ResNet, torchvision FCOS or aligndet state dict (first keys: ${keys.slice(0, 3).join(', ') || 'none'})`,
  );
}

function loadResNet(detector: Detector, path: string, file: Record<string, RawTensor>): PretrainedReport {
  if (!(detector.backbone instanceof ResNet))
    throw new WeightsError(
      path,
      `holds ResNet weights, but the backbone is a ${detector.backbone.constructor.name}`,
    );
  const ignored = Object.keys(file).filter((k) => k.startsWith('fc.') || k.endsWith('num_batches_tracked'));
  const state = Object.fromEntries(Object.entries(file).filter(([k]) => !ignored.includes(k)));
  const result = fromTorchStateDict(detector.backbone, state, { strict: false });
  check(path, result, file, (k) => k);
  if (result.missingKeys.length)
    throw new WeightsError(
      path,
      `${result.missingKeys.length} backbone key(s) missing, e.g. ${result.missingKeys.slice(0, 3).join(', ')} (another ResNet depth?)`,
    );
  const loaded = Object.keys(state).map((k) => `backbone.${k}`);
  return report(detector, path, 'resnet', loaded, ignored, null);
}

function loadFull(
  detector: Detector,
  path: string,
  file: Record<string, RawTensor>,
  format: 'torchvision-fcos' | 'aligndet',
): PretrainedReport {
  const ours = new Map<string, string>(); // file key → detector key
  if (format === 'aligndet') {
    for (const k of Object.keys(file)) if (k.startsWith('model/')) ours.set(k, k.slice('model/'.length));
  } else {
    for (const k of Object.keys(detector.stateDict())) {
      const theirs = safeTorchvisionKey(k);
      if (theirs) ours.set(theirs, k);
    }
  }
  const ignored = Object.keys(file).filter((k) => k.startsWith('optimizer/'));
  const unknown = Object.keys(file).filter((k) => !ours.has(k) && !ignored.includes(k));
  if (unknown.length)
    throw new WeightsError(
      path,
      `${unknown.length} key(s) fit no part of this detector, e.g. ${unknown.slice(0, 3).join(', ')}`,
    );
  const state: Record<string, RawTensor> = {};
  for (const [theirs, mine] of ours) if (theirs in file) state[mine] = file[theirs]!;
  // a classifier for another class count is the one part fine-tuning re-learns
  const clsKey =
    format === 'aligndet' ? 'model/head.cls_logits.weight' : 'head.classification_head.cls_logits.weight';
  const fileClasses = file[clsKey]?.shape[format === 'aligndet' ? 3 : 0];
  const modelClasses = detector.numClasses;
  let reinit: PretrainedReport['reinitialisedClassifier'] = null;
  if (fileClasses !== undefined && fileClasses !== modelClasses) {
    for (const k of CLASSIFIER) delete state[k];
    reinit = { fileClasses, modelClasses };
  }
  const result =
    format === 'aligndet'
      ? detector.loadStateDict(state, { strict: false })
      : fromTorchStateDict(detector, state, { strict: false });
  const back = new Map([...ours].map(([t, m]) => [m, t]));
  check(path, result, file, (k) => back.get(k) ?? k);
  return report(detector, path, format, Object.keys(state), ignored, reinit);
}

function safeTorchvisionKey(key: string): string | null {
  try {
    return torchvisionFcosKey(key);
  } catch {
    return null; // e.g. RFA offset convs: no torchvision counterpart, left at init
  }
}

function check(
  path: string,
  result: {
    unexpectedKeys: string[];
    shapeMismatches: Array<{ key: string; expected: number[]; actual: number[] }>;
  },
  file: Record<string, RawTensor>,
  fileKey: (ours: string) => string,
): void {
  if (result.unexpectedKeys.length)
    throw new WeightsError(
      path,
      `${result.unexpectedKeys.length} key(s) fit no part of this model, e.g. ${result.unexpectedKeys.slice(0, 3).map(fileKey).join(', ')}`,
    );
  const bad = result.shapeMismatches[0];
  if (bad) {
    const k = fileKey(bad.key);
    throw new WeightsError(
      path,
      `${k} has shape ${shapeText(file[k]?.shape ?? bad.actual)}, the model's ${bad.key} needs ${shapeText(bad.expected)} (tf layout)`,
    );
  }
}

function report(
  detector: Detector,
  path: string,
  format: PretrainedReport['format'],
  loaded: string[],
  ignored: string[],
  reinit: PretrainedReport['reinitialisedClassifier'],
): PretrainedReport {
  const done = new Set(loaded);
  const leftAtInit = Object.keys(detector.stateDict()).filter((k) => !done.has(k));
  const parts = [
    `${path}: ${format} weights: ${loaded.length} tensors loaded, ${leftAtInit.length} left at init`,
  ];
  if (format === 'resnet') parts.push('(backbone loaded; FPN and head start from their init)');
  if (reinit)
    parts.push(
      `(classifier re-initialised: the file has ${reinit.fileClasses} classes, the model ${reinit.modelClasses})`,
    );
  if (ignored.length)
    parts.push(
      `; ignored ${ignored.length} (${[...new Set(ignored.map((k) => k.split('.')[0]!.split('/')[0]))].join(', ')})`,
    );
  return {
    file: path,
    format,
    loaded,
    leftAtInit,
    ignored,
    reinitialisedClassifier: reinit,
    summary: parts.join(' '),
  };
}
