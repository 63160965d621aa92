import { describe, expect, it } from 'vitest';
import { collateBatch } from '../../src/data/transforms/collate';
import { horizontalFlip } from '../../src/data/transforms/flip';
import { IMAGENET_NORMALIZATION, normalizeImage } from '../../src/data/transforms/normalize';
import { resizeBilinear, resizedSize } from '../../src/data/transforms/resize';

describe('resize rule (spec §1.1)', () => {
  it('shorter side to minSize, orientation kept, truncated', () => {
    expect(resizedSize(640, 480, 800, 1333)).toEqual({ width: 1066, height: 800 });
    expect(resizedSize(480, 640, 800, 1333)).toEqual({ width: 800, height: 1066 });
  });
  it('caps the longer side at maxSize', () => {
    // 2000x500: 800 * 4 = 3200 > 1333 -> s = round(1333 * 500 / 2000) = 333
    expect(resizedSize(2000, 500, 800, 1333)).toEqual({ width: 1332, height: 333 });
    // degenerate 1xN images keep a 1-pixel short side and a long side of maxSize (not 0 x N)
    expect(resizedSize(1, 1000, 128, 213)).toEqual({ width: 1, height: 213 });
    expect(resizedSize(500, 1, 32, 64)).toEqual({ width: 64, height: 1 });
  });
});

describe('resizeBilinear', () => {
  it('keeps a constant image constant and interpolates a 2-pixel ramp like half-pixel bilinear', () => {
    const flat = { width: 3, height: 2, data: new Uint8Array(18).fill(77) };
    expect(Array.from(resizeBilinear(flat, 5, 4)).every((v) => v === 77)).toBe(true);
    // 1 row, 2 px: 0 and 100 -> 4 px: centres at src -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
    const ramp = { width: 2, height: 1, data: Uint8Array.from([0, 0, 0, 100, 100, 100]) };
    const out = resizeBilinear(ramp, 4, 1);
    expect(Array.from(out.filter((_, i) => i % 3 === 0))).toEqual([0, 25, 75, 100]);
  });
});

describe('horizontalFlip', () => {
  it('mirrors pixels and boxes; twice is the identity', () => {
    const px = Float32Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    const boxes = Float32Array.from([0, 0, 1, 1]);
    horizontalFlip(px, 3, 1, boxes);
    expect(Array.from(px.filter((_, i) => i % 3 === 0))).toEqual([3, 2, 1]);
    expect(Array.from(boxes)).toEqual([2, 0, 3, 1]);
    horizontalFlip(px, 3, 1, boxes);
    expect(Array.from(boxes)).toEqual([0, 0, 1, 1]);
  });
});

describe('normalize and collate', () => {
  it('normalises per channel', () => {
    const px = Float32Array.from([123.675, 116.28 + 57.12, 103.53 - 2 * 57.375]);
    expect(
      Array.from(normalizeImage(px, IMAGENET_NORMALIZATION)).map((v) => Math.round(v * 1e6) / 1e6),
    ).toEqual([0, 1, -2]);
  });
  it('zero-pads bottom/right to a multiple of 32', () => {
    const s = (w: number, h: number, v: number) => ({
      imageId: v,
      pixels: new Float32Array(w * h * 3).fill(v),
      width: w,
      height: h,
      originalWidth: w,
      originalHeight: h,
      boxes: new Float32Array(0),
      labels: new Int32Array(0),
    });
    const b = collateBatch([s(33, 10, 1), s(20, 40, 2)]);
    expect(b.shape).toEqual([2, 64, 64, 3]);
    const at = (n: number, y: number, x: number) => b.images[3 * (n * 64 * 64 + y * 64 + x)];
    expect([at(0, 9, 32), at(0, 10, 0), at(0, 0, 33), at(1, 39, 19), at(1, 39, 20)]).toEqual([1, 0, 0, 2, 0]);
  });
});
