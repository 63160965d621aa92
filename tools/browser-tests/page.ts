// The in-page half of the browser suite (bundled by run.mjs for the browser, tfjs included): on the
// backend named in the URL, each check compares against the cpu backend in the same page (or
// against Node's results, for predict), and a short benchmark times the hot paths. Results go to
// `window.__aligndet` for run.mjs to collect.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { runBenchmarks } from './benchmarks';
import { tinyConfig, tinyDetector } from '../../packages/trainer/test/helpers/tiny-detector';
import * as wasmPackage from '@tensorflow/tfjs-backend-wasm';
import { evaluateCoco } from '@aligndet/coco-eval';
import {
  type BackendChoice,
  initBackend,
  wasmFilterGradientDirect,
  wasmInputGradientDirect,
  wasmKernelThreads,
  wasmSimdThreads,
} from '@aligndet/core-tensor';
import { convGradients } from '../../packages/core-tensor/test/helpers/conv-cases';
import {
  deformConv2d,
  resolveDeformConvImplementation,
  setDeformConvImplementation,
} from '@aligndet/deform-conv';
import { FcosHead, gridPoints, postprocessDetections } from '@aligndet/fcos-head';
import { applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import { SpatialAssigner } from '@aligndet/spatial-assigner';
import { detectorFromCheckpoint, predictPixels, SGD, trainStep } from '@aligndet/trainer/browser';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const params = new URLSearchParams(location.search);
const target = params.get('backend') as BackendChoice;
const bench = params.get('bench') === '1';
const checks: Check[] = [];
const timings: Record<string, number> = {};
let backendLine = '';

const rand = (shape: number[], seed: number, scale = 1) =>
  tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), scale);

async function values(ts: tf.Tensor[]): Promise<Float32Array[]> {
  return (await Promise.all(ts.map((t) => t.data()))) as Float32Array[];
}

/** Largest |a−b| / (1 + |b|) over all entries. */
function maxRelDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let m = 0;
  a.forEach((x, i) => {
    const y = b[i]!;
    if (x.length !== y.length) m = Number.POSITIVE_INFINITY;
    for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]! - y[k]!) / (1 + Math.abs(y[k]!)));
  });
  return m;
}

/** Runs `fn` on cpu and on the target backend (same seeds), compares its arrays. */
async function againstCpu(name: string, tol: number, fn: () => tf.Tensor[]) {
  try {
    await tf.setBackend('cpu');
    const ref = tf.tidy(fn);
    const refV = await values(ref);
    tf.dispose(ref);
    await tf.setBackend(target);
    const got = tf.tidy(fn);
    const gotV = await values(got);
    tf.dispose(got);
    const d = maxRelDiff(gotV, refV);
    checks.push({ name, ok: d <= tol, detail: `max rel diff ${d.toExponential(2)} (tol ${tol})` });
  } catch (error) {
    checks.push({ name, ok: false, detail: `threw: ${(error as Error).message}` });
  }
}

function deformCase(): tf.Tensor[] {
  const x = rand([2, 12, 12, 8], 1);
  const offset = rand([2, 12, 12, 18], 2, 2);
  const mask = tf.sigmoid(rand([2, 12, 12, 9], 3, 2));
  const weight = rand([3, 3, 8, 8], 4, 0.3);
  const f = (a: tf.Tensor, o: tf.Tensor, m: tf.Tensor, w: tf.Tensor) =>
    tf.sum(
      tf.square(
        deformConv2d(a as tf.Tensor4D, o as tf.Tensor4D, w as tf.Tensor4D, {
          padding: 1,
          mask: m as tf.Tensor4D,
        }),
      ),
    );
  const y = deformConv2d(x as tf.Tensor4D, offset as tf.Tensor4D, weight as tf.Tensor4D, {
    padding: 1,
    mask: mask as tf.Tensor4D,
  });
  return [y, ...tf.grads(f)([x, offset, mask, weight])];
}

/**
 * On a backend where `auto` runs the scatter-free `gather` backward: it against the `composite`
 * (autodiff, UnsortedSegmentSum scatter) backward on the same backend, same case.
 */
