import jpeg from 'jpeg-js';
import { encodePng } from '../../src/data/image/encode-png';
import type { RawImage } from '../../src/data/image/raw-image';

/** An image whose every pixel differs (position-coded), so any transposition shows. */
export function codedImage(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = 3 * (y * width + x);
      data[o] = (x * 255) / Math.max(1, width - 1);
      data[o + 1] = (y * 255) / Math.max(1, height - 1);
      data[o + 2] = 128;
    }
  return { width, height, data };
}

export const pngOf = (img: RawImage) => encodePng(img);

/** A baseline JPEG, with an EXIF APP1 segment carrying `orientation` when given. */
export function jpegOf(img: RawImage, orientation?: number): Uint8Array {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    rgba.set(img.data.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = 255;
  }
  const bytes = new Uint8Array(jpeg.encode({ data: rgba, width: img.width, height: img.height }, 95).data);
  if (!orientation) return bytes;
  // EXIF (TIFF big-endian): one IFD0 entry, tag 0x0112 Orientation, SHORT, count 1
  const tiff = [
    0x4d,
    0x4d,
    0,
    42,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = payload.length + 2;
  const app1 = [0xff, 0xe1, len >> 8, len & 255, ...payload];
  return Uint8Array.from([...bytes.subarray(0, 2), ...app1, ...bytes.subarray(2)]);
}

/** A valid PNG whose IHDR claims `width`×`height` (the header is all a size check may read). */
export function pngClaiming(width: number, height: number): Uint8Array {
  const png = pngOf(codedImage(2, 2));
  const out = Uint8Array.from(png);
  const dv = new DataView(out.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  return out;
}
