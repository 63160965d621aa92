import { readFile } from 'node:fs/promises';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataError } from '../data-error';
import { applyExifOrientation } from './orient';
import type { RawImage } from './raw-image';

type SharpPipeline = {
  rotate(): SharpPipeline;
  removeAlpha(): SharpPipeline;
  raw(): {
    toBuffer(o: {
      resolveWithObject: true;
    }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
  };
};
type SharpModule = (
  input: Uint8Array,
  options?: { limitInputPixels?: number; failOn?: string },
) => SharpPipeline;

/**
 * Images larger than this many pixels are refused before decoding (the header is read first): a
 * few-kilobyte PNG can claim 8000×8000 pixels and decode to gigabytes.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** What the header says: size, format and EXIF orientation; checked against the pixel budget. */
function readHeader(
  bytes: Uint8Array,
  source: string,
  maxPixels: number,
): { width: number; height: number; orientation?: number } {
  let header: ReturnType<typeof imageSize>;
  try {
    header = imageSize(bytes);
  } catch (error) {
    const m = (error as Error).message;
    throw new DataError({
      file: source,
      field: 'image',
      message: m.startsWith('unsupported file type')
        ? 'not a PNG or JPEG file'
        : `corrupt image header: ${m}`,
    });
  }
  if (header.type !== 'png' && header.type !== 'jpg')
    throw new DataError({
      file: source,
      field: 'image',
      message: `${header.type ?? 'unknown'} image; expected PNG or JPEG`,
    });
  const { width = 0, height = 0 } = header;
  if (!(width > 0 && height > 0))
    throw new DataError({ file: source, field: 'image', message: `header gives a ${width}x${height} image` });
  if (width * height > maxPixels)
    throw new DataError({
      file: source,
      field: 'image',
      message: `${width}x${height} (${((width * height) / 1e6).toFixed(1)} Mpx) is over the ${(maxPixels / 1e6).toFixed(0)} Mpx budget; it was not decoded (downscale it)`,
    });
  return { width, height, orientation: header.orientation };
}

let sharpLoader: Promise<SharpModule | null> | undefined;

/** `sharp` when it is installed (fast, native), else null: the pure-JS decoders are used. */
function loadSharp(): Promise<SharpModule | null> {
  sharpLoader ??= import('sharp').then(
    (m) => ((m as { default?: unknown }).default ?? m) as SharpModule,
    () => null,
  );
  return sharpLoader;
}

/** Which decoder to use: `auto` (sharp when installed, else pure JS), or force one. */
export type DecoderChoice = 'auto' | 'sharp' | 'js';

function toRgb(data: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  if (channels === 3) return data;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    out[3 * i] = data[j]!;
    out[3 * i + 1] = data[j + (channels > 2 ? 1 : 0)]!;
    out[3 * i + 2] = data[j + (channels > 2 ? 2 : 0)]!;
  }
  return out;
}

/**
 * Decodes PNG or JPEG bytes to RGB with the pure-JS decoders (pngjs, jpeg-js), upright (EXIF
 * orientation applied), refusing images over `maxPixels` before decoding.
 */
export function decodeImageBytesJs(
  bytes: Uint8Array,
  source = '<bytes>',
  maxPixels = MAX_IMAGE_PIXELS,
): RawImage {
  const header = readHeader(bytes, source, maxPixels);
  return applyExifOrientation(decodeStored(bytes, source), header.orientation);
}

function decodeStored(bytes: Uint8Array, source: string): RawImage {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: toRgb(png.data, png.width, png.height, 4) };
    }
    if (isJpeg) {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        maxMemoryUsageInMB: 2048,
        tolerantDecoding: false,
      });
      return {
        width: img.width,
        height: img.height,
        data: toRgb(img.data, img.width, img.height, img.data.length / (img.width * img.height)),
      };
    }
  } catch (error) {
    throw new DataError({
      file: source,
      field: 'image',
      message: `corrupt image: ${(error as Error).message}`,
    });
  }
  throw new DataError({ file: source, field: 'image', message: 'not a PNG or JPEG file' });
}

/**
 * Reads and decodes an image file (PNG or JPEG) to upright RGB (EXIF orientation applied). Uses
 * `sharp` when installed, otherwise pure JS, so nothing native is required. The header is checked
 * first: an image over `maxPixels` is refused before it is decoded. Errors name the file.
 *
 * @example
 * ```ts
 * const img = await decodeImageFile('data/train/images/000001.png');
 * img.width; img.data.length === img.width * img.height * 3;
 * ```
 */
export async function decodeImageFile(
  path: string,
  decoder: DecoderChoice = 'auto',
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<RawImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataError({
      file: path,
      field: 'image',
      message: `cannot read image: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    });
  }
  if (decoder !== 'js') {
    const sharp = await loadSharp();
    if (sharp) {
      readHeader(bytes, path, maxPixels);
      try {
        const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated' })
          .rotate()
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        return {
          width: info.width,
          height: info.height,
          data: toRgb(
            new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
            info.width,
            info.height,
            info.channels,
          ),
        };
      } catch (error) {
        throw new DataError({
          file: path,
          field: 'image',
          message: `corrupt image: ${(error as Error).message}`,
        });
      }
    }
    if (decoder === 'sharp')
      throw new DataError({
        file: path,
        field: 'decoder',
        message: 'sharp is not installed (npm install sharp)',
      });
  }
  return decodeImageBytesJs(bytes, path, maxPixels);
}