async function checkGatherVsScatter() {
  if (resolveDeformConvImplementation(target) !== 'gather') return;
  const name = `deform-conv gather backward = scatter backward on ${target}`;
  try {
    await tf.setBackend(target);
    const previous = setDeformConvImplementation('composite');
    let scatter: Float32Array[];
    try {
      const ref = tf.tidy(deformCase);
      scatter = await values(ref);
      tf.dispose(ref);
    } finally {
      setDeformConvImplementation(previous);
    }
    const got = tf.tidy(deformCase);
    const gather = await values(got);
    tf.dispose(got);
    const d = maxRelDiff(gather, scatter);
    checks.push({ name, ok: d <= 2e-5, detail: `max rel diff ${d.toExponential(2)} (tol 2e-5)` });
  } catch (error) {
    checks.push({ name, ok: false, detail: `threw: ${(error as Error).message}` });
  }
}

function headFeatures(seed: number, channels: number): tf.Tensor4D[] {
  return [16, 8, 4, 2, 1].map((s, i) => rand([1, s, s, channels], seed + i) as tf.Tensor4D);
}

function smallHead(rfa: boolean) {
  const head = new FcosHead({ numClasses: 3, inChannels: 16, channels: 16, numConvs: 1, gnGroups: 4 });
  if (rfa) applyReceptiveFieldAdaptor(head, { preset: 'paper' });
  return head;
}

async function checkHeadPostprocess() {
  // same weights on both backends: the head's initialisers draw from aligndet's seeded generator
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const head = smallHead(false);
    const feats = headFeatures(10, 16);
    const flat = tf.tidy(() => head.flatten(head.forward(feats)));
    const [cls, box, q] = await values([flat.clsLogits, flat.boxDistances, flat.quality]);
    const pts = gridPoints(
      feats.map((f) => [f.shape[1], f.shape[2]] as [number, number]),
      head.strides,
    );
    const det = postprocessDetections(
      { clsLogits: cls!, boxDistances: box!, quality: q!, numClasses: 3, ...pts, imageSize: [128, 128] },
      { scoreThreshold: 0.01 },
    );
    tf.dispose([flat.clsLogits, flat.boxDistances, flat.quality, ...feats]);
    head.dispose();
    return { outs: [cls!, box!, q!], det };
  };
  try {
    const { manualSeed } = await import('@aligndet/core-tensor');
    manualSeed(7);
    const ref = await run('cpu');
    manualSeed(7);
    const got = await run(target);
    manualSeed(null);
    const d = maxRelDiff(got.outs, ref.outs);
    const sameCount = got.det.scores.length === ref.det.scores.length && ref.det.scores.length > 0;
    const dd = sameCount
      ? maxRelDiff([got.det.boxes, got.det.scores], [ref.det.boxes, ref.det.scores])
      : Number.POSITIVE_INFINITY;
    const labels = sameCount && got.det.labels.every((l, i) => l === ref.det.labels[i]);
    checks.push({
      name: 'FCOS head forward + postprocess vs cpu',
      ok: d < 1e-3 && dd < 1e-3 && !!labels,
      detail: `outputs ${d.toExponential(2)}, ${got.det.scores.length}/${ref.det.scores.length} detections, boxes/scores ${dd.toExponential(2)}`,
    });
  } catch (error) {
    checks.push({
      name: 'FCOS head forward + postprocess vs cpu',
      ok: false,
      detail: `threw: ${(error as Error).message}`,
    });
  }
}

