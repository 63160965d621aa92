import { InvalidArgumentError } from './invalid-argument-error';

/**
 * Checks that `shape` matches `expected`, where `null` in `expected` matches any size.
 * Throws an {@link InvalidArgumentError} naming the op, the field and both shapes.
 *
 * @example
 * ```ts
 * assertShape('deformConv2d', 'x', x.shape, [null, null, null, null]); // any rank-4 tensor
 * ```
 */
export function assertShape(
  op: string,
  field: string,
  shape: readonly number[],
  expected: readonly (number | null)[],
): void {
  const ok = shape.length === expected.length && expected.every((e, i) => e === null || e === shape[i]);
  if (!ok) {
    const exp = `[${expected.map((e) => (e === null ? '*' : String(e))).join(',')}]`;
    throw new InvalidArgumentError({ op, field, expected: `shape ${exp}`, value: [...shape] });
  }
}
