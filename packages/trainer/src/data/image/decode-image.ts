import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataError } from '../data-error';
import type { RawImage } from './raw-image';

type SharpModule = (input: Uint8Array) => {
  removeAlpha(): {
    raw(): {
      toBuffer(o: {
        resolveWithObject: true;
      }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
    };
  };
};

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

/** Decodes PNG or JPEG bytes to RGB with the pure-JS decoders (pngjs, jpeg-js). */
export function decodeImageBytesJs(bytes: Uint8Array, source = '<bytes>'): RawImage {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: toRgb(png.data, png.width, png.height, 4) };
    }
    if (isJpeg) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 2048 });
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
 * Reads and decodes an image file (PNG or JPEG) to RGB. Uses `sharp` when installed, otherwise
 * pure JS, so nothing native is required. Errors name the file.
 *
 * @example
 * ```ts
 * const img = await decodeImageFile('data/train/images/000001.png');
 * img.width; img.data.length === img.width * img.height * 3;
 * ```
 */
export async function decodeImageFile(path: string, decoder: DecoderChoice = 'auto'): Promise<RawImage> {
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
      try {
        const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
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
  return decodeImageBytesJs(bytes, path);
}
