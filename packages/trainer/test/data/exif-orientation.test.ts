import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../src/data/image/decode-image';
import { codedImage, jpegOf } from '../helpers/images';

const hasSharp = await import('sharp').then(
  () => true,
  () => false,
);

/**
 * EXIF orientation 1–8: the pure-JS path must give the upright image libvips gives (sharp's
 * `.rotate()` is the reference); JPEG is lossy, and both decode the same bytes, so a few levels.
 */
// registered only when the reference exists: vitest counts a skipped placeholder as skipped even
// beside passing tests, so the placeholder below exists only when these tests do not
if (hasSharp)
  describe('EXIF orientation (reference: sharp/libvips auto-orient)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exif-'));
    it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i', async (o) => {
      const file = join(dir, `o${o}.jpg`);
      writeFileSync(file, jpegOf(codedImage(24, 16), o));
      const js = await decodeImageFile(file, 'js');
      const ref = await decodeImageFile(file, 'sharp');
      expect([js.width, js.height]).toEqual(o >= 5 ? [16, 24] : [24, 16]);
      expect([js.width, js.height]).toEqual([ref.width, ref.height]);
      let worst = 0;
      for (let i = 0; i < js.data.length; i++) worst = Math.max(worst, Math.abs(js.data[i]! - ref.data[i]!));
      expect(worst).toBeLessThan(12);
    });
  });
else it.skip('EXIF orientation: excluded (needs sharp, the optional dependency, as the reference)', () => {});
