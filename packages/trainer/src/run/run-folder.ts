import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CocoEvalResult } from '@aligndet/coco-eval';
import { ConfigError, describeConfigIssues } from '../config/load-config';
import { type TrainConfig, TrainConfigSchema } from '../config/schema';
import { DataError } from '../data/data-error';
import { commitFile } from '../util/commit-file';

/**
 * The files of a run folder (`run.outDir`), in one place with their readers and writers:
 *
 * | file | what |
 * |---|---|
 * | `config.json` | the resolved config (rewritten on resume with the changes applied) |
 * | `categories.json` | {@link RunCategories}: class index → COCO id and name |
 * | `metrics.jsonl` | one JSON object per logged iteration (see `JsonlWriter`) |
 * | `model_<iter>.json` + weights, `model_best.json` + weights, `last_checkpoint` | see `Checkpointer` |
 * | `resumes.jsonl` | one line per resume: the iteration and the config fields it changed |
 * | `val_results.json`, `val_eval.json` | COCO results and stats of the final weights |
 * | `detections/` | validation images with detections drawn |
 */
export const RUN_FILES = {
  config: 'config.json',
  categories: 'categories.json',
  metrics: 'metrics.jsonl',
  resumes: 'resumes.jsonl',
  valResults: 'val_results.json',
  valEval: 'val_eval.json',
  detections: 'detections',
} as const;

/** The classes a run was trained on, in the detector's contiguous order. */
export interface RunCategories {
  /** COCO category id of each class index. */
  ids: number[];
  names: string[];
}

/** Throws a {@link DataError} unless `dir` is a folder (or absent, when `mayBeAbsent`). */
export function assertRunFolder(dir: string, mayBeAbsent = false): void {
  if (!existsSync(dir)) {
    if (mayBeAbsent) return;
    throw new DataError({ file: dir, field: 'run folder', message: 'does not exist' });
  }
  if (!statSync(dir).isDirectory())
    throw new DataError({ file: dir, field: 'run folder', message: 'is a file, not a folder' });
}

function readJson(file: string, field: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError({
      file,
      field,
      message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError({ file, field, message: `not valid JSON: ${(error as Error).message}` });
  }
}

/** The run's `config.json`, validated; null when the folder has none. */
export function readRunConfig(runDir: string): TrainConfig | null {
  const file = join(runDir, RUN_FILES.config);
  if (!existsSync(file)) return null;
  return parseRunConfig(readJson(file, 'config'), file);
}

/** Validates a config stored in a run folder or checkpoint (`file` names it in errors). */
export function parseRunConfig(json: unknown, file: string): TrainConfig {
  const parsed = TrainConfigSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${file}: ${describeConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function writeRunConfig(runDir: string, config: TrainConfig): void {
  commitFile(join(runDir, RUN_FILES.config), `${JSON.stringify(config, null, 1)}\n`);
}

/** The run's `categories.json`, checked (ids integers and unique, one name per id). */
export function readRunCategories(runDir: string): RunCategories {
  const file = join(runDir, RUN_FILES.categories);
  if (!existsSync(file))
    throw new DataError({
      file,
      field: 'categories',
      message: 'missing; `aligndet train` writes it to name the classes',
    });
  const c = readJson(file, 'categories') as Partial<RunCategories> | null;
  const ids = c?.ids;
  const names = c?.names;
  if (!Array.isArray(ids) || !ids.every((i) => Number.isInteger(i)) || new Set(ids).size !== ids.length)
    throw new DataError({
      file,
      field: 'ids',
      message: `expected unique integer category ids, got ${JSON.stringify(ids)?.slice(0, 80)}`,
    });
  if (!Array.isArray(names) || names.length !== ids.length)
    throw new DataError({
      file,
      field: 'names',
      message: `expected ${ids.length} names, got ${JSON.stringify(names)?.slice(0, 80)}`,
    });
  return { ids, names: names.map(String) };
}

export function writeRunCategories(runDir: string, categories: RunCategories): void {
  commitFile(join(runDir, RUN_FILES.categories), `${JSON.stringify(categories)}\n`);
}

/**
 * Cuts `metrics.jsonl` back to the rows of iterations up to `lastIter` (what the checkpoint being
 * resumed had written), dropping a line torn by a crash; returns the number of lines removed.
 */
export function truncateMetrics(runDir: string, lastIter: number): number {
  const file = join(runDir, RUN_FILES.metrics);
  // only a regular file is cut back (a device or pipe the user pointed it at is left alone)
  if (!existsSync(file) || !statSync(file).isFile()) return 0;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const kept = lines.filter((l) => {
    try {
      const iter = (JSON.parse(l) as { iter?: unknown }).iter;
      return typeof iter === 'number' && iter <= lastIter;
    } catch {
      return false;
    }
  });
  if (kept.length !== lines.length) commitFile(file, kept.map((l) => `${l}\n`).join(''));
  return lines.length - kept.length;
}

/** Appends one line to `resumes.jsonl`: when, from which iteration, and the config fields changed. */
export function recordResume(
  runDir: string,
  fromIter: number,
  changed: Record<string, [unknown, unknown]>,
): void {
  const line = JSON.stringify({ time: new Date().toISOString(), fromIter, changed });
  const file = join(runDir, RUN_FILES.resumes);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  commitFile(file, `${before}${line}\n`);
}

/** Writes the final report's COCO results and stats. */
export function writeValReport(
  runDir: string,
  evaluation: CocoEvalResult,
  results: unknown[],
  iter: number,
): void {
  commitFile(join(runDir, RUN_FILES.valResults), JSON.stringify(results));
  commitFile(
    join(runDir, RUN_FILES.valEval),
    `${JSON.stringify({ iter, stats: evaluation.stats, perCategory: evaluation.perCategory }, null, 1)}\n`,
  );
}
