import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type TrainConfig, TrainConfigSchema } from './schema';

/** A config error: names the field (dotted path), the value and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type AnySchema = z.core.$ZodType;

/** The schema under wrappers (`default`, `prefault`, `optional`, `nullable`). */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: AnySchema };
    if (!def.innerType || !['default', 'prefault', 'optional', 'nullable'].includes(def.type)) return s;
    s = def.innerType;
  }
}

/** The schema of the field at `path` (e.g. `['solver', 'maxIter']`), or undefined when there is none. */
function schemaAt(path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = TrainConfigSchema;
  for (const key of path) {
    const shape: Record<string, AnySchema> | undefined = (unwrap(s) as { shape?: Record<string, AnySchema> })
      .shape;
    s = shape?.[String(key)];
    if (!s) return undefined;
  }
  return unwrap(s);
}

/** Known field names of the object at `path`. */
function keysAt(path: readonly PropertyKey[]): string[] {
  const s = schemaAt(path);
  return Object.keys((s as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
}

/** Edit distance with transpositions (optimal string alignment), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++)
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[x.length]![y.length]!;
}

/** The known key closest to `key`, when it is close enough to be a typo. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Parses a `key=value` override value by the field's type: strings (paths, names) stay as
 * written, numbers and booleans must parse, arrays take JSON (`[1000,1300]`) or a comma list
 * (`1000,1300`); fields of another kind take JSON when it parses, else the string.
 */
function parseValue(path: string[], raw: string): unknown {
  const s = schemaAt(path);
  const type = (s?._zod.def as { type?: string } | undefined)?.type;
  if (type === 'string' || type === 'enum') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    if (type === 'array' && raw.includes(','))
      return raw
        .split(',')
        .map((v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v.trim()));
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
    if (path.some((k) => k === ''))
      throw new ConfigError(
        `override ${JSON.stringify(o)}: empty field name in ${JSON.stringify(o.slice(0, eq))}`,
      );
    let node = out as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = parseValue(path, o.slice(eq + 1));
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[k];
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.join('.') || '(root)';
  const i = issue as z.core.$ZodIssue & { values?: unknown[]; keys?: string[] };
  if (i.code === 'unrecognized_keys' && i.keys) {
    const known = keysAt(issue.path);
    return i.keys
      .map((k) => {
        const name = [...issue.path, k].join('.');
        const hint = suggestKey(k, known);
        return hint
          ? `${name}: unknown field; did you mean ${[...issue.path, hint].join('.')}?`
          : `${name}: unknown field (${field === '(root)' ? 'fields' : `fields of ${field}`}: ${known.join(', ')})`;
      })
      .join('; ');
  }
  const value = valueAt(input, issue.path);
  const got = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
  if (i.code === 'invalid_value' && i.values)
    return `${field}: must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
  return `${field}: ${issue.message.replace(/^Invalid input: /, '')}, ${got}`;
}

/** Every issue of a failed config parse on one line, each naming its field and value. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): string {
  return `invalid config: ${issues.map((i) => describeIssue(i, input)).join('; ')}`;
}

/**
 * Validates a config object (plus `key=value` overrides) and fills in the defaults. Every object
 * is strict: an unknown field at any level is an error, with the closest known name suggested.
 * Errors name every bad field with its dotted path, the value and what is allowed, on one line.
 *
 * @example
 * ```ts
 * const cfg = resolveConfig({ model: { preset: 'fcos' } }, ['solver.maxIter=300']);
 * resolveConfig({}, ['solver.maxiter=10']); // ConfigError: solver.maxiter: unknown field; did you mean solver.maxIter?
 * ```
 */
export function resolveConfig(config: unknown, overrides: string[] = []): TrainConfig {
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config)))
    throw new ConfigError(`invalid config: (root): expected an object, got ${JSON.stringify(config)}`);
  const merged = applyOverrides((config ?? {}) as Record<string, unknown>, overrides);
  const parsed = TrainConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeConfigIssues(parsed.error.issues, merged));
  // the preset names FCOS-head components: a YOLO-style config that sets it asks for something else
  const preset = (merged.model as { preset?: unknown } | undefined)?.preset;
  if (parsed.data.model.head === 'yolo-style' && preset !== undefined)
    throw new ConfigError(
      `invalid config: model.preset: applies to model.head=fcos only (for yolo-style set model.assigner and model.rfa), got ${JSON.stringify(preset)}`,
    );
  return parsed.data;
}

/** Reads a JSON config file (no `key=value` applied); errors name the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read config: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError(
      `${path}: expected a JSON object of config fields, got ${JSON.stringify(json).slice(0, 40)}`,
    );
  return json as Record<string, unknown>;
}

/** Reads a JSON config file and resolves it (see {@link resolveConfig}); errors name the file. */
export function loadConfigFile(path: string, overrides: string[] = []): TrainConfig {
  const json = readConfigFile(path);
  try {
    return resolveConfig(json, overrides);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${path}: ${error.message}`);
    throw error;
  }
}
