import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CocoEvalResult,
  type CocoResult,
  confusionMatrix,
  formatPerClassTable,
  loadCocoGroundTruth,
  loadCocoResults,
  perClassTable,
  prCurves,
} from '@aligndet/coco-eval';
import {
  barChart,
  type ChartSpec,
  confusionMatrixChart,
  meanPrCurvesByIou,
  prCurveChart,
  renderChart,
} from '@aligndet/coco-eval/plot';

/** Options of {@link writeEvalReport}. */
export interface EvalReportOptions {
  /** IoU at which the per-class PR curves and the confusion matrix match boxes. Default 0.5. */
  iouThreshold?: number;
  /** Score from which detections count in the confusion matrix. Default 0.25. */
  scoreThreshold?: number;
}

/** What {@link writeEvalReport} wrote, and the text to print. */
export interface EvalReport {
  /** The per-class table (worst AP first) and a line on the confusion matrix's thresholds. */
  text: string;
  files: string[];
}

/**
 * Writes the per-class part of an evaluation into `outDir`: `per_class.txt`/`.json` (AP, AP50,
 * AP75, AR100 per class with names, worst AP first), `per-class-ap`, PR curves per class at
 * `iouThreshold` (`pr-curves`) and the mean PR curve at every IoU threshold (`pr-curves-per-iou`),
 * all curves as `pr_curves.json`, and the confusion matrix (`confusion_matrix.json`,
 * `confusion-matrix`); figures as SVG, and PNG when resvg is installed.
 *
 * @example
 * ```ts
 * const report = await writeEvalReport('runs/demo/eval', evaluation, 'data/val/annotations.json', results);
 * console.log(report.text);
 * ```
 */
export async function writeEvalReport(
  outDir: string,
  evaluation: CocoEvalResult,
  annotationFile: string,
  results: CocoResult[],
  options: EvalReportOptions = {},
): Promise<EvalReport> {
  const iouThreshold = options.iouThreshold ?? 0.5;
  const scoreThreshold = options.scoreThreshold ?? 0.25;
  const gt = loadCocoGroundTruth(annotationFile);
  const names = gt.categoryNames;
  const files: string[] = [];
  const write = (name: string, content: string | Uint8Array) => {
    writeFileSync(join(outDir, name), content);
    files.push(join(outDir, name));
  };
  const figure = async (name: string, spec: ChartSpec) => {
    const { svg, png } = await renderChart(spec);
    write(`${name}.svg`, svg);
    if (png) write(`${name}.png`, png);
  };
  const rows = perClassTable(evaluation, names);
  const table = formatPerClassTable(rows);
  write('per_class.txt', `${table}\n`);
  write('per_class.json', `${JSON.stringify(rows, null, 1)}\n`);
  const cm = confusionMatrix(gt, loadCocoResults(results, gt), { iouThreshold, scoreThreshold });
  write('confusion_matrix.json', `${JSON.stringify(cm)}\n`);
  const curves = evaluation.params.iouThrs.flatMap((t) => prCurves(evaluation, { iouThreshold: t, names }));
  write('pr_curves.json', `${JSON.stringify(curves)}\n`);
  const withGt = rows.filter((r) => r.ap >= 0);
  if (withGt.length) {
    await figure(
      'per-class-ap',
      barChart({
        title: 'AP@[.50:.95] per class (worst first)',
        valueLabel: 'AP (%)',
        horizontal: true,
        domain: [0, 100],
        bars: withGt.map((r) => ({ label: r.name, value: 100 * r.ap })),
      }),
    );
    const atIou = curves
      .filter((c) => c.iouThreshold === iouThreshold)
      .map((c) => ({ ...c, name: c.categoryName ?? String(c.categoryId) }));
    if (atIou.length)
      await figure('pr-curves', prCurveChart(atIou, `PR curves per class at IoU ${iouThreshold.toFixed(2)}`));
    const byIou = meanPrCurvesByIou(evaluation);
    if (byIou.length)
      await figure('pr-curves-per-iou', prCurveChart(byIou, 'mean PR curve per IoU threshold'));
  }
  await figure('confusion-matrix', confusionMatrixChart(cm));
  return {
    text: `per-class results (area all, maxDets 100), worst AP first:\n${table}\nconfusion matrix at IoU ≥ ${iouThreshold}, score ≥ ${scoreThreshold}: ${join(outDir, 'confusion_matrix.json')}`,
    files,
  };
}
