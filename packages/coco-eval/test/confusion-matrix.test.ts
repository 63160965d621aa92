import { describe, expect, it } from 'vitest';
import { confusionMatrix, loadCocoGroundTruth, loadCocoResults } from '../src/index';

const gtJson = {
  images: [{ id: 1 }, { id: 2 }],
  categories: [
    { id: 3, name: 'cat' },
    { id: 5, name: 'dog' },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 3, bbox: [0, 0, 10, 10], area: 100 },
    { id: 2, image_id: 1, category_id: 5, bbox: [50, 50, 10, 10], area: 100 },
    { id: 3, image_id: 2, category_id: 5, bbox: [0, 0, 20, 20], area: 400 },
    { id: 4, image_id: 2, category_id: 3, bbox: [100, 100, 10, 10], area: 100 },
    { id: 5, image_id: 2, category_id: 3, bbox: [200, 200, 50, 50], area: 2500, iscrowd: 1 },
  ],
};

describe('confusionMatrix', () => {
  it('counts matches by class, misses and false positives at the stated thresholds', () => {
    const gt = loadCocoGroundTruth(gtJson);
    const dt = loadCocoResults(
      [
        { image_id: 1, category_id: 3, bbox: [0, 0, 10, 9], score: 0.9 }, // cat → cat (IoU 0.9)
        { image_id: 1, category_id: 3, bbox: [50, 50, 10, 10], score: 0.8 }, // dog seen as cat
        { image_id: 1, category_id: 5, bbox: [0, 0, 10, 8], score: 0.7 }, // duplicate on the cat (IoU 0.8 < 0.9): FP dog
        { image_id: 2, category_id: 5, bbox: [0, 0, 20, 10], score: 0.6 }, // IoU 0.5 with the dog: match
        { image_id: 2, category_id: 5, bbox: [300, 300, 5, 5], score: 0.1 }, // below the score threshold
        { image_id: 2, category_id: 3, bbox: [210, 210, 10, 10], score: 0.9 }, // inside the crowd: ignored
      ],
      gt,
    );
    const cm = confusionMatrix(gt, dt, { iouThreshold: 0.5, scoreThreshold: 0.25 });
    expect(cm.labels).toEqual(['cat', 'dog', 'background']);
    expect(cm.categoryIds).toEqual([3, 5]);
    // rows: true cat, true dog, background; columns: predicted cat, dog, background (missed)
    expect(cm.counts).toEqual([
      [1, 0, 1],
      [1, 1, 0],
      [0, 1, 0],
    ]);
  });
  it('a stricter IoU turns the 0.5-IoU match into a miss and a false positive', () => {
    const gt = loadCocoGroundTruth(gtJson);
    const dt = loadCocoResults([{ image_id: 2, category_id: 5, bbox: [0, 0, 20, 10], score: 0.6 }], gt);
    expect(confusionMatrix(gt, dt, { iouThreshold: 0.75 }).counts).toEqual([
      [0, 0, 2],
      [0, 0, 2],
      [0, 1, 0],
    ]);
  });
});
