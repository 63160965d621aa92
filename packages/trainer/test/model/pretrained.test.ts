import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { FcosAssigner } from '@aligndet/fcos-head';
import { type RawTensor, type TensorToWrite, tensorsToWrite } from '@aligndet/core-tensor';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load-config';
import { loadPretrained } from '../../src/model/pretrained/load-pretrained';
import { createDetector, type DetectorSpec } from '../../src/model/presets';
import { buildDetector } from '../../src/run/build-detector';
import { type RecipeTensor, recipeValues } from './weight-recipe';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * `model.pretrained` (loadPretrained): torchvision's ImageNet `resnet50()` state dict (key names,
 * shapes and int64 `num_batches_tracked` counters from tools/fixtures/torchvision_fcos.py, values
 * from its recipe), torchvision's `fcos_resnet50_fpn` state dict, and aligndet checkpoints.
 */
const fixtures = new URL('../fixtures/torchvision-fcos/', import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), 'aligndet-pretrained-'));

function recipeFile(
  name: string,
  recipe: { golden: number; tensors: Array<RecipeTensor & { dtype?: string }> },
  edit?: (s: Record<string, TensorToWrite>) => void,
): { path: string; state: Record<string, RawTensor> } {
  const state: Record<string, TensorToWrite> = {};
  recipe.tensors.forEach((r, t) => {
    const size = r.shape.reduce((a, b) => a * b, 1);
    state[r.name] = {
      shape: r.shape,
      data: r.dtype === 'I64' ? Int32Array.of(1000) : recipeValues(t, size, r.offset, r.scale, recipe.golden),
    };
  });
  edit?.(state);
  const path = join(tmp, name);
  writeSafetensorsFile(path, state);
  return { path, state: state as Record<string, RawTensor> };
}

const imagenet = JSON.parse(readFileSync(new URL('resnet50-imagenet.json', fixtures), 'utf8'));
const fcos = JSON.parse(readFileSync(new URL('recipe.json', fixtures), 'utf8'));
const resnetFile = recipeFile('resnet50.safetensors', imagenet);
const fcosFile = recipeFile('fcos.safetensors', fcos);

/** Element (o, i, y, x) of a PyTorch conv weight against our [kh, kw, in, out] layout. */
function expectConvLoaded(ours: tf.Tensor, torch: RawTensor) {
  const [o, i, kh, kw] = torch.shape as [number, number, number, number];
  const tfData = ours.dataSync();
  for (const [a, b, y, x] of [
    [0, 0, 0, 0],
    [o - 1, i - 1, kh - 1, kw - 1],
    [o >> 1, i >> 1, kh >> 1, 0],
  ] as const)
    expect(tfData[((y * kw + x) * i + b) * o + a]).toBe(torch.data[((a * i + b) * kh + y) * kw + x]);
}

const message = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect((error as Error).name).toBe('WeightsError');
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('did not throw');
};

