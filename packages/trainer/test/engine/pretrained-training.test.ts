import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { type TensorToWrite, tensorsToWrite, tfConvWeightToTorch } from '@aligndet/core-tensor';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { describe, expect, it } from 'vitest';
import { cliErrorLine } from '../helpers/cli-error-line';
import { SYNTHETIC_CLASSES } from '../../src/data/synthetic/shapes';
import { resolveConfig } from '../../src/config/load-config';
import { buildDetector } from '../../src/run/build-detector';
import { trainDetector } from '../../src/run/train-detector';
import { tinyRunOverrides } from '../helpers/tiny-run';

/**
 * `model.pretrained` through a real training run (`trainDetector`, the tiny built-in dataset on
 * wasm, a ResNet-18 backbone): a generated torchvision-style ResNet-18 state dict (PyTorch conv
 * layout, with the ImageNet `fc` the loader must ignore), and an aligndet detector checkpoint with
 * another class count. At iteration 0 (the loop's `beforeTrain`) the model's weights are the file's,
 * bit for bit; the run then trains (finite losses, weights move) and its log says what was loaded
 * and that the classifier was re-initialised. Bad files fail the `aligndet train` command with one
 * line and exit code 1.
 */
const root = mkdtempSync(join(tmpdir(), 'pretrained-training-'));
const dataDir = join(root, 'data');
const overrides = (outDir: string, extra: string[] = []) =>
  tinyRunOverrides(outDir, dataDir, [
    'model.backbone=resnet18',
    'solver.maxIter=3',
    'run.checkpointPeriod=3',
    'run.evalPeriod=3',
    ...extra,
  ]);

/** Deterministic, non-trivial values (a running variance must stay positive). */
function values(key: string, n: number, salt: number): Float32Array {
  const positive = key.endsWith('running_var');
  return Float32Array.from({ length: n }, (_, i) => {
    const v = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 0.05;
    return positive ? 1 + Math.abs(v) : v;
  });
}

/** The detector's weights at iteration 0 and after training, and the run's log. */
async function trainFrom(pretrained: string, outDir: string) {
  const log: string[] = [];
  let atStart: Record<string, Float32Array> = {};
  let afterTraining: Record<string, Float32Array> = {};
  const result = await trainDetector(
    resolveConfig({}, overrides(outDir, [`model.pretrained=${pretrained}`])),
    {
      log: (l) => log.push(l),
      hooks: (defaults, ctx) => {
        const snapshot = () =>
          Object.fromEntries(
            Object.entries(ctx.detector.stateDict()).map(([k, v]) => [k, Float32Array.from(v.dataSync())]),
          );
        return [
          ...defaults,
          {
            beforeTrain: () => {
              atStart = snapshot();
            },
            afterTrain: () => {
              afterTraining = snapshot();
            },
          },
        ];
      },
    },
  );
  return { result, log, atStart, afterTraining };
}

const bitEqual = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('model.pretrained in a training run (wasm, tiny dataset, ResNet-18)', () => {
  it('a torchvision-style ResNet-18 file: the backbone starts as the file (bit-exact), fc ignored, the run trains and says so', {
    timeout: 240_000,
  }, async () => {
    // the file: every backbone tensor of the model, under torchvision's names, in PyTorch layout
    const shapeSource = buildDetector(resolveConfig({}, overrides(join(root, 'unused'))), 2);
    const file: Record<string, TensorToWrite> = {};
    const expected: Record<string, Float32Array> = {};
    Object.entries(shapeSource.backbone.stateDict()).forEach(([key, t], salt) => {
      const data = values(key, t.size, salt);
      expected[`backbone.${key}`] = data;
      file[key] =
        t.rank === 4 ? tfConvWeightToTorch({ shape: [...t.shape], data }) : { shape: t.shape, data };
    });
    shapeSource.dispose();
    file['fc.weight'] = { shape: [1000, 512], data: values('fc.weight', 512_000, 99) };
    file['fc.bias'] = { shape: [1000], data: values('fc.bias', 1000, 98) };
    const path = join(root, 'resnet18.safetensors');
    writeSafetensorsFile(path, file);

    const { result, log, atStart, afterTraining } = await trainFrom(path, join(root, 'run-backbone'));
    const backboneKeys = Object.keys(atStart).filter((k) => k.startsWith('backbone.'));
    expect(backboneKeys.sort()).toEqual(Object.keys(expected).sort());
    for (const k of backboneKeys) expect(bitEqual(atStart[k]!, expected[k]!), k).toBe(true);
    expect(log.join('\n')).toMatch(
      new RegExp(
        `resnet weights: ${backboneKeys.length} tensors loaded, \\d+ left at init \\(backbone loaded`,
      ),
    );
    expect(result.iterations).toBe(3);
    // it trained from there: some backbone weight moved
    expect(backboneKeys.some((k) => !bitEqual(afterTraining[k]!, atStart[k]!))).toBe(true);
  });

  it('an aligndet checkpoint with another class count: all but the classifier start as the file, the log says the classifier was re-initialised', {
    timeout: 240_000,
  }, async () => {
    // the built-in dataset's classes
    const numClasses = SYNTHETIC_CLASSES.length;
    const source = buildDetector(resolveConfig({}, overrides(join(root, 'unused'))), numClasses + 2);
    const sourceState = Object.fromEntries(
      Object.entries(source.stateDict()).map(([k, v], salt) => [k, values(k, v.size, salt + 500)]),
    );
    const tensors = tensorsToWrite(source.stateDict());
    const path = join(root, 'detector.safetensors');
    writeSafetensorsFile(
      path,
      Object.fromEntries(
        Object.entries(tensors).map(([k, v]) => [`model/${k}`, { shape: v.shape, data: sourceState[k]! }]),
      ),
    );
    source.dispose();

    const { log, atStart } = await trainFrom(path, join(root, 'run-finetune'));
    expect(atStart['head.cls_logits.bias']!.length).toBe(numClasses);
    for (const [k, v] of Object.entries(atStart)) {
      if (k.startsWith('head.cls_logits')) {
        expect(v.length, k).not.toBe(sourceState[k]!.length);
        continue;
      }
      expect(bitEqual(v, sourceState[k]!), k).toBe(true);
    }
    expect(log.join('\n')).toContain(
      `classifier re-initialised: the file has ${numClasses + 2} classes, the model ${numClasses}`,
    );
  });

  it('`aligndet train` with a missing, a garbage or a mismatched pretrained file: one line, exit code 1', {
    timeout: 120_000,
  }, async () => {
    const garbage = join(root, 'garbage.safetensors');
    writeFileSync(garbage, Buffer.from('not a safetensors file at all'));
    const wrongDepth = join(root, 'conv1-3x3.safetensors');
    writeSafetensorsFile(wrongDepth, {
      'conv1.weight': { shape: [64, 3, 3, 3], data: new Float32Array(64 * 27) },
      'layer1.0.conv1.weight': { shape: [64, 64, 3, 3], data: new Float32Array(64 * 64 * 9) },
    });
    for (const [file, pattern] of [
      [join(root, 'nope.safetensors'), /nope\.safetensors: cannot read: ENOENT/],
      [garbage, /garbage\.safetensors: /],
      [wrongDepth, /conv1-3x3\.safetensors: conv1\.weight has shape \[64, 3, 3, 3\]/],
    ] as const) {
      const line = await cliErrorLine([
        'train',
        ...overrides(join(root, 'run-bad')),
        `model.pretrained=${file}`,
      ]);
      expect(line).toMatch(pattern);
    }
  });
});
