import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { RawTensor } from '@aligndet/core-tensor';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { describeWithBackends } from '@aligndet/core-tensor/testing';
import { beforeAll, expect, it } from 'vitest';
import {
  loadTorchvisionFcos,
  saveTorchvisionFcos,
  torchvisionFcosDetector,
  torchvisionFcosKeyMap,
  torchvisionFcosState,
} from '../../src/model/checkpoints/torchvision-fcos';
import { detectorFromWeights, weightsFormat } from '../../src/model/checkpoints/detector-from-weights';
import { TORCHVISION_CONVENTIONS } from '../../src/model/conventions/detector-conventions';
import { torchvisionResizedSize } from '../../src/model/conventions/size-rules';
import type { Detector } from '../../src/model/detector';
import { predictImages } from '../../src/run/predict-images';
import {
  compareDetections,
  formatErrors,
  type RefDetections,
  type Samples,
  stageErrors,
} from './reference-compare';
import { type RecipeTensor, recipeState } from './weight-recipe';

/**
 * torchvision 0.14 `fcos_resnet50_fpn` against `loadTorchvisionFcos` (tools/fixtures/torchvision_fcos.py):
 * the weights are regenerated from the fixture's recipe into a safetensors file with torchvision's
 * names and layouts, loaded with no option but `numClasses`, and run on three image sizes where
 * torchvision's float32 size rule and its padded-size // grid-size P6/P7 strides differ from
 * aligndet's. Tolerance: same count and labels, scores within 1e-4, boxes within 1e-3 relative
 * (to max(|ref|, 1)); per-stage errors relative to the stage's max |value|.
 */
const dir = new URL('../fixtures/torchvision-fcos/', import.meta.url);
const recipe = JSON.parse(readFileSync(new URL('recipe.json', dir), 'utf8')) as {
  numClasses: number;
  golden: number;
  tensors: RecipeTensor[];
};
interface Case {
  file: string;
  width: number;
  height: number;
  minSize: number;
  maxSize: number;
  resized: [number, number];
  padded: [number, number];
  featureSizes: Array<[number, number]>;
  strides: Array<[number, number]>;
  stages: Record<string, Samples>;
  resizedDetections: RefDetections;
  detections: RefDetections;
  inputSamples: Samples;
  input?: { offset: number; length: number; shape: [number, number, number, number] };
}
const { cases } = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as { cases: Case[] };
const inputsBin = readFileSync(new URL('inputs.bin', dir));
const inputs = new Float32Array(inputsBin.buffer, inputsBin.byteOffset, inputsBin.byteLength / 4);

const torchState = recipeState(recipe);
const tmp = mkdtempSync(join(tmpdir(), 'aligndet-tv-fcos-'));
const weightsPath = join(tmp, 'fcos_resnet50_fpn.safetensors');
const asWritable = (state: Record<string, RawTensor>) =>
  Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, { shape: v.shape, data: v.data as Float32Array }]),
  );
writeSafetensorsFile(weightsPath, asWritable(torchState));

const report: string[] = [];

