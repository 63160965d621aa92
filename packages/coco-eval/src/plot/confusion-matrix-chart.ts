import type { ConfusionMatrix } from '../confusion-matrix';
import { CHART_CONFIG, type ChartSpec } from './render-chart';

/**
 * Confusion-matrix heatmap spec: true class down, predicted class across, each cell coloured by
 * the share of its true class's row and labelled with its count; the thresholds are in the title.
 *
 * @example
 * ```ts
 * await renderChart(confusionMatrixChart(confusionMatrix(gt, dt)));
 * ```
 */
export function confusionMatrixChart(cm: ConfusionMatrix): ChartSpec {
  const values = cm.counts.flatMap((row, t) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((count, p) => ({
      truth: cm.labels[t],
      predicted: cm.labels[p],
      count,
      share: total ? count / total : 0,
    }));
  });
  const n = cm.labels.length;
  const cell = Math.max(14, Math.min(40, Math.floor(560 / n)));
  const axis = {
    field: '',
    type: 'nominal' as const,
    sort: cm.labels,
    axis: { labelLimit: 200, grid: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `confusion matrix (IoU ≥ ${cm.iouThreshold}, score ≥ ${cm.scoreThreshold})`,
    config: CHART_CONFIG,
    width: cell * n,
    height: cell * n,
    data: { values },
    encoding: {
      x: {
        ...axis,
        field: 'predicted',
        title: 'predicted',
        axis: { labelLimit: 200, labelAngle: -40, grid: false },
      },
      y: { ...axis, field: 'truth', title: 'true' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            title: 'share of row',
            scale: { scheme: 'blues', domain: [0, 1] },
          },
        },
      },
      ...(cell >= 20
        ? [
            {
              mark: { type: 'text', fontSize: Math.min(11, cell / 2.5) },
              encoding: {
                text: { field: 'count', type: 'quantitative' },
                color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  } as ChartSpec;
}
