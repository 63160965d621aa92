import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Element types aligndet reads and writes (safetensors' names). */
export type SafetensorsDtype = 'F32' | 'F64' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** A tensor as stored: float types load as Float32Array, integer types as Int32Array, U8/BOOL as Uint8Array. */
export interface StoredTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

/** A parsed safetensors file. */
export interface SafetensorsContents {
  tensors: Record<string, StoredTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SafetensorsDtype, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

const fail = (field: string, value: unknown, message: string) =>
  new InvalidArgumentError({ op: 'parseSafetensors', field, value, message });

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function decode(name: string, dtype: SafetensorsDtype, view: DataView, count: number): StoredTensor['data'] {
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const tmp = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        tmp.setUint32(0, view.getUint16(2 * i, true) << 16, true);
        out[i] = tmp.getFloat32(0, true);
      }
      return out;
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n)
          throw fail(`${name}.data`, String(v), 'I64 value does not fit in int32');
        out[i] = Number(v);
      }
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 'I16': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true);
      return out;
    }
    case 'I8': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      return out;
    }
    case 'U8':
    case 'BOOL':
      return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + count));
  }
}

/**
 * Parses a safetensors file (8-byte little-endian header length N, N bytes of JSON header, raw
 * little-endian data). Float tensors (F64, F32, F16, BF16) come back as Float32Array, integer
 * tensors as Int32Array (I64 checked to fit), U8/BOOL as Uint8Array. Malformed input throws an
 * {@link InvalidArgumentError} naming the tensor and field.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = parseSafetensors(readFileSync('resnet18.safetensors'));
 * tensors['conv1.weight'].shape; // [64, 3, 7, 7]
 * ```
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.byteLength < 8) throw fail('header length', bytes.byteLength, 'file shorter than 8 bytes');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  if (n > bytes.byteLength - 8)
    throw fail(
      'header length',
      n,
      `header of ${n} bytes runs past the end of the ${bytes.byteLength}-byte file`,
    );
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    throw fail('header', n, `header is not JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw fail('header', typeof header, 'header must be a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  const tensors: Record<string, StoredTensor> = {};
  const metadata: Record<string, string> = {};
  const ranges: Array<[number, number, string]> = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>)) metadata[k] = String(v);
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e.dtype !== 'string' || !(e.dtype in BYTES))
      throw fail(`${name}.dtype`, e.dtype, `unsupported dtype ${JSON.stringify(e.dtype)}`);
    const dtype = e.dtype as SafetensorsDtype;
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0))
      throw fail(`${name}.shape`, e.shape, 'shape must be a list of non-negative integers');
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isInteger(o) && o >= 0)
    ) {
      throw fail(`${name}.data_offsets`, offsets, 'expected [begin, end]');
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin || end > dataLength)
      throw fail(`${name}.data_offsets`, offsets, `range outside the ${dataLength}-byte data section`);
    const shape = e.shape as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (count * BYTES[dtype] !== end - begin)
      throw fail(
        `${name}.data_offsets`,
        offsets,
        `shape [${shape}] of ${dtype} needs ${count * BYTES[dtype]} bytes, range has ${end - begin}`,
      );
    ranges.push([begin, end, name]);
    const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    tensors[name] = { dtype, shape, data: decode(name, dtype, view, count) };
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]![0] < ranges[i - 1]![1])
      throw fail(`${ranges[i]![2]}.data_offsets`, ranges[i]![0], `overlaps tensor ${ranges[i - 1]![2]}`);
  }
  return { tensors, metadata };
}

/** A tensor to write: F32 for Float32Array data, I32 for Int32Array, U8 for Uint8Array unless `dtype` says otherwise. */
export interface TensorToWrite {
  shape: readonly number[];
  data: Float32Array | Int32Array | Uint8Array;
  dtype?: 'F32' | 'I32' | 'U8' | 'BOOL';
}

/**
 * Serialises tensors (and string metadata) to safetensors bytes: header keys sorted, data in the
 * same order, header padded with spaces to a multiple of 8 bytes (as the reference writer does).
 *
 * @example
 * ```ts
 * const bytes = serializeSafetensors({ 'conv.weight': { shape: [3, 3, 8, 16], data } }, { format: 'aligndet' });
 * ```
 */
export function serializeSafetensors(
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const dtype =
      t.dtype ?? (t.data instanceof Float32Array ? 'F32' : t.data instanceof Int32Array ? 'I32' : 'U8');
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new InvalidArgumentError({
        op: 'serializeSafetensors',
        field: `${name}.data`,
        value: t.data.length,
        expected: `${count} elements for shape [${t.shape}]`,
      });
    }
    const size = t.data.byteLength;
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  const pad = (8 - ((new TextEncoder().encode(json).length + 8) % 8)) % 8;
  json += ' '.repeat(pad);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const d = tensors[name]!.data;
    // typed arrays are little-endian on every platform Node supports
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  return out;
}
