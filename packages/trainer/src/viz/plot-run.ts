import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChartSpec,
  lineChart,
  type Panel,
  panelChart,
  renderChart,
  type Series,
} from '@aligndet/coco-eval/plot';
import { DataError } from '../data/data-error';
import { assertRunFolder, RUN_FILES } from '../run/run-folder';

/** Reads a run's `metrics.jsonl` (one object per line). */
export function readMetrics(runDir: string): Array<Record<string, number>> {
  assertRunFolder(runDir);
  const path = join(runDir, RUN_FILES.metrics);
  if (!existsSync(path))
    throw new DataError({
      file: path,
      field: 'metrics',
      message: `no metrics file (is ${runDir} a run folder?)`,
    });
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, number>;
      } catch {
        throw new DataError({ file: path, record: `line ${i + 1}`, field: 'json', message: 'not JSON' });
      }
    });
}

/**
 * The rows where the validation numbers change: the metrics writer repeats the last `eval/*`
 * values on every row until the next evaluation, which would draw a staircase.
 */
function freshEvalRows(rows: Array<Record<string, number>>): Array<Record<string, number>> {
  let last = '';
  return rows.filter((r) => {
    if (typeof r['eval/AP'] !== 'number') return false;
    const key = ['AP', 'AP50', 'AP75'].map((k) => r[`eval/${k}`]).join();
    const fresh = key !== last;
    last = key;
    return fresh;
  });
}

const column = (rows: Array<Record<string, number>>, key: string, scale = 1): Array<[number, number]> =>
  rows.filter((r) => typeof r[key] === 'number').map((r) => [r.iter!, scale * r[key]!]);

/**
 * Writes the run's figures into its folder, as SVG and (when `@resvg/resvg-js` is installed) PNG:
 * `results` (one panel per loss term, learning rate and each validation AP: the one-picture
 * summary), `loss` (all terms, log scale), `lr`, and `ap` (AP, AP50, AP75 over iterations, when
 * the run evaluated). Returns the written paths.
 *
 * @example
 * ```ts
 * await plotRun('runs/aligndet'); // ['runs/aligndet/results.svg', 'runs/aligndet/results.png', ...]
 * ```
 */
export async function plotRun(runDir: string): Promise<string[]> {
  const rows = readMetrics(runDir);
  const evalRows = freshEvalRows(rows);
  const written: string[] = [];
  const save = async (name: string, spec: ChartSpec) => {
    const { svg, png } = await renderChart(spec);
    writeFileSync(join(runDir, `${name}.svg`), svg);
    written.push(join(runDir, `${name}.svg`));
    if (png) {
      writeFileSync(join(runDir, `${name}.png`), png);
      written.push(join(runDir, `${name}.png`));
    }
  };
  const lossKeys = [
    'loss',
    ...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('loss_')))),
  ];
  const evalKeys = ['AP', 'AP50', 'AP75'].filter((k) => rows.some((r) => typeof r[`eval/${k}`] === 'number'));
  const panels: Panel[] = [
    ...lossKeys.map((k) => ({ title: k === 'loss' ? 'total loss' : k, points: column(rows, k), logY: true })),
    { title: 'learning rate', points: column(rows, 'lr'), smooth: false },
    ...evalKeys.map((k) => ({ title: `val ${k} (%)`, points: column(evalRows, `eval/${k}`, 100) })),
  ];
  await save('results', panelChart(`training summary: ${runDir}`, 'iteration', panels));
  const lossSeries: Series[] = lossKeys.map((k) => ({
    name: k === 'loss' ? 'total' : k.replace(/^loss_/, ''),
    points: column(rows, k),
  }));
  await save(
    'loss',
    lineChart({
      title: 'training loss',
      xLabel: 'iteration',
      yLabel: 'loss',
      series: lossSeries,
      logY: true,
    }),
  );
  await save(
    'lr',
    lineChart({
      title: 'learning rate',
      xLabel: 'iteration',
      yLabel: 'learning rate',
      series: [{ name: 'lr', points: column(rows, 'lr') }],
    }),
  );
  if (evalKeys.length)
    await save(
      'ap',
      lineChart({
        title: 'validation AP (COCO)',
        xLabel: 'iteration',
        yLabel: 'AP (%)',
        series: evalKeys.map((k) => ({ name: k, points: column(evalRows, `eval/${k}`, 100) })),
      }),
    );
  return written;
}
