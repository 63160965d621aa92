// The steps of `aligndet-coco-eval --gt … --dt … --json …` (src/cli.ts with --threads 1), one by
// one with a mark after each, for bench/cli-profile.ts. Bundled by that script the way tsup
// bundles the CLI and run in a fresh `node`, so every step runs as cold as in the CLI.
import { writeFileSync } from 'node:fs';
import {
  allCategories,
  allocAccumulatedFor,
  evaluateCategories,
  finishEvaluation,
  resolveParams,
} from '../src/evaluate-coco';
import { loadCocoGroundTruth } from '../src/ground-truth';
import { loadCocoResults } from '../src/results';

export function run(gtPath: string, dtPath: string, jsonPath: string, mark: (phase: string) => void): void {
  const gt = loadCocoGroundTruth(gtPath);
  mark('ground truth parsed');
  const dt = loadCocoResults(dtPath, gt);
  mark('results parsed');
  const p = resolveParams(gt, {});
  const acc = allocAccumulatedFor(p);
  evaluateCategories(gt, dt, p, allCategories(p), acc);
  mark('evaluate + accumulate');
  const result = finishEvaluation(acc, p);
  mark('summarize');
  console.log(result.summary);
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ stats: result.stats, perCategory: result.perCategory }, null, 1)}\n`,
  );
  mark('output written');
}
