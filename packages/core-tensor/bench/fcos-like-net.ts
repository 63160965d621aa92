// The small FCOS-like network of the benchmark (bench/torch_reference.py builds the same one):
// backbone of 4 stride-2 3×3 convs (3→32→64→128→256, ReLU), FPN on the last two (1×1 laterals to
// 64 channels, top-down nearest upsampling + add, 3×3 outputs) plus P5 = 3×3 stride-2 conv on P4:
// strides 8, 16, 32. A head shared across levels: classification and box towers of 4 × (3×3 conv,
// GroupNorm(32), ReLU), then 3×3 convs to the class logits, 4 box distances and 1 centerness.
// Loss: sigmoid focal loss over all points + L1 on the box distances and BCE on centerness at the
// positive points, with a fixed random assignment.
import * as tf from '@tensorflow/tfjs-core';
import type * as lib from '../src/index';

type Lib = typeof lib;

export const FCOS_LIKE = {
  batch: 2,
  size: 256,
  channels: 64,
  numClasses: 20,
  positiveFraction: 0.05,
} as const;

/** One training step's pieces: run `step()` for forward + loss + backward + SGD update. */
export interface FcosLike {
  step(): number;
  numParameters: number;
  dispose(): void;
}

/** Builds the network, a fixed input and fixed targets (deterministic from `seed`). */
export function buildFcosLike(m: Lib, seed = 1): FcosLike {
  m.manualSeed(seed);
  const { batch, size, channels: C, numClasses } = FCOS_LIKE;
  const conv = (inC: number, outC: number, k: number, stride = 1) =>
    new m.Conv2d({ inChannels: inC, outChannels: outC, kernelSize: k, stride, padding: (k - 1) / 2 });
  const backbone = [conv(3, 32, 3, 2), conv(32, 64, 3, 2), conv(64, 128, 3, 2), conv(128, 256, 3, 2)];
  const lateral3 = conv(128, C, 1);
  const lateral4 = conv(256, C, 1);
  const out3 = conv(C, C, 3);
  const out4 = conv(C, C, 3);
  const p5 = conv(C, C, 3, 2);
  const tower = () =>
    new m.Sequential(
      Array.from({ length: 4 }, () => [
        conv(C, C, 3),
        new m.GroupNorm({ numGroups: 32, numChannels: C }),
        new m.ReLU(),
      ]).flat(),
    );
  const clsTower = tower();
  const boxTower = tower();
  const clsOut = conv(C, numClasses, 3);
  const boxOut = conv(C, 4, 3);
  const ctrOut = conv(C, 1, 3);
  const modules = [
    ...backbone,
    lateral3,
    lateral4,
    out3,
    out4,
    p5,
    clsTower,
    boxTower,
    clsOut,
    boxOut,
    ctrOut,
  ];
  const params = modules.flatMap((mod) => mod.parameters());
  const numParameters = params.reduce((s, p) => s + p.size, 0);

  const image = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
  const levels = [8, 16, 32].map((s) => size / s);
  const points = levels.reduce((s, l) => s + l * l, 0);
  // fixed targets: class ids (-1 background) and, at positives, box distances and centerness
  const rng = mulberry32(seed);
  const labels = new Float32Array(batch * points * numClasses);
  const positive = new Float32Array(batch * points);
  const boxT = new Float32Array(batch * points * 4);
  const ctrT = new Float32Array(batch * points);
  for (let i = 0; i < batch * points; i++) {
    if (rng() < FCOS_LIKE.positiveFraction) {
      positive[i] = 1;
      labels[i * numClasses + Math.floor(rng() * numClasses)] = 1;
      for (let k = 0; k < 4; k++) boxT[i * 4 + k] = 1 + 3 * rng();
      ctrT[i] = rng();
    }
  }
  const t = {
    labels: tf.tensor2d(labels, [batch * points, numClasses]),
    positive: tf.tensor1d(positive),
    box: tf.tensor2d(boxT, [batch * points, 4]),
    ctr: tf.tensor1d(ctrT),
  };
  const numPos = Math.max(
    1,
    positive.reduce((a, b) => a + b, 0),
  );
  const optimizer = tf.train.sgd(0.01);

  const flat = (x: tf.Tensor4D, k: number) => tf.reshape(x, [batch, -1, k]);
  const loss = (): tf.Scalar => {
    let x: tf.Tensor4D = image;
    const feats: tf.Tensor4D[] = [];
    for (const c of backbone) {
      x = tf.relu(c.forward(x));
      feats.push(x);
    }
    const c3 = feats[2]!;
    const c4 = feats[3]!;
    const l4 = lateral4.forward(c4);
    const l3 = tf.add(
      lateral3.forward(c3),
      tf.image.resizeNearestNeighbor(l4, [c3.shape[1], c3.shape[2]]),
    ) as tf.Tensor4D;
    const P4 = out4.forward(l4);
    const pyramid = [out3.forward(l3), P4, p5.forward(P4)];
    const cls: tf.Tensor[] = [];
    const box: tf.Tensor[] = [];
    const ctr: tf.Tensor[] = [];
    for (const p of pyramid) {
      cls.push(flat(clsOut.forward(clsTower.forward(p)), numClasses));
      const b = boxTower.forward(p);
      box.push(flat(tf.relu(boxOut.forward(b)), 4));
      ctr.push(flat(ctrOut.forward(b), 1));
    }
    const logits = tf.reshape(tf.concat(cls, 1), [batch * points, numClasses]);
    const boxes = tf.reshape(tf.concat(box, 1), [batch * points, 4]);
    const ctrLogits = tf.reshape(tf.concat(ctr, 1), [batch * points]);
    // sigmoid focal loss, alpha 0.25, gamma 2
    const p = tf.sigmoid(logits);
    const ce = tf.add(tf.relu(logits), tf.sub(tf.softplus(tf.neg(tf.abs(logits))), tf.mul(logits, t.labels)));
    const pt = tf.add(tf.mul(p, t.labels), tf.mul(tf.sub(1, p), tf.sub(1, t.labels)));
    const alpha = tf.add(tf.mul(t.labels, 0.25), tf.mul(tf.sub(1, t.labels), 0.75));
    const focal = tf.sum(tf.mul(tf.mul(alpha, tf.square(tf.sub(1, pt))), ce));
    const l1 = tf.sum(tf.mul(tf.sum(tf.abs(tf.sub(boxes, t.box)), 1), t.positive));
    const bce = tf.sum(
      tf.mul(
        tf.add(tf.relu(ctrLogits), tf.sub(tf.softplus(tf.neg(tf.abs(ctrLogits))), tf.mul(ctrLogits, t.ctr))),
        t.positive,
      ),
    );
    return tf.div(tf.addN([focal, l1, bce]), numPos) as tf.Scalar;
  };

  return {
    numParameters,
    step() {
      const { value, grads } = tf.variableGrads(loss, params);
      optimizer.applyGradients(grads);
      const v = value.dataSync()[0]!;
      value.dispose();
      tf.dispose(Object.values(grads));
      return v;
    },
    dispose() {
      for (const mod of modules) mod.dispose();
      tf.dispose([image, t.labels, t.positive, t.box, t.ctr]);
      optimizer.dispose();
    },
  };
}

/** A small deterministic PRNG (same stream in the Python reference). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
