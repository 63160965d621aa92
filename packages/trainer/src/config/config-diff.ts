/**
 * The fields where two configs differ, as dotted paths with both values, in the order of `a`'s
 * fields (then fields only `b` has).
 *
 * @example
 * ```ts
 * configDiff({ solver: { maxIter: 10 } }, { solver: { maxIter: 20 } }); // { 'solver.maxIter': [10, 20] }
 * ```
 */
export function configDiff(a: unknown, b: unknown, prefix = ''): Record<string, [unknown, unknown]> {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(a) || !isObj(b))
    return JSON.stringify(a) === JSON.stringify(b) ? {} : { [prefix || '(root)']: [a, b] };
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    Object.assign(out, configDiff(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  return out;
}
