// Deterministic COCO-val-sized case: 5,000 images, 80 categories, ~36k GT (~1% crowd) with a
// COCO-like size mix, ~500k detections (jittered true positives + random false positives).
//   npx tsx bench/generate.ts <outDir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCocoValSized(
  outDir: string,
  seed = 0,
): { gt: string; dt: string; numGt: number; numDt: number } {
  const r = rng(seed);
  const W = 640;
  const H = 480;
  const images = Array.from({ length: 5000 }, (_, i) => ({
    id: 100000 + i * 7,
    width: W,
    height: H,
    file_name: `${i}.jpg`,
  }));
  const categories = Array.from({ length: 80 }, (_, i) => ({
    id: i + 1 + (i >= 11 ? 1 : 0) + (i >= 24 ? 1 : 0),
    name: `c${i}`,
  }));
  const annotations: object[] = [];
  const dets: object[] = [];
  const round = (v: number) => Math.round(v * 100) / 100;
  for (const im of images) {
    const nGt = Math.floor(r() * 15) === 0 ? 0 : 1 + Math.floor(r() * 14);
    const boxes: Array<[number, number, number, number, number]> = [];
    for (let g = 0; g < nGt; g++) {
      const u = r();
      // COCO-like: ~41% small (< 32²), ~34% medium, ~25% large
      const side = u < 0.41 ? 4 + r() * 27 : u < 0.75 ? 32 + r() * 63 : 96 + r() * 300;
      const ar = Math.exp((r() - 0.5) * 1.6);
      const w = Math.min(W - 1, side * Math.sqrt(ar));
      const h = Math.min(H - 1, side / Math.sqrt(ar));
      const x = r() * (W - w);
      const y = r() * (H - h);
      const cat = categories[Math.floor(r() * (r() < 0.3 ? 5 : 80))]!.id;
      const crowd = r() < 0.01 ? 1 : 0;
      annotations.push({
        id: annotations.length + 1,
        image_id: im.id,
        category_id: cat,
        bbox: [round(x), round(y), round(w), round(h)],
        area: round(w * h * (0.6 + 0.3 * r())),
        iscrowd: crowd,
      });
      boxes.push([x, y, w, h, cat]);
    }
    for (let d = 0; d < 100; d++) {
      let box: number[];
      let cat: number;
      if (boxes.length && r() < 0.35) {
        const [x, y, w, h, c] = boxes[Math.floor(r() * boxes.length)]!;
        const j = 0.25 * r();
        box = [
          x + (r() - 0.5) * j * w,
          y + (r() - 0.5) * j * h,
          w * (1 + (r() - 0.5) * j),
          h * (1 + (r() - 0.5) * j),
        ];
        cat = r() < 0.85 ? c : categories[Math.floor(r() * 80)]!.id;
      } else {
        const w = 5 + r() * 200;
        const h = 5 + r() * 200;
        box = [r() * (W - w), r() * (H - h), w, h];
        cat = categories[Math.floor(r() * 80)]!.id;
      }
      dets.push({
        image_id: im.id,
        category_id: cat,
        bbox: box.map(round),
        score: Math.round(r() * 1e5) / 1e5,
      });
    }
  }
  mkdirSync(outDir, { recursive: true });
  const gt = join(outDir, 'gt.json');
  const dt = join(outDir, 'dt.json');
  writeFileSync(gt, JSON.stringify({ images, annotations, categories }));
  writeFileSync(dt, JSON.stringify(dets));
  return { gt, dt, numGt: annotations.length, numDt: dets.length };
}

if (process.argv[1]?.endsWith('generate.ts'))
  console.log(generateCocoValSized(process.argv[2] ?? '/tmp/coco-val-sized'));