async function checkRfa() {
  const { manualSeed } = await import('@aligndet/core-tensor');
  const grads = async (backend: string) => {
    await tf.setBackend(backend);
    manualSeed(11);
    const head = smallHead(true);
    const feats = headFeatures(20, 16);
    const { value, grads: g } = tf.variableGrads(
      () => {
        const flat = head.flatten(head.forward(feats));
        return tf.add(tf.sum(tf.square(flat.clsLogits)), tf.sum(flat.boxDistances)) as tf.Scalar;
      },
      head.parameters() as unknown as tf.Variable[],
    );
    const names = Object.keys(g).sort();
    const out = await values([value, ...names.map((n) => g[n]!)]);
    tf.dispose([value, ...Object.values(g), ...feats]);
    head.dispose();
    manualSeed(null);
    return out;
  };
  try {
    const ref = await grads('cpu');
    const got = await grads(target);
    const d = maxRelDiff(got, ref);
    checks.push({
      name: 'RFA forward + backward vs cpu',
      ok: d < 2e-3,
      detail: `${ref.length - 1} gradients, max rel diff ${d.toExponential(2)}`,
    });
  } catch (error) {
    checks.push({
      name: 'RFA forward + backward vs cpu',
      ok: false,
      detail: `threw: ${(error as Error).message}`,
    });
  }
}

async function checkAssigner() {
  try {
    await tf.setBackend(target);
    const sizes: Array<[number, number]> = [
      [16, 16],
      [8, 8],
      [4, 4],
      [2, 2],
      [1, 1],
    ];
    const pts = gridPoints(sizes, [8, 16, 32, 64, 128]);
    const P = pts.points.length / 2;
    const [cls, box] = await values([rand([P, 3], 31, 2), tf.abs(rand([P, 4], 32, 4))]);
    const input = {
      ...pts,
      numLevels: 5,
      gtBoxes: Float32Array.from([10, 12, 60, 70, 70, 20, 120, 100]),
      gtLabels: Int32Array.from([0, 2]),
      predictions: { numClasses: 3, clsLogits: cls!, boxDistances: box! },
    };
    const a = new SpatialAssigner().assign(input);
    const b = new SpatialAssigner().assign(input);
    const positives = Array.from(a.gtIndex).filter((g) => g >= 0).length;
    const bothGts = new Set(Array.from(a.gtIndex).filter((g) => g >= 0)).size === 2;
    const same = a.gtIndex.every((g, i) => g === b.gtIndex[i]);
    checks.push({
      name: 'spatial assigner on backend predictions',
      ok: positives > 0 && bothGts && same,
      detail: `${positives} positives over both GTs, deterministic`,
    });
  } catch (error) {
    checks.push({
      name: 'spatial assigner on backend predictions',
      ok: false,
      detail: `threw: ${(error as Error).message}`,
    });
  }
}

function checkCoco() {
  try {
    const gt = {
      images: [
        { id: 1, width: 100, height: 100 },
        { id: 2, width: 100, height: 100 },
      ],
      categories: [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 30, 30], area: 900, iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 2, bbox: [50, 50, 20, 40], area: 800, iscrowd: 0 },
      ],
    };
    const perfect = evaluateCoco(gt, [
      { image_id: 1, category_id: 1, bbox: [10, 10, 30, 30], score: 0.9 },
      { image_id: 2, category_id: 2, bbox: [50, 50, 20, 40], score: 0.8 },
    ]);
    // category 2 undetected: its AP is 0, so the mean over the two categories is 0.5
    const half = evaluateCoco(gt, [{ image_id: 1, category_id: 1, bbox: [10, 10, 30, 30], score: 0.9 }]);
    const ok = Math.abs(perfect.stats[0]! - 1) < 1e-9 && Math.abs(half.stats[0]! - 0.5) < 1e-9;
    checks.push({
      name: 'coco-eval small case',
      ok,
      detail: `AP perfect ${perfect.stats[0]}, one of two categories ${half.stats[0]}`,
    });
  } catch (error) {
    checks.push({ name: 'coco-eval small case', ok: false, detail: `threw: ${(error as Error).message}` });
  }
}

function trainBatch(size: number) {
  const images = rand([1, size, size, 3], 41) as tf.Tensor4D;
  const targets = [
    {
      boxes: Float32Array.from([8, 8, size / 2, size / 2, size / 3, size / 4, size - 4, size - 8]),
      labels: Int32Array.from([0, 1]),
    },
  ];
  return { images, targets };
}

