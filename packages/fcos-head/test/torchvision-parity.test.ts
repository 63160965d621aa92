import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { gridPoints, postprocessDetections, sigmoidFocalLoss } from '../src/index';

const fx = JSON.parse(readFileSync(new URL('./fixtures/fcos_head.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sigmoidFocalLoss vs torchvision.ops.sigmoid_focal_loss (α 0.25, γ 2; 1e-5 relative)', () => {
  it('x=[7,5] value and gradient', () => {
    const x = tf.tensor2d(fx.focal.logits, fx.focal.shape);
    const t = tf.tensor2d(fx.focal.targets, fx.focal.shape);
    expect(tf.sum(sigmoidFocalLoss(x, t)).dataSync()[0]).toBeCloseTo(fx.focal.loss, 4);
    const g = tf.grad((z: tf.Tensor) => tf.sum(sigmoidFocalLoss(z, t)))(x);
    expectTensorsClose(g, fx.focal.grad, { rtol: 1e-5, atol: 1e-6 });
  });
});

describe('postprocessDetections vs torchvision FCOS.postprocess_detections (torchvision conventions)', () => {
  const post = fx.postprocess;
  const pts = gridPoints(post.sizes, post.strides);
  for (const n of [0, 1]) {
    it(`image ${n}: ${post.image_shapes[n]} -> same boxes (1e-4), scores (1e-6) and labels, in order`, () => {
      const d = postprocessDetections(
        {
          clsLogits: Float32Array.from(post.cls_logits[n]),
          boxDistances: Float32Array.from(post.box_distances[n]),
          quality: Float32Array.from(post.quality[n]),
          numClasses: post.num_classes,
          ...pts,
          imageSize: post.image_shapes[n],
        },
        { thresholdOn: 'score' },
      );
      const e = post.detections[n];
      expect(Array.from(d.labels)).toEqual(e.labels);
      expectTensorsClose(d.scores, e.scores, { rtol: 1e-6, atol: 1e-7 });
      expectTensorsClose(d.boxes, e.boxes, { rtol: 1e-5, atol: 1e-4 });
    });
  }
});