await describeWithBackends(
  'loadTorchvisionFcos vs torchvision fcos_resnet50_fpn',
  { backends: ['wasm'] },
  () => {
    let detector: Detector;
    beforeAll(() => {
      detector = loadTorchvisionFcos(weightsPath, { numClasses: recipe.numClasses });
    });

    it('key map: every checkpoint key is used, and only the per-level scales (not in torchvision) are not loaded', () => {
      const map = torchvisionFcosKeyMap(detector);
      const checkpointKeys = recipe.tensors.map((t) => t.name);
      expect([...map.keys()].sort()).toEqual([...checkpointKeys].sort());
      expect(new Set(map.values()).size).toBe(checkpointKeys.length);
      const unmapped = Object.keys(detector.stateDict()).filter((k) => ![...map.values()].includes(k));
      expect(unmapped).toEqual([0, 1, 2, 3, 4].map((l) => `head.scales.${l}.scale`));
      for (const k of unmapped) expect(detector.stateDict()[k]!.dataSync()[0]).toBe(1);
      report.push(
        `key map: ${checkpointKeys.length} checkpoint keys, all used; ${unmapped.length} aligndet-only (scales = 1)`,
      );
    });

    for (const c of cases) {
      const label = `${c.file} (${c.width}x${c.height}, min ${c.minSize}, max ${c.maxSize} → ${c.resized[1]}x${c.resized[0]}, padded ${c.padded[1]}x${c.padded[0]})`;

      it(`size rule and points: ${label}`, () => {
        const size = torchvisionResizedSize(c.width, c.height, c.minSize, c.maxSize);
        expect([size.height, size.width]).toEqual(c.resized);
        const feats = c.featureSizes.map(([h, w]) => tf.zeros([1, h, w, 1]) as tf.Tensor4D);
        const pts = detector.points(feats, c.padded);
        tf.dispose(feats);
        c.featureSizes.forEach(([h, w], l) => {
          const p = pts.levelStarts[l]!;
          const last = pts.levelStarts[l + 1]! - 1;
          expect([pts.points[2 * p], pts.points[2 * p + 1]]).toEqual([0, 0]);
          // the last cell sits at ((w-1)·sx, (h-1)·sy) with torchvision's per-axis strides
          expect([pts.points[2 * last], pts.points[2 * last + 1]]).toEqual([
            (w - 1) * c.strides[l]![1],
            (h - 1) * c.strides[l]![0],
          ]);
        });
      });

      if (c.input) {
        const { offset, length, shape } = c.input;
        it(`detector.predict on torchvision's transformed input: ${label}`, () => {
          const x = tf.tensor4d(inputs.subarray(offset, offset + length), shape);
          const before = tf.memory().numTensors;
          // per-stage errors (eval mode, as predict runs); torchvision's distances are in anchor sizes
          const errors = stageErrors(detector, x, c.stages, (d, strides) =>
            d.map((v, i) => v / strides[Math.floor(i / 4)]!),
          );
          const [dets] = detector.predict(x, [c.resized]);
          const predictBefore = tf.memory().numTensors;
          detector.predict(x, [c.resized]);
          expect(tf.memory().numTensors).toBe(predictBefore);
          expect(tf.memory().numTensors).toBe(before);
          x.dispose();
          for (const [k, v] of Object.entries(errors)) expect(v, k).toBeLessThan(1e-4);
          const final = compareDetections(dets!, c.resizedDetections);
          report.push(
            `predict ${c.file}: ${formatErrors(errors)}; ${dets!.scores.length} dets, score err ${final.score.toExponential(1)}, box err ${final.box.toExponential(1)}`,
          );
        });
      }

      it(`predictImages on the image file: ${label}`, async () => {
        const before = tf.memory().numTensors;
        const [p] = await predictImages(detector, [new URL(c.file, dir).pathname], {
          minSize: c.minSize,
          maxSize: c.maxSize,
        });
        expect(tf.memory().numTensors).toBe(before);
        expect([p!.image.height, p!.image.width]).toEqual([c.height, c.width]);
        expect(p!.scale).toEqual([c.width / c.resized[1], c.height / c.resized[0]]);
        const final = compareDetections(p!.detections, c.detections, { boxScale: p!.scale });
        report.push(
          `predictImages ${c.file}: ${p!.detections.scores.length} dets (original pixels), score err ${final.score.toExponential(1)}, box err ${final.box.toExponential(1)}`,
        );
      });
    }

    it('export → torchvision names and layouts, bit-exact; export → load → export is exact', () => {
      const exported = torchvisionFcosState(detector);
      expect(Object.keys(exported)).toEqual(expect.arrayContaining(Object.keys(torchState)));
      expect(Object.keys(exported).length).toBe(Object.keys(torchState).length);
      for (const [k, v] of Object.entries(torchState)) {
        expect(exported[k]!.shape, k).toEqual(v.shape);
        expect(Buffer.from(exported[k]!.data.buffer).equals(Buffer.from(v.data.buffer)), k).toBe(true);
      }
      const path = join(tmp, 'exported.safetensors');
      saveTorchvisionFcos(detector, path);
      const liveBefore = tf.memory().numTensors;
      const again = loadTorchvisionFcos(path, { numClasses: recipe.numClasses });
      const a = detector.stateDict();
      const b = again.stateDict();
      for (const k of Object.keys(a))
        expect(Buffer.from(b[k]!.dataSync().buffer).equals(Buffer.from(a[k]!.dataSync().buffer)), k).toBe(
          true,
        );
      again.dispose();
      // loading leaves no tensor behind but the detector's own
      expect(tf.memory().numTensors).toBe(liveBefore);
      report.push(`round trip: ${Object.keys(exported).length} tensors bit-exact (load → export → load)`);
    });

    it('detectorFromWeights (the browser path: bytes, format from the keys) loads the same weights and conventions', () => {
      const liveBefore = tf.memory().numTensors;
      const loaded = detectorFromWeights(readFileSync(weightsPath), 'fcos.safetensors');
      expect(loaded.format).toBe('torchvision-fcos');
      expect(loaded.numClasses).toBe(recipe.numClasses);
      expect(loaded.size).toEqual({ minSize: 800, maxSize: 1333 });
      expect(loaded.detector.conventions).toBe(TORCHVISION_CONVENTIONS);
      const a = detector.stateDict();
      const b = loaded.detector.stateDict();
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const k of Object.keys(a))
        expect(Buffer.from(b[k]!.dataSync().buffer).equals(Buffer.from(a[k]!.dataSync().buffer)), k).toBe(
          true,
        );
      loaded.detector.dispose();
      expect(tf.memory().numTensors).toBe(liveBefore);
      expect(weightsFormat(Object.keys(torchState))).toBe('torchvision-fcos');
      expect(weightsFormat(['model/backbone.conv1.weight'])).toBe('aligndet-checkpoint');
      expect(weightsFormat(['conv1.weight', 'fc.weight'])).toBe(null);
    });

    it('folds a common per-level scale into bbox_reg on export, and refuses unequal ones', () => {
      const det = torchvisionFcosDetector(3);
      const scales = Object.entries(det.stateDict()).filter(([k]) => k.includes('scales'));
      for (const [, v] of scales) (v as tf.Variable).assign(tf.tensor1d([2]));
      const w = det.stateDict()['head.bbox_pred.bias']!.dataSync();
      expect(Array.from(torchvisionFcosState(det)['head.regression_head.bbox_reg.bias']!.data)).toEqual(
        Array.from(w, (v) => Math.fround(v * 2)),
      );
      (scales[1]![1] as tf.Variable).assign(tf.tensor1d([3]));
      expect(() => torchvisionFcosState(det)).toThrow(/per-level scales \(2, 3, 2, 2, 2\)/);
      det.dispose();
    });

    it('bad files fail with one line naming the file and the key', () => {
      const one = (f: () => unknown, pattern: RegExp) => {
        let message = '';
        try {
          f();
        } catch (error) {
          message = (error as Error).message;
          expect((error as Error).name).toBe('WeightsError');
        }
        expect(message).toMatch(pattern);
        expect(message).not.toContain('\n');
      };
      const missing = join(tmp, 'none.safetensors');
      one(() => loadTorchvisionFcos(missing, { numClasses: 7 }), new RegExp(`^${missing}: cannot read`));
      const garbage = join(tmp, 'garbage.safetensors');
      writeFileSync(garbage, 'this is not a safetensors file');
      one(() => loadTorchvisionFcos(garbage, { numClasses: 7 }), new RegExp(`^${garbage}: `));
      one(
        () => loadTorchvisionFcos(weightsPath, { numClasses: 91 }),
        /cls_logits.weight \[7, 256, 3, 3\] has 7 classes, numClasses is 91/,
      );
      const edit = (name: string, f: (s: Record<string, RawTensor>) => void) => {
        const s = { ...torchState };
        f(s);
        const p = join(tmp, name);
        writeSafetensorsFile(p, asWritable(s));
        return p;
      };
      const resnet = edit('resnet.safetensors', (s) => {
        for (const k of Object.keys(s)) if (!k.startsWith('backbone.body.')) delete s[k];
        delete s['backbone.body.conv1.weight'];
      });
      one(
        () => detectorFromWeights(readFileSync(resnet), 'resnet.safetensors'),
        /^resnet\.safetensors: not an aligndet run checkpoint .* its first key is backbone\.body\.bn1\.bias$/,
      );
      one(
        () => detectorFromWeights(readFileSync(garbage), 'garbage.safetensors'),
        /^garbage\.safetensors: header/,
      );
      one(
        () => detectorFromWeights(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 123, 125]), 'model.safetensors'),
        /^model\.safetensors: not an aligndet run checkpoint .*\(none: no tensors\)$/,
      );
      one(
        () =>
          loadTorchvisionFcos(
            edit('extra.safetensors', (s) => {
              s['head.extra.weight'] = { shape: [1], data: new Float32Array(1) };
            }),
            { numClasses: 7 },
          ),
        /1 key\(s\) not in torchvision's fcos_resnet50_fpn, e.g. head.extra.weight/,
      );
      one(
        () =>
          loadTorchvisionFcos(
            edit('short.safetensors', (s) => {
              delete s['backbone.fpn.extra_blocks.p7.bias'];
            }),
            { numClasses: 7 },
          ),
        /1 key\(s\) missing, e.g. backbone.fpn.extra_blocks.p7.bias/,
      );
      one(
        () =>
          loadTorchvisionFcos(
            edit('shape.safetensors', (s) => {
              s['backbone.body.conv1.weight'] = { shape: [64, 3, 3, 3], data: new Float32Array(64 * 27) };
            }),
            { numClasses: 7 },
          ),
        /backbone.body.conv1.weight has shape \[64, 3, 3, 3\], the model needs \[64, 3, 7, 7\]/,
      );
    });

    it('report', () => {
      console.log(`\n${report.join('\n')}`);
      expect(report.length).toBeGreaterThan(0);
    });
  },
);
