import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBilinear } from '../../src/data/transforms/resize';
import { resizePilBilinear } from '../../src/data/transforms/resize-pil';

/**
 * `resizePilBilinear` against PIL's `Image.resize(size, BILINEAR)` on RGB uint8 images
 * (tools/fixtures/pil_resize.py, Pillow 9.4): exact uint8 equality on every pixel, up- and
 * down-scaling, one axis and both.
 */
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/pil-resize/cases.json', import.meta.url), 'utf8'),
) as {
  pillow: string;
  cases: {
    width: number;
    height: number;
    outWidth: number;
    outHeight: number;
    pixels: string;
    resized: string;
  }[];
};
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe(`resizePilBilinear = PIL ${fixture.pillow} Image.resize(BILINEAR)`, () => {
  for (const c of fixture.cases) {
    it(`${c.width}x${c.height} -> ${c.outWidth}x${c.outHeight}: every uint8 equal`, () => {
      const image = { width: c.width, height: c.height, data: bytes(c.pixels) };
      const got = resizePilBilinear(image, c.outWidth, c.outHeight);
      const want = bytes(c.resized);
      expect(got.length).toBe(want.length);
      let differing = 0;
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differing++;
      expect(differing).toBe(0);
    });
  }

  it('the plain 4-tap bilinear differs from PIL when downscaling (so the test can tell them apart)', () => {
    const c = fixture.cases.find((k) => k.outWidth * 2 <= k.width)!;
    const image = { width: c.width, height: c.height, data: bytes(c.pixels) };
    const plain = resizeBilinear(image, c.outWidth, c.outHeight);
    const want = bytes(c.resized);
    let maxDiff = 0;
    for (let i = 0; i < want.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(Math.round(plain[i]!) - want[i]!));
    expect(maxDiff).toBeGreaterThan(10);
  });

  it('same size is the identity', () => {
    const data = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 53) % 256);
    expect(Array.from(resizePilBilinear({ width: 5, height: 4, data }, 5, 4))).toEqual(Array.from(data));
  });
});
