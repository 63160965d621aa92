/**
 * Mirrors a float RGB image `[height, width, 3]` left–right in place, and its xyxy boxes
 * (x1' = W − x2, x2' = W − x1, continuous pixel coordinates).
 */
export function horizontalFlip(
  pixels: Float32Array,
  width: number,
  height: number,
  boxes: Float32Array,
): void {
  for (let y = 0; y < height; y++) {
    const row = 3 * y * width;
    for (let x = 0; x < width >> 1; x++) {
      const a = row + 3 * x;
      const b = row + 3 * (width - 1 - x);
      for (let k = 0; k < 3; k++) {
        const t = pixels[a + k]!;
        pixels[a + k] = pixels[b + k]!;
        pixels[b + k] = t;
      }
    }
  }
  for (let i = 0; i < boxes.length; i += 4) {
    const x1 = boxes[i]!;
    boxes[i] = width - boxes[i + 2]!;
    boxes[i + 2] = width - x1;
  }
}
