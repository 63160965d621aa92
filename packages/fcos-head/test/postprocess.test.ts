import { describe, expect, it } from 'vitest';
import { gridPoints, type PostprocessInput, postprocessDetections } from '../src/index';

const logit = (p: number) => Math.log(p / (1 - p));

/** One level, stride 8, `h x w` points, one class; `cls`/`q` give σ(cls), σ(q) per point. */
function level(
  h: number,
  w: number,
  cls: (p: number) => number,
  q: (p: number) => number,
  dist: (p: number) => number[],
  imageSize: [number, number] = [1024, 1024],
): PostprocessInput {
  const P = h * w;
  return {
    clsLogits: Float32Array.from({ length: P }, (_, p) => logit(cls(p))),
    quality: Float32Array.from({ length: P }, (_, p) => logit(q(p))),
    boxDistances: Float32Array.from({ length: 4 * P }, (_, i) => dist(Math.floor(i / 4))[i % 4]!),
    numClasses: 1,
    ...gridPoints([[h, w]], [8]),
    imageSize,
  };
}
// a 4 x 4 box around each point: boxes of neighbouring points never overlap
const small = () => [0.25, 0.25, 0.25, 0.25];

describe('postprocessDetections: official conventions (spec §1.7, property 14)', () => {
  it('legacyPixels: IoU with +1 widths — boxes 12 px wide shifted by 3: IoU 0.6 (kept at 0.61), 0.625 with +1 (suppressed)', () => {
    // point (4,4) -> [0,0,12,10]; point (12,4) -> [3,0,15,10]; the first scores higher
    const dist = [
      [0.5, 0.5, 1, 0.75],
      [1.125, 0.5, 0.375, 0.75],
    ];
    const input = level(
      1,
      2,
      (p) => [0.9, 0.8][p]!,
      () => 0.5,
      (p) => dist[p]!,
    );
    const plain = postprocessDetections(input, { nmsThreshold: 0.61 });
    expect(Array.from(plain.boxes)).toEqual([0, 0, 12, 10, 3, 0, 15, 10]);
    const legacy = postprocessDetections(input, { nmsThreshold: 0.61, legacyPixels: true });
    expect(Array.from(legacy.boxes)).toEqual([0, 0, 12, 10]);
  });

  it('clips to [0, w] x [0, h], or to [0, w − 1] x [0, h − 1] with legacyPixels: image [20, 30]', () => {
    // point (4,4) with distances (1, 1, 4, 4) strides -> (-4, -4, 36, 36)
    const input = level(
      1,
      1,
      () => 0.9,
      () => 0.9,
      () => [1, 1, 4, 4],
      [20, 30],
    );
    expect(Array.from(postprocessDetections(input).boxes)).toEqual([0, 0, 30, 20]);
    expect(Array.from(postprocessDetections(input, { legacyPixels: true }).boxes)).toEqual([0, 0, 29, 19]);
  });

  it('preNmsTopK ranks by σ(cls)·σ(q): (0.9, 0.1) loses to (0.5, 0.5) at topK 1, per level', () => {
    const cls = [0.9, 0.5];
    const q = [0.1, 0.5];
    const input = level(
      1,
      2,
      (p) => cls[p]!,
      (p) => q[p]!,
      small,
    );
    const d = postprocessDetections(input, { preNmsTopK: 1 });
    expect(Array.from(d.boxes)).toEqual([10, 2, 14, 6]);
    expect(d.scores[0]).toBeCloseTo(0.5, 6);
    // two levels with one such pair each: one candidate per level survives
    const two: PostprocessInput = {
      ...input,
      clsLogits: Float32Array.from([...input.clsLogits, ...input.clsLogits]),
      quality: Float32Array.from([...input.quality, ...input.quality]),
      boxDistances: Float32Array.from([...input.boxDistances, ...input.boxDistances]),
      ...gridPoints(
        [
          [1, 2],
          [1, 2],
        ],
        [8, 16],
      ),
    };
    expect(postprocessDetections(two, { preNmsTopK: 1 }).scores.length).toBe(2);
  });

  it('at most 1000 candidates per level (1200 points above the threshold) and 100 per image, by decreasing score', () => {
    const input = level(
      30,
      40,
      (p) => 0.1 + (0.8 * p) / 1200,
      () => 0.5,
      small,
    );
    expect(postprocessDetections(input, { maxDetections: 5000 }).scores.length).toBe(1000);
    const d = postprocessDetections(input);
    expect(d.scores.length).toBe(100);
    // the 100 best are the last 100 points (σ(cls) increases with the index)
    expect(d.scores[0]).toBeCloseTo(Math.sqrt((0.1 + (0.8 * 1199) / 1200) * 0.5), 5);
    for (let i = 1; i < 100; i++) expect(d.scores[i]!).toBeLessThan(d.scores[i - 1]!);
    expect(d.scores[99]).toBeCloseTo(Math.sqrt((0.1 + (0.8 * 1100) / 1200) * 0.5), 5);
  });

  it('thresholdOn: σ(cls) 0.06, σ(q) 0.01 passes the official σ(cls) > 0.05 and fails torchvision’s √(σ(cls)·σ(q)) > 0.05', () => {
    // √(0.06 · 0.01) ≈ 0.024
    const input = level(
      1,
      1,
      () => 0.06,
      () => 0.01,
      small,
    );
    expect(postprocessDetections(input).scores.length).toBe(1);
    expect(postprocessDetections(input, { thresholdOn: 'score' }).scores.length).toBe(0);
  });
});

describe('postprocessDetections: units and argument checks', () => {
  it("distanceUnits 'pixels' (eval-mode head outputs) gives the same detections as stride units", () => {
    const strideUnits = level(
      3,
      4,
      (p) => 0.1 + 0.07 * p,
      (p) => 0.9 - 0.05 * p,
      (p) => [0.3 + 0.1 * p, 0.5, 1.2, 0.2 * p],
    );
    const pixels = { ...strideUnits, boxDistances: strideUnits.boxDistances.map((v) => v * 8) };
    const a = postprocessDetections(strideUnits);
    const b = postprocessDetections(pixels, { distanceUnits: 'pixels' });
    expect(a.scores.length).toBeGreaterThan(3);
    expect(Array.from(b.boxes)).toEqual(Array.from(a.boxes));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });
  it('throws when clsLogits does not hold points × numClasses values', () => {
    const input = {
      ...level(
        1,
        2,
        () => 0.5,
        () => 0.5,
        small,
      ),
      numClasses: 3,
    };
    expect(() => postprocessDetections(input)).toThrow(
      'postprocessDetections: clsLogits.length: expected 6 (points × numClasses), got 2',
    );
  });
  it('throws when quality does not hold one value per point', () => {
    const input = {
      ...level(
        1,
        2,
        () => 0.5,
        () => 0.5,
        small,
      ),
      quality: new Float32Array(3),
    };
    expect(() => postprocessDetections(input)).toThrow(
      'postprocessDetections: quality.length: expected 2 (points), got 3',
    );
  });
});
