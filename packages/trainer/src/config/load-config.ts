import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type TrainConfig, TrainConfigSchema } from './schema';

/** A config error: names the field (dotted path) and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses a `key=value` override value: JSON when it parses (numbers, arrays, booleans), else a string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Applies `a.b.c=value` overrides to a plain object (creating intermediate objects). */
export function applyOverrides(
  config: Record<string, unknown>,
  overrides: string[],
): Record<string, unknown> {
  const out = structuredClone(config);
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0)
      throw new ConfigError(`override ${JSON.stringify(o)}: expected key=value (e.g. solver.maxIter=500)`);
    const path = o.slice(0, eq).split('.');
    let node = out as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = parseValue(o.slice(eq + 1));
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.') || '(root)';
  const i = issue as z.core.$ZodIssue & { values?: unknown[]; keys?: string[] };
  if (i.code === 'invalid_value' && i.values)
    return `${field}: must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (i.code === 'unrecognized_keys' && i.keys) return `${field}: unknown field(s) ${i.keys.join(', ')}`;
  return `${field}: ${issue.message}`;
}

/**
 * Validates a config object (plus `key=value` overrides) and fills in the defaults. Errors name
 * every bad field with its dotted path and the allowed values.
 *
 * @example
 * ```ts
 * const cfg = resolveConfig({ model: { preset: 'fcos' } }, ['solver.maxIter=300']);
 * ```
 */
export function resolveConfig(config: unknown, overrides: string[] = []): TrainConfig {
  const merged = applyOverrides((config ?? {}) as Record<string, unknown>, overrides);
  const parsed = TrainConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new ConfigError(`invalid config:\n  ${parsed.error.issues.map(describeIssue).join('\n  ')}`);
  return parsed.data;
}

/** Reads a JSON config file and resolves it (see {@link resolveConfig}). */
export function loadConfigFile(path: string, overrides: string[] = []): TrainConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read config: ${(error as Error).message}`);
  }
  return resolveConfig(json, overrides);
}
