import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChartSvg, type Series } from './line-chart-svg';
import { svgToPng } from './svg-to-png';

/** Reads a run's `metrics.jsonl` (one object per line). */
export function readMetrics(runDir: string): Array<Record<string, number>> {
  const path = join(runDir, 'metrics.jsonl');
  if (!existsSync(path)) throw new Error(`${path}: no metrics file (is ${runDir} a run folder?)`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, number>;
      } catch {
        throw new Error(`${path}: line ${i + 1} is not JSON`);
      }
    });
}

/**
 * Writes `loss.svg` (total and each `loss_*` term, log scale) and `ap.svg` (AP, AP50, AP75 over
 * iterations, when the run evaluated) into the run folder, plus PNGs when `@resvg/resvg-js` is
 * installed. Returns the written paths.
 *
 * @example
 * ```ts
 * await plotRun('runs/aligndet'); // ['runs/aligndet/loss.svg', 'runs/aligndet/loss.png', ...]
 * ```
 */
export async function plotRun(runDir: string): Promise<string[]> {
  const rows = readMetrics(runDir);
  const written: string[] = [];
  const save = async (name: string, svg: string) => {
    writeFileSync(join(runDir, `${name}.svg`), svg);
    written.push(join(runDir, `${name}.svg`));
    const png = await svgToPng(svg);
    if (png) {
      writeFileSync(join(runDir, `${name}.png`), png);
      written.push(join(runDir, `${name}.png`));
    }
  };
  const lossKeys = [
    'loss',
    ...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.startsWith('loss_')))),
  ];
  const lossSeries: Series[] = lossKeys.map((k) => ({
    name: k === 'loss' ? 'total' : k.replace(/^loss_/, ''),
    points: rows.filter((r) => typeof r[k] === 'number').map((r) => [r.iter!, r[k]!] as [number, number]),
  }));
  await save(
    'loss',
    lineChartSvg({
      title: 'training loss',
      xLabel: 'iteration',
      yLabel: 'loss',
      series: lossSeries,
      logY: true,
    }),
  );
  const evalRows = rows.filter((r) => typeof r['eval/AP'] === 'number');
  if (evalRows.length) {
    const series: Series[] = ['AP', 'AP50', 'AP75'].map((k) => ({
      name: k,
      points: evalRows
        .filter((r) => typeof r[`eval/${k}`] === 'number')
        .map((r) => [r.iter!, 100 * r[`eval/${k}`]!] as [number, number]),
    }));
    await save(
      'ap',
      lineChartSvg({ title: 'validation AP (COCO)', xLabel: 'iteration', yLabel: 'AP (%)', series }),
    );
  }
  return written;
}
