import { PNG } from 'pngjs';
import type { RawImage } from './raw-image';

/** Encodes an RGB image as PNG bytes (pure JS). */
export function encodePng(image: RawImage): Uint8Array {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}
