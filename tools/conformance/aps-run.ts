// The conformance run itself (bundled and executed by aps.mjs): official APS assignment + official
// losses on every case of a test-vector file.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { buildVectorCase } from '@aligndet/core-tensor/testing';
import { fcosLosses } from '@aligndet/fcos-head';
import { SpatialAssigner } from '@aligndet/spatial-assigner';

export async function run(path: string): Promise<Record<string, unknown>> {
  await initBackend('cpu', { purpose: 'inference', log: () => {}, env: {} });
  const vectors = JSON.parse(readFileSync(path, 'utf8'));
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(vectors).filter((k) => /^case\d+$/.test(k))) {
    const images = buildVectorCase(vectors.common, vectors[name]);
    const aps = new SpatialAssigner();
    const assignments = images.map((im) => aps.assign(im));
    const positives = images
      .flatMap((im, n) =>
        Array.from(assignments[n]!.gtIndex).flatMap((g, p) =>
          g < 0
            ? []
            : [
                {
                  flat_index: im.flatIndex[p]!,
                  label: assignments[n]!.labels[p]! + 1,
                  reg_target_stride_units: Array.from(assignments[n]!.boxTargets.subarray(4 * p, 4 * p + 4)),
                },
              ],
        ),
      )
      .sort((a, b) => a.flat_index - b.flat_index);
    const P = images[0]!.strides.length;
    const C = vectors.common.num_classes_C;
    const N = images.length;
    const losses = tf.tidy(() => {
      const flat = {
        clsLogits: tf.tensor3d(
          images.flatMap((im) => Array.from(im.predictions!.clsLogits)),
          [N, P, C],
        ),
        boxDistances: tf.tensor3d(
          images.flatMap((im) => Array.from(im.predictions!.boxDistances)),
          [N, P, 4],
        ),
        quality: tf.tensor2d(
          images.flatMap((im) => Array.from(im.qualityLogits)),
          [N, P],
        ),
      };
      const l = fcosLosses(flat, assignments, { qualityTarget: 'giou' });
      return {
        loss_cls: l.loss_cls.dataSync()[0]!,
        loss_reg: l.loss_reg.dataSync()[0]!,
        loss_quality: l.loss_quality.dataSync()[0]!,
      };
    });
    out[name] = { positives, losses };
  }
  return out;
}
