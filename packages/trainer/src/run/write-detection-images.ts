import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Detections } from '@aligndet/fcos-head';
import type { CocoDataset, CocoSample } from '../data/coco-dataset';
import type { RawImage } from '../data/image/raw-image';
import { type DrawnDetection, drawDetections } from '../viz/draw-detections';

/**
 * Draws one image's detections (score ≥ `minScore`; boxes in the resized frame, mapped back with
 * `scale`) at the image's resolution and writes the picture as PNG to `path`; without resvg (no
 * text in the PNG) the labelled SVG is written beside it.
 */
export function writeDetectionImage(
  path: string,
  image: RawImage,
  detections: Detections,
  scale: [number, number],
  classNames: string[],
  minScore: number,
): void {
  const [sx, sy] = scale;
  const b = detections.boxes;
  const drawn: DrawnDetection[] = Array.from(detections.scores).flatMap((score, k) =>
    score < minScore
      ? []
      : [
          {
            box: [b[4 * k]! * sx, b[4 * k + 1]! * sy, b[4 * k + 2]! * sx, b[4 * k + 3]! * sy],
            label: classNames[detections.labels[k]!]!,
            score,
          },
        ],
  );
  writeDrawing(path, image, drawn, classNames);
}

/** Draws a sample's ground truth (dashed boxes, class names; crowd regions tagged `crowd`) into a PNG at `path`. */
export function writeGroundTruthImage(path: string, sample: CocoSample, classNames: string[]): void {
  const box = (b: Float32Array, k: number) =>
    [b[4 * k]!, b[4 * k + 1]!, b[4 * k + 2]!, b[4 * k + 3]!] as DrawnDetection['box'];
  const drawn: DrawnDetection[] = [
    ...Array.from(sample.labels, (l, k) => ({
      box: box(sample.boxes, k),
      label: classNames[l]!,
      kind: 'ground-truth' as const,
    })),
    ...Array.from({ length: sample.crowdBoxes.length / 4 }, (_, k) => ({
      box: box(sample.crowdBoxes, k),
      label: 'crowd',
      kind: 'ground-truth' as const,
    })),
  ];
  writeDrawing(path, sample.image, drawn, classNames);
}

/** Writes the drawing as PNG; without resvg (no text in the PNG) the labelled SVG goes beside it. */
function writeDrawing(path: string, image: RawImage, drawn: DrawnDetection[], classNames: string[]): void {
  const { png, svg, textDrawn } = drawDetections(image, drawn, { classNames });
  writeFileSync(path, png);
  if (!textDrawn) writeFileSync(path.replace(/\.png$/, '.svg'), svg);
}

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
    const path = join(outDir, `${String(sample.imageId).padStart(6, '0')}.png`);
    writeDetectionImage(path, sample.image, d, d.scale, dataset.categoryNames, minScore);
    written.push(path);
  }
  return written;
}
