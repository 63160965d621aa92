import { configDiff } from '../config/config-diff';
import { ConfigError, readConfigFile, resolveConfig } from '../config/load-config';
import type { TrainConfig } from '../config/schema';
import { readRunConfig } from '../run/run-folder';
import { type TrainOptions, type TrainResult, trainDetector } from '../run/train-detector';

/** Options of {@link trainRun}. */
export interface TrainRunOptions extends Omit<TrainOptions, 'resume'> {
  /** A JSON config file (fields: model, data, solver, run). */
  configFile?: string;
  /** `key=value` overrides. */
  overrides?: string[];
  /** Continue the run folder's training from its own `config.json`. */
  resume?: boolean;
}

/**
 * The config `aligndet train` runs: the config file (or the defaults) plus the overrides; with
 * `resume`, the run folder's own `config.json` with only the explicitly given file fields and
 * overrides applied on top, so a resumed run is the run that was started.
 *
 * @example
 * ```ts
 * resolveTrainConfig({ resume: true, overrides: ['run.outDir=runs/photos', 'solver.maxIter=3000'] });
 * ```
 */
export function resolveTrainConfig(
  options: Pick<TrainRunOptions, 'configFile' | 'overrides' | 'resume'>,
): TrainConfig {
  const file = options.configFile ? readConfigFile(options.configFile) : {};
  const overrides = options.overrides ?? [];
  const where = (e: unknown) =>
    e instanceof ConfigError && options.configFile
      ? new ConfigError(`${options.configFile}: ${e.message}`)
      : e;
  let fresh: TrainConfig;
  try {
    fresh = resolveConfig(file, overrides);
  } catch (error) {
    throw where(error);
  }
  if (!options.resume) return fresh;
  const run = readRunConfig(fresh.run.outDir);
  if (!run) return fresh;
  // the run's config, then what was given explicitly: the file's fields and the overrides
  const explicit = configDiff(resolveConfig({}), resolveConfig(file));
  const base = structuredClone(run) as unknown as Record<string, unknown>;
  for (const key of Object.keys(explicit)) {
    const path = key.split('.');
    let node = base;
    for (const k of path.slice(0, -1)) {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = explicit[key]![1];
  }
  try {
    return resolveConfig(base, overrides);
  } catch (error) {
    throw where(error);
  }
}

/**
 * `aligndet train`: resolves the config (see {@link resolveTrainConfig}) and trains.
 *
 * @example
 * ```ts
 * const r = await trainRun({ overrides: ['solver.maxIter=300'] });
 * ```
 */
export async function trainRun(
  options: TrainRunOptions = {},
): Promise<TrainResult & { config: TrainConfig }> {
  const config = resolveTrainConfig(options);
  const { configFile: _f, overrides: _o, ...rest } = options;
  return { ...(await trainDetector(config, rest)), config };
}
