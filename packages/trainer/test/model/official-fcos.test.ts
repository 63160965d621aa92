import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { describeWithBackends } from '@aligndet/core-tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import {
  loadOfficialFcos,
  officialFcosState,
  saveOfficialFcos,
} from '../../src/model/checkpoints/official-fcos';
import { officialFcosKey } from '../../src/model/checkpoints/official-fcos-keys';
import { decodeImageFile } from '../../src/data/image/decode-image';
import { resizePilBilinear } from '../../src/data/transforms/resize-pil';
import type { Detector } from '../../src/model/detector';
import { predictImages } from '../../src/run/predict-images';
import { compareDetections, formatErrors, type Samples, stageErrors } from './reference-compare';
import { type RecipeTensor, recipeState } from './weight-recipe';

/**
 * Official FCOS "imprv" R-50 and MOD (DCNv2 on each tower's last conv) against a PyTorch
 * re-implementation of the official inference (tools/fixtures/official_fcos.py; the official CUDA
 * build cannot run here). Weights are regenerated from the fixture's recipe under the official
 * key names. Three images: two resize-free (min size = shorter side), one the official resize
 * downscales (110×83 at min size 64 → 84×64: its size rule and PIL's bilinear resize on uint8,
 * which `OFFICIAL_FCOS_CONVENTIONS` reproduces bit for bit). Tolerance: same count and labels (official − 1), scores within 1e-4, boxes
 * within 1e-3 relative (to max(|ref|, 1)); per-stage errors relative to the stage's max |value|.
 */