async function checkTrainStep() {
  try {
    await tf.setBackend(target);
    const det = tinyDetector(tinyConfig(), 0);
    const sgd = new SGD(det.namedParameters(), { momentum: 0.9 });
    const { images, targets } = trainBatch(64);
    const before = await values(sgd.variables.slice(0, 3));
    const losses: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await trainStep(det, sgd, images, targets, 0.01);
      losses.push(r.losses.loss_cls! + r.losses.loss_reg! + r.losses.loss_quality!);
      counts.push(tf.memory().numTensors);
    }
    const after = await values(sgd.variables.slice(0, 3));
    const changed = maxRelDiff(after, before) > 0;
    const finite = losses.every(Number.isFinite);
    const flat = counts[1] === counts[2];
    images.dispose();
    det.dispose();
    sgd.dispose();
    checks.push({
      name: 'detector training step (aligndet preset)',
      ok: finite && changed && flat,
      detail: `losses ${losses.map((l) => l.toFixed(3)).join(', ')}; params changed ${changed}; numTensors ${counts.join(', ')}`,
    });
  } catch (error) {
    checks.push({
      name: 'detector training step (aligndet preset)',
      ok: false,
      detail: `threw: ${(error as Error).message}`,
    });
  }
}

/**
 * The conv-gradient kernels' own worker threads (`blob:` workers in a page): with `threads` wanted,
 * initBackend leaves them ready, and a call split over them gives the one-thread result (the same
 * sums in the same order; the RGB filter gradient's row split adds partial sums, so there only to
 * round-off, and it must differ, which shows the split ran) and tfjs's cpu kernels' result.
 */
async function checkKernelThreads(threads: number) {
  const name = `conv gradients split over the kernels' ${threads} threads = one thread = cpu`;
  const saved = {
    threads: { ...wasmSimdThreads },
    filter: { ...wasmFilterGradientDirect },
    input: { ...wasmInputGradientDirect },
  };
  try {
    await tf.setBackend(target);
    const ready = wasmKernelThreads();
    // every case on the direct kernels, split however small
    wasmFilterGradientDirect.maxMacsThreaded = Number.POSITIVE_INFINITY;
    wasmInputGradientDirect.maxMacs = Number.POSITIVE_INFINITY;
    const shapes: Array<{ x: [number, number, number, number]; co: number; stride: number; rows?: boolean }> =
      [
        { x: [3, 9, 7, 12], co: 10, stride: 2 }, // filter by channels, input by images
        { x: [1, 8, 8, 20], co: 24, stride: 2 }, // input by channels; filter on the packed kernel
        { x: [2, 16, 16, 3], co: 13, stride: 2, rows: true }, // RGB: filter by output rows
      ];
    let exact = true;
    let rowsSplit = true;
    let flat = true;
    let worst = 0;
    for (const s of shapes) {
      const run = () => convGradients(s.x, [3, 3, s.x[3], s.co], s.stride, 'same');
      await tf.setBackend(target);
      wasmSimdThreads.minMacs = Number.POSITIVE_INFINITY;
      const one = run();
      wasmSimdThreads.minMacs = 0;
      run(); // warm (the flipped-filter cache) before counting
      const tensors = tf.memory().numTensors;
      const split = run();
      flat &&= tf.memory().numTensors === tensors;
      const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, k) => v === b[k]);
      exact &&= same(split[0]!, one[0]!) && (s.rows || same(split[1]!, one[1]!));
      if (s.rows) rowsSplit &&= !same(split[1]!, one[1]!) && maxRelDiff([split[1]!], [one[1]!]) < 1e-5;
      await tf.setBackend('cpu');
      const ref = run();
      worst = Math.max(worst, maxRelDiff(split, ref));
    }
    checks.push({
      name,
      ok: ready === threads && exact && rowsSplit && flat && worst < 1e-4,
      detail: `${ready} threads ready; split = one thread ${exact}; row split differs only by round-off ${rowsSplit}; numTensors flat ${flat}; max rel diff to cpu ${worst.toExponential(2)}`,
    });
  } catch (error) {
    checks.push({ name, ok: false, detail: `threw: ${(error as Error).message}` });
  } finally {
    Object.assign(wasmSimdThreads, saved.threads);
    Object.assign(wasmFilterGradientDirect, saved.filter);
    Object.assign(wasmInputGradientDirect, saved.input);
    await tf.setBackend(target);
  }
}

