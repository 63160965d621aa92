/** The object classes of the built-in synthetic dataset, in contiguous-index order. */
export const SYNTHETIC_CLASSES = ['ellipse', 'rectangle', 'triangle', 'ring', 'cross'] as const;

export type SyntheticClass = (typeof SYNTHETIC_CLASSES)[number];

/** One object to draw: class, centre, full width/height in pixels and a class-specific variant. */
export interface ShapeSpec {
  cls: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** Triangle orientation 0..3 (up, right, down, left); ring thickness; cross arm width. */
  variant: number;
}

/**
 * Whether normalised point (u, v) ∈ [-1, 1]² (relative to the shape's box) is inside the shape.
 * Each class has a distinct silhouette at every aspect ratio, so telling them apart needs shape,
 * not colour or size.
 */
export function insideShape(spec: ShapeSpec, u: number, v: number): boolean {
  switch (SYNTHETIC_CLASSES[spec.cls]) {
    case 'ellipse':
      return u * u + v * v <= 1;
    case 'rectangle':
      return Math.abs(u) <= 1 && Math.abs(v) <= 1;
    case 'triangle': {
      // apex at one side, base at the opposite side
      const o = spec.variant & 3;
      const [a, b] = o === 0 ? [v, u] : o === 1 ? [-u, v] : o === 2 ? [-v, u] : [u, v];
      return a >= -1 && a <= 1 && Math.abs(b) <= (a + 1) / 2;
    }
    case 'ring': {
      const r2 = u * u + v * v;
      const inner = 1 - spec.variant;
      return r2 <= 1 && r2 >= inner * inner;
    }
    case 'cross': {
      const a = spec.variant;
      return (Math.abs(u) <= a && Math.abs(v) <= 1) || (Math.abs(v) <= a && Math.abs(u) <= 1);
    }
    default:
      return false;
  }
}