const dir = new URL('../fixtures/official-fcos/', import.meta.url);
interface Case {
  variant: 'fcos' | 'mod';
  file: string;
  width: number;
  height: number;
  padded: [number, number];
  /** the file's size (`width`, `height` are the resized ones) */
  original: [number, number];
  minSize: number;
  maxSize: number;
  stages: Record<string, Samples>;
  inputSamples: Samples;
  detections: { boxes: number[]; scores: number[]; labels: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as {
  numClasses: number;
  cases: Case[];
};
const tmp = mkdtempSync(join(tmpdir(), 'aligndet-official-fcos-'));
const recipes: Record<string, { golden: number; tensors: RecipeTensor[] }> = {};
const paths: Record<string, string> = {};
for (const variant of ['fcos', 'mod']) {
  recipes[variant] = JSON.parse(readFileSync(new URL(`recipe-${variant}.json`, dir), 'utf8'));
  const state = recipeState(recipes[variant]!);
  paths[variant] = join(tmp, `${variant}.safetensors`);
  writeSafetensorsFile(
    paths[variant]!,
    Object.fromEntries(
      Object.entries(state).map(([k, v]) => [k, { shape: v.shape, data: v.data as Float32Array }]),
    ),
  );
}

const f = Math.fround;
const CAFFE2_MEAN_BGR = [102.9801, 115.9465, 122.7717];

/**
 * The reference's input: the file resized to `width`×`height` with PIL's bilinear (identity when
 * the size is the file's), BGR, float32(pixel) − float32(mean), zero-padded; NHWC.
 */
async function caffe2Input(file: string, c: Case): Promise<tf.Tensor4D> {
  const decoded = await decodeImageFile(file);
  const image = { width: c.width, height: c.height, data: resizePilBilinear(decoded, c.width, c.height) };
  const [H, W] = c.padded;
  const out = new Float32Array(H * W * 3);
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      for (let c = 0; c < 3; c++)
        out[(y * W + x) * 3 + c] = f(
          image.data[(y * image.width + x) * 3 + (2 - c)]! - f(CAFFE2_MEAN_BGR[c]!),
        );
  return tf.tensor4d(out, [1, H, W, 3]);
}

const report: string[] = [];

await describeWithBackends(
  'loadOfficialFcos vs a re-implementation of the official inference',
  { backends: ['wasm'] },
  () => {
    for (const variant of ['fcos', 'mod'] as const) {
      let detector: Detector;
      beforeAll(() => {
        detector = loadOfficialFcos(paths[variant]!, {
          numClasses: fixture.numClasses,
          rfa: variant === 'mod',
        });
      });

      it(`${variant}: key map uses every checkpoint key and covers every weight`, () => {
        const ours = Object.keys(detector.stateDict()).map(officialFcosKey);
        expect(new Set(ours).size).toBe(ours.length);
        expect([...ours].sort()).toEqual(recipes[variant]!.tensors.map((t) => t.name).sort());
        report.push(`${variant}: ${ours.length} checkpoint keys, all used, none missing`);
      });

      it(`${variant}: export → official names and layouts bit-exact; load → export → load exact`, () => {
        const exported = officialFcosState(detector);
        const state = recipeState(recipes[variant]!);
        expect(Object.keys(exported).sort()).toEqual(Object.keys(state).sort());
        for (const [k, v] of Object.entries(state)) {
          expect(exported[k]!.shape, k).toEqual(v.shape);
          expect(Buffer.from(exported[k]!.data.buffer).equals(Buffer.from(v.data.buffer)), k).toBe(true);
        }
        const path = join(tmp, `${variant}-exported.safetensors`);
        saveOfficialFcos(detector, path);
        const liveBefore = tf.memory().numTensors;
        const again = loadOfficialFcos(path, { numClasses: fixture.numClasses, rfa: variant === 'mod' });
        const a = detector.stateDict();
        for (const [k, v] of Object.entries(again.stateDict()))
          expect(Buffer.from(v.dataSync().buffer).equals(Buffer.from(a[k]!.dataSync().buffer)), k).toBe(true);
        again.dispose();
        // loading leaves no tensor behind but the detector's own
        expect(tf.memory().numTensors).toBe(liveBefore);
        report.push(`${variant} round trip: ${Object.keys(exported).length} tensors bit-exact`);
      });

      it(`${variant}: a checkpoint of the other variant fails with one line`, () => {
        let message = '';
        try {
          loadOfficialFcos(paths[variant === 'mod' ? 'fcos' : 'mod']!, {
            numClasses: fixture.numClasses,
            rfa: variant === 'mod',
          });
        } catch (error) {
          message = (error as Error).message;
          expect((error as Error).name).toBe('WeightsError');
        }
        expect(message).toMatch(
          variant === 'mod'
            ? /4 key\(s\) not in the official FCOS \(MOD\) R-50 model, e.g. rpn.head.[a-z]+_tower.9/
            : /8 key\(s\) not in the official FCOS R-50 model, e.g. rpn.head.[a-z]+_tower.9/,
        );
        expect(message).not.toContain('\n');
      });

      for (const c of fixture.cases.filter((k) => k.variant === variant)) {
        const file = new URL(c.file, dir).pathname;
        it(`${variant}: detector.predict on the reference's input, ${c.file} (padded ${c.padded[1]}x${c.padded[0]})`, async () => {
          const x = await caffe2Input(file, c);
          const flatInput = x.dataSync();
          c.inputSamples.index.forEach((i, j) => expect(flatInput[i]).toBe(f(c.inputSamples.values[j]!)));
          const errors = stageErrors(detector, x, c.stages);
          const before = tf.memory().numTensors;
          const [dets] = detector.predict(x, [[c.height, c.width]]);
          expect(tf.memory().numTensors).toBe(before);
          x.dispose();
          const e = compareDetections(dets!, c.detections, { label: (l) => l - 1 });
          report.push(
            `${variant} predict ${c.file}: ${formatErrors(errors)}; ${dets!.scores.length} dets, score err ${e.score.toExponential(1)}, box err ${e.box.toExponential(1)}`,
          );
        });

        it(`${variant}: predictImages on ${c.file} (min size ${c.minSize}: ${c.original.join('x')} → ${c.width}x${c.height})`, async () => {
          const [p] = await predictImages(detector, [file], { minSize: c.minSize, maxSize: c.maxSize });
          expect(p!.scale).toEqual([c.original[0] / c.width, c.original[1] / c.height]);
          const e = compareDetections(p!.detections, c.detections, { label: (l) => l - 1 });
          report.push(
            `${variant} predictImages ${c.file}: ${p!.detections.scores.length} dets, score err ${e.score.toExponential(1)}, box err ${e.box.toExponential(1)}`,
          );
        });
      }
    }

    it('report', () => {
      console.log(`\n${report.join('\n')}`);
      expect(report.length).toBeGreaterThan(0);
    });
  },
);
