import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Detections } from '@aligndet/fcos-head';
import type { CocoDataset } from '../data/coco-dataset';
import { encodePng } from '../data/image/encode-png';
import { drawDetections } from '../viz/draw-detections';

/** Draws the detections (score ≥ `minScore`) of the first `count` images of a dataset into PNG files. */
export async function writeDetectionImages(
  dataset: CocoDataset,
  detections: Map<number, Detections & { scale: [number, number] }>,
  outDir: string,
  count: number,
  minScore = 0.3,
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (let i = 0; i < Math.min(count, dataset.length); i++) {
    const sample = await dataset.get(i);
    const d = detections.get(sample.imageId);
    if (!d) continue;
    const [sx, sy] = d.scale;
    const drawn = Array.from(d.scores).flatMap((score, k) =>
      score < minScore
        ? []
        : [
            {
              box: [
                d.boxes[4 * k]! * sx,
                d.boxes[4 * k + 1]! * sy,
                d.boxes[4 * k + 2]! * sx,
                d.boxes[4 * k + 3]! * sy,
              ] as [number, number, number, number],
              label: dataset.categoryNames[d.labels[k]!]!,
              score,
            },
          ],
    );
    const path = join(outDir, `${String(sample.imageId).padStart(6, '0')}.png`);
    writeFileSync(
      path,
      encodePng(drawDetections(sample.image, drawn, { classNames: dataset.categoryNames })),
    );
    written.push(path);
  }
  return written;
}
