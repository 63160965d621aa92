import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  assertValidBoxes,
  boxArea,
  centerness,
  centernessTensor,
  clipBoxes,
  clipBoxesTensor,
  convertBoxes,
  convertBoxesTensor,
  decodeDistances,
  decodeDistancesTensor,
  distanceGiou,
  distanceGiouTensor,
  distanceIou,
  encodeDistances,
  pairwiseGiou,
  pairwiseIou,
  pairwiseIouTensor,
} from '@aligndet/core-tensor';
import { expectTensorsClose, gradCheck } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const fx = JSON.parse(readFileSync(new URL('./fixtures/boxes_nms.json', import.meta.url), 'utf8'));
const A = Float64Array.from(fx.a);
const B = Float64Array.from(fx.b);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('box ops vs torchvision (a=[12,4], b=[9,4]; identical, touching, contained and near-zero-width rows)', () => {
  it('pairwiseIou = box_iou to 1e-12 (float64)', () => {
    expectTensorsClose(pairwiseIou(A, B), fx.box_iou, { rtol: 1e-12, atol: 1e-12 });
  });
  it('pairwiseGiou = generalized_box_iou to 1e-12', () => {
    expectTensorsClose(pairwiseGiou(A, B), fx.generalized_box_iou, { rtol: 1e-12, atol: 1e-12 });
  });
  it('tensor versions match to float32 precision (1e-5)', () => {
    const { iou, giou } = pairwiseIouTensor(tf.tensor2d(fx.a, [12, 4]), tf.tensor2d(fx.b, [9, 4]));
    expect(iou.shape).toEqual([12, 9]);
    expectTensorsClose(iou, fx.box_iou, { rtol: 1e-5, atol: 1e-5 });
    expectTensorsClose(giou, fx.generalized_box_iou, { rtol: 1e-5, atol: 1e-5 });
  });
  it('convertBoxes = box_convert (xywh, cxcywh) and round-trips', () => {
    expectTensorsClose(convertBoxes(A, 'xyxy', 'xywh'), fx.xyxy_to_xywh, { rtol: 1e-12, atol: 1e-12 });
    expectTensorsClose(convertBoxes(A, 'xyxy', 'cxcywh'), fx.xyxy_to_cxcywh, { rtol: 1e-12, atol: 1e-12 });
    expectTensorsClose(convertBoxes(convertBoxes(A, 'xyxy', 'cxcywh'), 'cxcywh', 'xyxy'), A, {
      rtol: 1e-12,
      atol: 1e-12,
    });
    expectTensorsClose(convertBoxesTensor(tf.tensor2d(fx.a, [12, 4]), 'xyxy', 'xywh'), fx.xyxy_to_xywh, {
      rtol: 1e-5,
      atol: 1e-4,
    });
    expectTensorsClose(convertBoxesTensor(tf.tensor2d(fx.xyxy_to_xywh, [12, 4]), 'xywh', 'xyxy'), A, {
      rtol: 1e-5,
      atol: 1e-4,
    });
  });
  it('clipBoxes = clip_boxes_to_image', () => {
    const shifted = A.map((v) => v - 20);
    expectTensorsClose(clipBoxes(shifted.slice(), fx.clip_image_hw), fx.clipped, {
      rtol: 1e-12,
      atol: 1e-12,
    });
    expectTensorsClose(
      clipBoxesTensor(tf.tensor2d(Array.from(shifted), [12, 4]), fx.clip_image_hw),
      fx.clipped,
      { rtol: 1e-5, atol: 1e-4 },
    );
  });
  it('boxArea', () => {
    expect(Array.from(boxArea(Float32Array.from([0, 0, 2, 3, 1, 1, 1, 5])))).toEqual([6, 0]);
  });
});

describe('assertValidBoxes', () => {
  it('throws when a box is degenerate or non-finite, naming the index and values', () => {
    expect(() => assertValidBoxes('op', 'gtBoxes', [0, 0, 1, 1, 10, 5, 4, 9])).toThrow(
      'op: gtBoxes: box 1 [10,5,4,9] has x2 < x1',
    );
    expect(() => assertValidBoxes('op', 'gtBoxes', [0, 0, Number.NaN, 1])).toThrow(
      /box 0 \[0,0,NaN,1\] has a non-finite coordinate/,
    );
    expect(() => assertValidBoxes('op', 'gtBoxes', [0, 0, 0, 1], { strict: true })).toThrow(/has x2 <= x1/);
    expect(() => assertValidBoxes('op', 'gtBoxes', [0, 0, 1])).toThrow(/expected a multiple of 4 numbers/);
  });
});

