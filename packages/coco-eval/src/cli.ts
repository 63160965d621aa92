#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CocoEvalError } from './errors';
import { loadCocoGroundTruth } from './ground-truth';
import { evaluateCocoParallel } from './node/evaluate-parallel';
import { prCurves } from './pr-curves';

const USAGE = `usage: aligndet-coco-eval --gt gt.json --dt dt.json [--json out.json] [--pr-curves pr.json] [--threads N]

COCO bbox evaluation with pycocotools' exact numbers. Prints the 12-line summary.
  --gt         COCO instances JSON (ground truth)
  --dt         results JSON: [{image_id, category_id, bbox: [x, y, w, h], score}, ...]
  --json       also write {"stats": [...12], "perCategory": {"<catId>": {"ap", "ap50", "ap75", "ar100"}}}
  --pr-curves  also write per-category precision-recall curves (IoU 0.5, area all)
  --threads    threads evaluating categories (default 1; more pay off only on free cores and
               100k+ detections; the numbers are the same for any count)`;

async function main(argv: string[]): Promise<number> {
  let values: {
    gt?: string;
    dt?: string;
    json?: string;
    'pr-curves'?: string;
    threads?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        gt: { type: 'string' },
        dt: { type: 'string' },
        json: { type: 'string' },
        'pr-curves': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`aligndet-coco-eval: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.gt || !values.dt) {
    console.error(`aligndet-coco-eval: --gt and --dt are required\n${USAGE}`);
    return 2;
  }
  const threads = values.threads === undefined ? 1 : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    console.error(`aligndet-coco-eval: --threads ${values.threads}: expected a positive integer`);
    return 2;
  }
  try {
    const gt = loadCocoGroundTruth(values.gt);
    const result = await evaluateCocoParallel(gt, values.dt, {}, { threads, minDetections: 0 });
    console.log(result.summary);
    if (values.json)
      writeFileSync(
        values.json,
        `${JSON.stringify({ stats: result.stats, perCategory: result.perCategory }, null, 1)}\n`,
      );
    if (values['pr-curves'])
      writeFileSync(
        values['pr-curves'],
        `${JSON.stringify(prCurves(result, { names: gt.categoryNames }))}\n`,
      );
    return 0;
  } catch (error) {
    if (error instanceof CocoEvalError) {
      console.error(`aligndet-coco-eval: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
