// The Node half of the web example's browser test (bundled for Node by test/browser.mjs):
//   fixture <dir>           writes <dir>/fixture-run (the browser suite's tiny detector saved by
//                           Checkpointer, as `aligndet train` saves, with categories.json), two PNGs,
//                           and `aligndet predict`'s detections of that run on them (Node cpu)
//   check <run> <png> <cwd> `aligndet eval` of a run folder the page downloaded (on the built-in
//                           validation set its config names, written under <cwd>) and `aligndet
//                           predict` of it on <png> (Node wasm)
//   pytorch <dir> <fixtures> writes the trainer's full-size PyTorch reference checkpoints, regenerated
//                           from the recipes in <fixtures> (as the trainer's torchvision-fcos and
//                           official-fcos tests do): <dir>/torchvision-fcos.safetensors (torchvision
//                           names) and <dir>/official-mod.safetensors (official MOD names)
// Each prints one JSON line last.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '@aligndet/core-tensor';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { encodePng, evaluateRun, predictWithRun } from '@aligndet/trainer';
import { syntheticScene } from '@aligndet/trainer/browser';
import { Checkpointer } from '../../../packages/trainer/src/checkpoint/checkpointer';
import { type RecipeTensor, recipeState } from '../../../packages/trainer/test/model/weight-recipe';
import {
  referenceImage,
  TINY_NUM_CLASSES,
  tinyConfig,
  tinyDetector,
} from '../../../packages/trainer/test/helpers/tiny-detector';

const quiet = () => {};

/** `aligndet predict` on one image: detections as the page reports them (xyxy, class index). */
async function predict(runDir: string, png: string, outDir: string, backend: 'cpu' | 'wasm') {
  await predictWithRun(runDir, [png], { outDir, backend, scoreThreshold: 0.05, log: quiet });
  const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as Array<{
    bbox: number[];
    score: number;
    category_id: number;
  }>;
  const ids = JSON.parse(readFileSync(join(runDir, 'categories.json'), 'utf8')).ids as number[];
  return {
    boxes: results.flatMap((r) => [r.bbox[0]!, r.bbox[1]!, r.bbox[0]! + r.bbox[2]!, r.bbox[1]! + r.bbox[3]!]),
    scores: results.map((r) => r.score),
    labels: results.map((r) => ids.indexOf(r.category_id)),
  };
}

const [command, ...args] = process.argv.slice(2);
if (command === 'fixture') {
  const dir = args[0]!;
  await initBackend('cpu', { log: quiet });
  // a small input (64 px shorter side): headless webgl and webgpu run on a CPU emulation here
  const config = { ...tinyConfig(), data: { ...tinyConfig().data, minSize: 64, maxSize: 96 } };
  // stronger than the suite's nudge, so some scores pass `aligndet predict`'s 0.05 floor
  const detector = tinyDetector(config, 0.15);
  const runDir = join(dir, 'fixture-run');
  mkdirSync(runDir, { recursive: true });
  new Checkpointer(runDir).save('model_best', detector, null, { iter: 0, config, hooks: {}, seed: 3 }, false);
  writeFileSync(
    join(runDir, 'categories.json'),
    JSON.stringify({ ids: [1, 2, 3], names: ['alpha', 'beta', 'gamma'] }),
  );
  detector.dispose();
  writeFileSync(join(dir, 'image.png'), encodePng(referenceImage()));
  const s = syntheticScene(1, 'val', 6, { imageSize: 128 });
  writeFileSync(join(dir, 'scene.png'), encodePng({ width: s.width, height: s.height, data: s.rgb }));
  const dets = await predict(runDir, join(dir, 'image.png'), join(dir, 'fixture-predict'), 'cpu');
  if (TINY_NUM_CLASSES !== 3) throw new Error('fixture: categories.json assumes 3 classes');
  console.log(JSON.stringify({ detections: dets }));
} else if (command === 'check') {
  const [runDir, png, cwd] = args as [string, string, string];
  process.chdir(cwd);
  const { evaluation, checkpoint } = await evaluateRun(runDir, { backend: 'wasm', log: quiet });
  const dets = await predict(runDir, png, join(cwd, 'predict'), 'wasm');
  console.log(JSON.stringify({ checkpoint, stats: evaluation.stats, detections: dets }));
} else if (command === 'pytorch') {
  const [dir, fixtures] = args as [string, string];
  const out: Record<string, string> = {};
  for (const [name, recipeFile] of [
    ['torchvision-fcos', 'torchvision-fcos/recipe.json'],
    ['official-mod', 'official-fcos/recipe-mod.json'],
  ] as const) {
    const recipe = JSON.parse(readFileSync(join(fixtures, recipeFile), 'utf8')) as {
      golden: number;
      tensors: RecipeTensor[];
    };
    const state = recipeState(recipe);
    out[name] = join(dir, `${name}.safetensors`);
    writeSafetensorsFile(
      out[name],
      Object.fromEntries(
        Object.entries(state).map(([k, v]) => [k, { shape: v.shape, data: v.data as Float32Array }]),
      ),
    );
  }
  console.log(JSON.stringify(out));
} else {
  console.error(`node-side: unknown command ${JSON.stringify(command)} (fixture | check | pytorch)`);
  process.exit(1);
}