describe('FCOS distance coding and distance IoU (spec §1.6, §7.1 unit values)', () => {
  it('encode/decode with strides round-trip; decode matches the spec example', () => {
    const pts = Float32Array.from([12, 12, 4, 4]);
    const boxes = Float32Array.from([4, 8, 20, 40, 0, 0, 20, 20]);
    const st = Float32Array.from([8, 8]);
    const d = encodeDistances(pts, boxes, st);
    expect(Array.from(d.subarray(0, 4))).toEqual([1, 0.5, 1, 3.5]);
    expect(Array.from(decodeDistances(pts, d, st))).toEqual(Array.from(boxes));
    // spec §7.4 item 14: point (4,4), stride 8, regression (1,1,2,2) -> (-4,-4,20,20)
    expect(Array.from(decodeDistances([4, 4], [1, 1, 2, 2], [8]))).toEqual([-4, -4, 20, 20]);
    expectTensorsClose(
      decodeDistancesTensor(tf.tensor2d([4, 4], [1, 2]), tf.tensor2d([1, 1, 2, 2], [1, 4]), tf.tensor1d([8])),
      [-4, -4, 20, 20],
    );
  });

  const cases: Array<[number[], number[], number, number]> = [
    // pred, target, IoU, GIoU (spec §7.1)
    [[1, 1, 1, 1], [2, 1, 1, 2], 0.5, 0.5],
    [[0.5, 0.5, 0.5, 0.5], [2, 2, 2, 2], 0.1176471, 0.1176471],
    [[2, 1, 0.5, 1], [0.5, 2, 2, 0.5], 0.2325581, 0.0450581],
    [[0, 0, 0, 0], [1, 1, 1, 1], 0.2, 0.2],
  ];
  it.each(cases)('pred %j vs target %j: IoU %f, GIoU %f', (p, t, iou, giou) => {
    expect(distanceIou(p, 0, t, 0)).toBeCloseTo(iou, 6);
    expect(distanceGiou(p, 0, t, 0)).toBeCloseTo(giou, 6);
  });
  it('tensor version equals the scalar version and its gradients pass finite differences (both inputs)', () => {
    const pred = cases.flatMap((c) => c[0]).map((v) => v + 0.137);
    const target = cases.flatMap((c) => c[1]).map((v) => v + 0.071);
    const { iou, giou } = distanceGiouTensor(tf.tensor2d(pred, [4, 4]), tf.tensor2d(target, [4, 4]));
    expectTensorsClose(
      iou,
      [0, 1, 2, 3].map((i) => distanceIou(pred, i, target, i)),
      { rtol: 1e-6 },
    );
    expectTensorsClose(
      giou,
      [0, 1, 2, 3].map((i) => distanceGiou(pred, i, target, i)),
      { rtol: 1e-6 },
    );
    const w = [0.3, -1.1, 0.7, 1.9];
    gradCheck(
      (p, t) =>
        tf.sum(
          tf.mul(distanceGiouTensor(p as tf.Tensor2D, t as tf.Tensor2D).giou, tf.tensor1d(w)),
        ) as tf.Scalar,
      [tf.tensor2d(pred, [4, 4]), tf.tensor2d(target, [4, 4])],
      {
        reference: (p, t) => w.reduce((s, wi, i) => s + wi * distanceGiou(p, i, t, i), 0),
        rtol: 2e-3,
        atol: 2e-4,
      },
    );
  });
  it('centerness (2,1,1,2) -> 0.5 and (10,20,30,40) -> 0.4082483', () => {
    expect(centerness([2, 1, 1, 2], 0)).toBeCloseTo(0.5, 7);
    expect(centerness([10, 20, 30, 40], 0)).toBeCloseTo(0.4082483, 7);
    expectTensorsClose(
      centernessTensor(tf.tensor2d([2, 1, 1, 2, 10, 20, 30, 40], [2, 4])),
      [0.5, 0.4082483],
      { rtol: 1e-6 },
    );
  });
});