async function checkPredict() {
  try {
    await tf.setBackend(target);
    const [meta, weights, expected, pixels] = await Promise.all([
      fetch('ref/model.json').then((r) => r.json()),
      fetch('ref/model.safetensors').then(async (r) => new Uint8Array(await r.arrayBuffer())),
      fetch('ref/detections.json').then((r) => r.json()),
      fetch('ref/image.rgb').then(async (r) => new Uint8Array(await r.arrayBuffer())),
    ]);
    const { detector } = detectorFromCheckpoint({ meta, weights, numClasses: expected.numClasses });
    const { detections } = await predictPixels(
      detector,
      { width: expected.width, height: expected.height, data: pixels, channels: 3 },
      expected.options,
    );
    detector.dispose();
    const n = detections.scores.length;
    const sameN = n === expected.scores.length && n > 0;
    const d = sameN
      ? maxRelDiff([detections.boxes, detections.scores], [expected.boxes, expected.scores])
      : Number.POSITIVE_INFINITY;
    const labels = sameN && Array.from(detections.labels).every((l, i) => l === expected.labels[i]);
    checks.push({
      name: "predict on a loaded checkpoint = Node's detections",
      ok: sameN && d < 2e-3 && !!labels,
      detail: `${n}/${expected.scores.length} detections, max rel diff ${d.toExponential(2)}`,
    });
  } catch (error) {
    checks.push({
      name: "predict on a loaded checkpoint = Node's detections",
      ok: false,
      detail: `threw: ${(error as Error).message}`,
    });
  }
}

async function main() {
  wasmPackage.setWasmPaths('/');
  const info = await initBackend(target, {
    log: (l) => (backendLine = l),
    purpose: 'training',
    wasmThreads: Number(params.get('threads') ?? navigator.hardwareConcurrency),
    // the wasm package itself, so initBackend can set its thread count; the others registered on import
    loadModule: async (name) => (name === '@tensorflow/tfjs-backend-wasm' ? wasmPackage : {}),
  });
  backendLine ||= `${info.choice}`;
  if (!bench) {
    const timed = async (fn: () => unknown) => {
      const s = performance.now();
      await fn();
      const last = checks[checks.length - 1];
      if (last) last.detail += `; ${((performance.now() - s) / 1000).toFixed(1)} s`;
    };
    await timed(() =>
      againstCpu(
        `deform-conv forward + grads (x, offset, mask, weight) vs cpu [${resolveDeformConvImplementation(target)}]`,
        2e-3,
        deformCase,
      ),
    );
    if (resolveDeformConvImplementation(target) === 'gather') await timed(checkGatherVsScatter);
    await timed(checkHeadPostprocess);
    await timed(checkRfa);
    await timed(checkAssigner);
    await timed(checkCoco);
    await timed(checkTrainStep);
    await timed(checkPredict);
    const kernelThreads = Number(params.get('kernelThreads') ?? 0);
    if (kernelThreads) await timed(() => checkKernelThreads(kernelThreads));
  } else {
    Object.assign(
      timings,
      await runBenchmarks(target === 'webgl' || target === 'webgpu', params.get('scatterFull') === '1'),
    );
  }
}

const w = window as unknown as { __aligndet?: unknown };
const envLine = async () =>
  `crossOriginIsolated ${crossOriginIsolated}, wasm multithread support ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')}, cores ${navigator.hardwareConcurrency}`;
main().then(
  async () => (w.__aligndet = { backend: backendLine, env: await envLine(), checks, timings }),
  (error) =>
    (w.__aligndet = {
      backend: backendLine,
      error: String((error as Error)?.message ?? error),
      checks,
      timings,
    }),
);
