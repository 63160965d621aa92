// The Node half of bench/bench.mjs (bundled for Node): `setup <dir>` writes the benchmarked run
// folder (the page's default training config, at a 512-px input) and a 512×512 PNG; `time <dir>
// <threads>` times, on Node's wasm, `aligndet predict`'s path on that PNG and the page's own
// training loop (TrainSession, the same code the page's worker runs). One JSON line last.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { decodeImageFile, encodePng, loadTrainedDetector } from '@aligndet/trainer';
import {
  checkpointToFiles,
  configImageSize,
  predictPixels,
  syntheticScene,
  TrainConfigSchema,
} from '@aligndet/trainer/browser';
import { CLASS_NAMES } from '../src/dataset';
import { BENCH_TRAIN, runConfig, type TrainEvent, TrainSession } from '../src/train-session';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [command, dir, threadArg] = process.argv.slice(2) as [string, string, string?];

if (command === 'setup') {
  await initBackend('cpu', { log: () => {} });
  const base = runConfig(BENCH_TRAIN);
  // the page's model, run at a 512-px input (as a run trained at 512 px would be)
  const config = TrainConfigSchema.parse({ ...base, data: { ...base.data, minSize: 512, maxSize: 512 } });
  const { buildDetector } = await import('@aligndet/trainer/browser');
  const detector = buildDetector(config, CLASS_NAMES.length);
  const run = join(dir, 'bench-run');
  mkdirSync(run, { recursive: true });
  for (const [name, data] of Object.entries(
    await checkpointToFiles(detector, { name: 'model_best', iter: 0, config }),
  ))
    writeFileSync(join(run, name), data);
  writeFileSync(
    join(run, 'categories.json'),
    JSON.stringify({ ids: CLASS_NAMES.map((_, i) => i + 1), names: CLASS_NAMES }),
  );
  const s = syntheticScene(0, 'val', 0, { imageSize: 512 });
  writeFileSync(join(dir, 'image-512.png'), encodePng({ width: s.width, height: s.height, data: s.rgb }));
  console.log(JSON.stringify({ ok: true }));
} else if (command === 'time') {
  const threads = Number(threadArg ?? 1);
  const info = await initBackend('wasm', { wasmThreads: threads, log: () => {} });
  const { detector, config } = loadTrainedDetector(join(dir, 'bench-run'));
  const image = await decodeImageFile(join(dir, 'image-512.png'));
  const options = { minSize: configImageSize(config), maxSize: config.data.maxSize, scoreThreshold: 0.05 };
  const latency: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await predictPixels(detector, { ...image, channels: 3 }, options);
    if (i > 0) latency.push(performance.now() - t0);
  }
  detector.dispose();
  const steps: number[] = [];
  const session = new TrainSession(BENCH_TRAIN, (e: TrainEvent) => {
    if (e.type === 'step') steps.push(e.ms);
  });
  session.prepare(tf.getBackend(), '');
  await session.run();
  session.dispose();
  console.log(
    JSON.stringify({
      config: `Node wasm (${info.threads} thread${info.threads === 1 ? '' : 's'})`,
      detectMs: median(latency),
      trainStepMs: median(steps.slice(2)),
    }),
  );
}
