import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * Throws an {@link InvalidArgumentError} naming the first box (index and values) that is not a
 * finite xyxy box with x2 ≥ x1 and y2 ≥ y1 (or x2 > x1, y2 > y1 with `strict`).
 *
 * @example
 * ```ts
 * assertValidBoxes('FcosHead.loss', 'gtBoxes', boxes); // "…: gtBoxes: box 3 [10,5,4,9] has x2 < x1"
 * ```
 */
export function assertValidBoxes(
  op: string,
  field: string,
  boxes: ArrayLike<number>,
  options: { strict?: boolean } = {},
): void {
  if (boxes.length % 4 !== 0)
    throw new InvalidArgumentError({
      op,
      field,
      value: boxes.length,
      expected: 'a multiple of 4 numbers ([N, 4] xyxy)',
    });
  for (let i = 0; i < boxes.length; i += 4) {
    const b = [boxes[i]!, boxes[i + 1]!, boxes[i + 2]!, boxes[i + 3]!];
    const bad = !b.every(Number.isFinite)
      ? 'has a non-finite coordinate'
      : options.strict
        ? b[2]! <= b[0]!
          ? 'has x2 <= x1'
          : b[3]! <= b[1]!
            ? 'has y2 <= y1'
            : null
        : b[2]! < b[0]!
          ? 'has x2 < x1'
          : b[3]! < b[1]!
            ? 'has y2 < y1'
            : null;
    if (bad)
      throw new InvalidArgumentError({
        op,
        field,
        value: b,
        message: `box ${i / 4} [${b.join(',')}] ${bad}`,
      });
  }
}
