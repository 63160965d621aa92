import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImageBytesJs, decodeImageFile } from '../../src/data/image/decode-image';
import { encodePng } from '../../src/data/image/encode-png';

const gradient = (w: number, h: number) => {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    data[3 * i] = i % 256;
    data[3 * i + 1] = (7 * i) % 256;
    data[3 * i + 2] = 255 - (i % 256);
  }
  return { width: w, height: h, data };
};

describe('image decoding', () => {
  it('PNG round-trips exactly through the pure-JS codec', () => {
    const img = gradient(13, 7);
    const back = decodeImageBytesJs(encodePng(img));
    expect([back.width, back.height]).toEqual([13, 7]);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('decodes JPEG (lossy: within a few levels)', () => {
    const img = gradient(16, 16);
    const rgba = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < 256; i++) {
      rgba.set(img.data.subarray(3 * i, 3 * i + 3), 4 * i);
      rgba[4 * i + 3] = 255;
    }
    const enc = jpeg.encode({ data: rgba, width: 16, height: 16 }, 100);
    const back = decodeImageBytesJs(new Uint8Array(enc.data));
    expect([back.width, back.height]).toEqual([16, 16]);
    let maxDiff = 0;
    for (let i = 0; i < back.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(back.data[i]! - img.data[i]!));
    expect(maxDiff).toBeLessThan(40);
  });

  it('sharp (when installed) and the JS fallback decode a PNG to the same pixels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'img-'));
    const path = join(dir, 'x.png');
    writeFileSync(path, encodePng(gradient(9, 5)));
    const js = await decodeImageFile(path, 'js');
    const auto = await decodeImageFile(path, 'auto');
    expect(Buffer.from(auto.data).equals(Buffer.from(js.data))).toBe(true);
  });

  it('throws when the bytes are truncated, naming the source', () => {
    const bytes = encodePng(gradient(8, 8)).subarray(0, 40);
    expect(() => decodeImageBytesJs(bytes, 'cut.png')).toThrow(/cut.png: image: corrupt image/);
  });
});
