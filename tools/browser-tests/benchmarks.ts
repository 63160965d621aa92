// The hot paths the browser suite times (`run.mjs --bench`), shared by the page and by
// node-bench.ts (Node's wasm on the same machine): median of 3 after a warm-up, except the
// deformable conv at its full size (one call). On webgl/webgpu the deformable conv is timed with
// the scatter-free `gather` backward (auto's choice there) and, before it, with the `composite`
// (autodiff, UnsortedSegmentSum scatter) backward: at the small size always, at the full size when
// `scatterFull` is set (tens of seconds per call there).
import * as tf from '@tensorflow/tfjs-core';
import { deformConv2d, setDeformConvImplementation } from '@aligndet/deform-conv';
import { FcosHead } from '@aligndet/fcos-head';
import { buildDetector, predictPixels, SGD, TrainConfigSchema, trainStep } from '@aligndet/trainer/browser';

const rand = (shape: number[], seed: number, scale = 1) =>
  tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), scale);

async function time(
  out: Record<string, number>,
  name: string,
  fn: () => Promise<void>,
  reps = 3,
  warmUp = true,
) {
  if (warmUp) await fn(); // warm-up (shader compilation, kernel set-up)
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  out[name] = t.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

async function deformFwdBwd(shape: [number, number, number, number]) {
  const [n, h, w, c] = shape;
  const x = rand([n, h, w, c], 1) as tf.Tensor4D;
  const off = rand([n, h, w, 18], 2) as tf.Tensor4D;
  const weight = rand([3, 3, c, c], 3, 0.1) as tf.Tensor4D;
  const g = tf.grads((a: tf.Tensor, o: tf.Tensor, ww: tf.Tensor) =>
    tf.sum(deformConv2d(a as tf.Tensor4D, o as tf.Tensor4D, ww as tf.Tensor4D, { padding: 1 })),
  )([x, off, weight]);
  await Promise.all(g.map((t) => t.data()));
  tf.dispose([...g, x, off, weight]);
}

/**
 * Times the hot paths on the active backend. `gpu` (webgl, webgpu) adds the deformable conv with
 * the composite (scatter) backward at the small size; `scatterFull` times only the deformable conv
 * at the full size, with both backwards.
 */
export async function runBenchmarks(gpu: boolean, scatterFull = false): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const small: [number, number, number, number] = [1, 16, 16, 16];
  const full: [number, number, number, number] = [2, 32, 32, 64];
  if (scatterFull) {
    // the before/after run of the deformable conv's backward only (the page has 600 s): the
    // scatter call at the full size is timed once, without a warm-up (its shaders compile in it)
    await time(out, 'deform-conv fwd+bwd 2×32×32×64', () => deformFwdBwd(full), 1);
    const previous = setDeformConvImplementation('composite');
    try {
      await time(out, 'deform-conv fwd+bwd 2×32×32×64, scatter backward', () => deformFwdBwd(full), 1, false);
    } finally {
      setDeformConvImplementation(previous);
    }
    return out;
  }
  await time(out, 'deform-conv fwd+bwd 1×16×16×16', () => deformFwdBwd(small));
  await time(out, 'deform-conv fwd+bwd 2×32×32×64', () => deformFwdBwd(full), 1);
  if (gpu) {
    const previous = setDeformConvImplementation('composite');
    try {
      await time(out, 'deform-conv fwd+bwd 1×16×16×16, scatter backward', () => deformFwdBwd(small));
    } finally {
      setDeformConvImplementation(previous);
    }
  }
  const head = new FcosHead({ numClasses: 80, inChannels: 64, channels: 64, numConvs: 4, gnGroups: 32 });
  const feats = [64, 32, 16, 8, 4].map((s, i) => rand([1, s, s, 64], 50 + i) as tf.Tensor4D);
  await time(out, 'head forward (64 ch, P3 64×64)', async () => {
    const flat = tf.tidy(() => head.flatten(head.forward(feats)));
    await flat.clsLogits.data();
    tf.dispose([flat.clsLogits, flat.boxDistances, flat.quality]);
  });
  head.dispose();
  tf.dispose(feats);
  const config = TrainConfigSchema.parse({
    model: {
      preset: 'aligndet',
      backbone: 'tiny',
      fpnChannels: 32,
      headChannels: 32,
      headConvs: 2,
      headGroups: 8,
    },
  });
  const det = buildDetector(config, 3);
  const sgd = new SGD(det.namedParameters(), { momentum: 0.9 });
  const images = rand([1, 128, 128, 3], 41) as tf.Tensor4D;
  const targets = [
    { boxes: Float32Array.from([8, 8, 64, 64, 40, 30, 120, 110]), labels: Int32Array.from([0, 1]) },
  ];
  await time(out, 'training step (aligndet preset, tiny, 128 px)', async () => {
    await trainStep(det, sgd, images, targets, 0.001);
  });
  images.dispose();
  sgd.dispose();
  const img = new Uint8Array(512 * 512 * 3).map((_, i) => (i * 37) % 251);
  await time(out, 'predict 512 px (same detector)', async () => {
    await predictPixels(
      det,
      { width: 512, height: 512, data: img, channels: 3 },
      { minSize: 512, maxSize: 512 },
    );
  });
  det.dispose();
  return out;
}
