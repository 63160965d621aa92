#!/usr/bin/env node
// Writes the example's sample: a COCO ground-truth file, a results file of "detections" and the
// COCO numbers those must give, computed here independently of @aligndet/coco-eval.
//
//   node scripts/make-sample.mjs <outDir>      (default: sample)
//
// The sample is built so that only pycocotools' accumulation step matters, and that step is
// re-done here in a few lines (sort by score, cumulative precision/recall, right-to-left max,
// read at the 101 recall thresholds):
// - each (image, category) has at most one GT box, 60×50 px (area 3000: "medium" only);
// - each GT but a few gets one detection: the GT shifted right by dx, which gives
//   IoU = (w − dx)/(w + dx) — we pick the IoU (never within 0.01 of a threshold) and solve for dx;
//   so at IoU threshold t that detection is a true positive exactly when its IoU ≥ t;
// - false positives never touch a GT of their category (IoU 0); "hard" ones score among the true
//   detections but sit on the last image, which has no GT, so each true detection stays the best
//   of its (image, category) and AR at maxDets 1, 10 and 100 are all the same;
// - scores are distinct, so no tie rule is involved.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = process.argv[2] ?? 'sample';
const W = 60;
const H = 50;
const IMAGE_W = 320;
const IMAGE_H = 240;

// IoU of each category's detections; `null` = a GT without a detection (a miss)
const CATEGORIES = [
  {
    id: 1,
    name: 'cyclist',
    ious: [0.97, 0.93, 0.88, 0.84, 0.79, 0.73, 0.68, 0.62, 0.53, null],
    hardFalsePositives: 3,
  },
  {
    id: 2,
    name: 'car',
    ious: [0.96, 0.91, 0.86, 0.81, 0.77, 0.71, 0.58, 0.47, null, null, 0.3, 0.52],
    hardFalsePositives: 5,
  },
  { id: 3, name: 'sign', ious: [0.98, 0.87, 0.66, null, 0.41], hardFalsePositives: 1 },
];
const NUM_IMAGES = 13; // the last image has no GT, only false positives

let seed = 20_241_124;
const random = () => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 4_294_967_296;
};
const round = (v) => Math.round(v * 1e6) / 1e6;

const images = Array.from({ length: NUM_IMAGES }, (_, i) => ({
  id: i + 1,
  file_name: `${String(i + 1).padStart(6, '0')}.jpg`,
  width: IMAGE_W,
  height: IMAGE_H,
}));
const annotations = [];
const results = [];
const scores = new Set();
const distinctScore = (lo, hi) => {
  for (;;) {
    const v = round(lo + (hi - lo) * random());
    if (!scores.has(v)) {
      scores.add(v);
      return v;
    }
  }
};
const dets = []; // per category: { score, iou } (iou 0 for false positives)
for (const [k, c] of CATEGORIES.entries()) {
  const list = [];
  c.ious.forEach((iou, i) => {
    const imageId = i + 1;
    // the category's GT sits in its own horizontal band, in the left 220 px of the image
    const x = 10 + Math.floor(random() * 150);
    const y = 10 + k * 75;
    annotations.push({
      id: annotations.length + 1,
      image_id: imageId,
      category_id: c.id,
      bbox: [x, y, W, H],
      area: W * H,
      iscrowd: 0,
    });
    if (iou === null) return;
    const dx = (W * (1 - iou)) / (1 + iou);
    const score = distinctScore(0.5, 0.99);
    results.push({ image_id: imageId, category_id: c.id, bbox: [x + dx, y, W, H], score });
    list.push({ score, iou });
  });
  // false positives in the right-hand strip (x ≥ 240): hard ones on the GT-free last image, easy
  // (low-scoring) ones anywhere
  for (let j = 0; j < c.hardFalsePositives + 4; j++) {
    const hard = j < c.hardFalsePositives;
    const score = hard ? distinctScore(0.5, 0.99) : distinctScore(0.05, 0.45);
    results.push({
      image_id: hard ? NUM_IMAGES : 1 + Math.floor(random() * NUM_IMAGES),
      category_id: c.id,
      bbox: [240 + Math.floor(random() * 20), 10 + Math.floor(random() * 180), W, H],
      score,
    });
    list.push({ score, iou: 0 });
  }
  dets.push(list);
}
// shuffle the results: the evaluator must sort them itself
for (let i = results.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [results[i], results[j]] = [results[j], results[i]];
}

// the expected numbers: pycocotools' accumulation, re-done for this simple case
const iouThresholds = Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.05); // margins ≥ 0.01
const recallThresholds = Array.from({ length: 101 }, (_, i) => i * 0.01); // = numpy.linspace(0, 1, 101)
/** Interpolated precision at each recall threshold, and the final recall. */
function precisionRecall(list, n, t) {
  const sorted = [...list].sort((a, b) => b.score - a.score);
  let tp = 0;
  const rc = [];
  const pr = [];
  sorted.forEach((d, i) => {
    if (d.iou >= t) tp++;
    rc.push(tp / n);
    pr.push(tp / (i + 1));
  });
  for (let i = pr.length - 2; i >= 0; i--) pr[i] = Math.max(pr[i], pr[i + 1]);
  const precision = recallThresholds.map((r) => {
    const i = rc.findIndex((v) => v >= r);
    return i < 0 ? 0 : pr[i];
  });
  return { precision, recall: tp / n };
}
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const perCategory = {};
const apTable = []; // [category][threshold]
const arTable = [];
const pr50 = {};
CATEGORIES.forEach((c, k) => {
  const curves = iouThresholds.map((t) => precisionRecall(dets[k], c.ious.length, t));
  const aps = curves.map((r) => mean(r.precision));
  const ars = curves.map((r) => r.recall);
  apTable.push(aps);
  arTable.push(ars);
  perCategory[c.id] = { ap: mean(aps), ap50: aps[0], ap75: aps[5], ar100: mean(ars) };
  pr50[c.id] = curves[0].precision;
});
const ap = mean(apTable.flat());
const ar = mean(arTable.flat());
const stats = [
  ap,
  mean(apTable.map((row) => row[0])),
  mean(apTable.map((row) => row[5])),
  -1, // small: no GT
  ap, // medium: every GT
  -1, // large: no GT
  ar, // maxDets 1: each true detection is the best of its (image, category)
  ar,
  ar,
  -1,
  ar,
  -1,
];

mkdirSync(outDir, { recursive: true });
const categories = CATEGORIES.map((c) => ({ id: c.id, name: c.name, supercategory: 'road' }));
writeFileSync(
  join(outDir, 'gt.json'),
  `${JSON.stringify({ info: { description: 'aligndet eval-only example sample (generated by scripts/make-sample.mjs)' }, images, annotations, categories })}\n`,
);
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results)}\n`);
writeFileSync(
  join(outDir, 'expected.json'),
  `${JSON.stringify(
    {
      note: 'COCO numbers of this sample computed by scripts/make-sample.mjs, not by coco-eval; stats in pycocotools order; pr50: precision at the 101 recall thresholds, IoU 0.5',
      stats,
      perCategory,
      pr50,
    },
    null,
    1,
  )}\n`,
);
console.log(
  `wrote ${outDir}/gt.json (${images.length} images, ${annotations.length} boxes), ${outDir}/results.json (${results.length} detections), ${outDir}/expected.json`,
);