describe('model.pretrained', () => {
  it("examples/coco's recommended config starts from the ResNet-50 it names (all 265 backbone tensors; fc and BN counters ignored)", () => {
    const config = loadConfigFile(
      new URL('../../../../examples/coco/my-data.config.json', import.meta.url).pathname,
      [`model.pretrained=${resnetFile.path}`],
    );
    expect(config.model.backbone).toBe('resnet50');
    const detector = buildDetector(config, 5);
    const report = loadPretrained(detector, config.model.pretrained!);
    const backboneKeys = Object.keys(detector.stateDict()).filter((k) => k.startsWith('backbone.'));
    expect(report.format).toBe('resnet');
    expect(report.loaded.sort()).toEqual(backboneKeys.sort());
    expect(report.loaded.length).toBe(265);
    expect(report.leftAtInit.every((k) => !k.startsWith('backbone.'))).toBe(true);
    expect(report.ignored.filter((k) => k.startsWith('fc.')).sort()).toEqual(['fc.bias', 'fc.weight']);
    expect(report.ignored.filter((k) => k.endsWith('num_batches_tracked')).length).toBe(53);
    expect(report.summary).toMatch(/resnet weights: 265 tensors loaded, \d+ left at init \(backbone loaded/);
    const sd = detector.stateDict();
    expectConvLoaded(sd['backbone.conv1.weight']!, resnetFile.state['conv1.weight']!);
    expectConvLoaded(sd['backbone.layer4.2.conv3.weight']!, resnetFile.state['layer4.2.conv3.weight']!);
    expect(Array.from(sd['backbone.layer2.0.downsample.1.running_var']!.dataSync())).toEqual(
      Array.from(resnetFile.state['layer2.0.downsample.1.running_var']!.data),
    );
    detector.dispose();
  });

  const spec = (numClasses: number, backbone: DetectorSpec['backbone'] = 'resnet50'): DetectorSpec => ({
    numClasses,
    backbone,
    fpnChannels: 256,
    headChannels: 256,
    headConvs: 4,
    headGroups: 32,
    rfa: null,
    assigner: new FcosAssigner(),
    qualityTarget: 'centerness',
  });

  it('fine-tuning from a torchvision FCOS checkpoint with another class count re-initialises only the classifier', () => {
    const detector = createDetector(spec(3));
    const initCls = detector.stateDict()['head.cls_logits.bias']!.dataSync().slice();
    const report = loadPretrained(detector, fcosFile.path);
    expect(report.format).toBe('torchvision-fcos');
    expect(report.reinitialisedClassifier).toEqual({ fileClasses: 7, modelClasses: 3 });
    expect(report.leftAtInit.sort()).toEqual(
      [
        'head.cls_logits.bias',
        'head.cls_logits.weight',
        ...[0, 1, 2, 3, 4].map((l) => `head.scales.${l}.scale`),
      ].sort(),
    );
    expect(report.loaded.length).toBe(317);
    expect(report.summary).toContain('classifier re-initialised: the file has 7 classes, the model 3');
    expect(Array.from(detector.stateDict()['head.cls_logits.bias']!.dataSync())).toEqual(Array.from(initCls));
    expectConvLoaded(
      detector.stateDict()['head.bbox_tower.0.weight']!,
      fcosFile.state['head.regression_head.conv.0.weight']!,
    );
    detector.dispose();
  });

  it('an aligndet checkpoint (model/… tensors) loads into a detector with another class count, classifier re-initialised', () => {
    const tiny = (n: number) => ({
      ...spec(n, 'tiny'),
      fpnChannels: 16,
      headChannels: 16,
      headConvs: 1,
      headGroups: 4,
    });
    const source = createDetector(tiny(4));
    const tensors = tensorsToWrite(source.stateDict());
    const path = join(tmp, 'aligndet.safetensors');
    writeSafetensorsFile(path, {
      ...Object.fromEntries(Object.entries(tensors).map(([k, v]) => [`model/${k}`, v])),
      'optimizer/momentum.x': { shape: [1], data: new Float32Array(1) },
    });
    const target = createDetector(tiny(2));
    const report = loadPretrained(target, path);
    expect(report.format).toBe('aligndet');
    expect(report.reinitialisedClassifier).toEqual({ fileClasses: 4, modelClasses: 2 });
    expect(report.leftAtInit.sort()).toEqual(['head.cls_logits.bias', 'head.cls_logits.weight']);
    const a = source.stateDict();
    for (const [k, v] of Object.entries(target.stateDict()))
      if (!k.startsWith('head.cls_logits'))
        expect(Array.from(v.dataSync()), k).toEqual(Array.from(a[k]!.dataSync()));
    source.dispose();
    target.dispose();
  });

  it('fails with one line on a missing file, a garbage file, the wrong backbone and a shape mismatch', () => {
    const det50 = createDetector(spec(3));
    expect(message(() => loadPretrained(det50, join(tmp, 'nope.safetensors')))).toMatch(
      /nope.safetensors: cannot read: ENOENT/,
    );
    const garbage = join(tmp, 'garbage.safetensors');
    writeFileSync(garbage, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(message(() => loadPretrained(det50, garbage))).toMatch(/^.*garbage.safetensors: /);
    const bad = recipeFile('bad-conv1.safetensors', imagenet, (s) => {
      s['conv1.weight'] = { shape: [64, 3, 3, 3], data: new Float32Array(64 * 27) };
    });
    expect(message(() => loadPretrained(det50, bad.path))).toMatch(
      /bad-conv1.safetensors: conv1.weight has shape \[64, 3, 3, 3\], the model's conv1.weight needs \[7, 7, 3, 64\]/,
    );
    const det18 = createDetector(spec(3, 'resnet18'));
    expect(message(() => loadPretrained(det18, resnetFile.path))).toMatch(
      /165 key\(s\) fit no part of this model, e.g. layer1.0.bn3.bias/,
    );
    const tiny = createDetector({
      ...spec(3, 'tiny'),
      fpnChannels: 16,
      headChannels: 16,
      headConvs: 1,
      headGroups: 4,
    });
    expect(message(() => loadPretrained(tiny, resnetFile.path))).toMatch(
      /holds ResNet weights, but the backbone is a TinyBackbone/,
    );
    const other = join(tmp, 'other.safetensors');
    writeSafetensorsFile(other, { 'encoder.weight': { shape: [1], data: new Float32Array(1) } });
    expect(message(() => loadPretrained(tiny, other))).toMatch(
      /not a ResNet, torchvision FCOS or aligndet state dict \(first keys: encoder.weight\)/,
    );
    for (const d of [det50, det18, tiny]) d.dispose();
  });
});
