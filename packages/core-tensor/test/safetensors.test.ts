import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Conv2d, parseSafetensors, Scale, Sequential, serializeSafetensors } from '@aligndet/core-tensor';
import { loadModule, readSafetensorsFile, saveModule } from '@aligndet/core-tensor/node';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsWrittenBytes } from './helpers/js-written';

const fixture = (f: string) => new URL(`./fixtures/${f}`, import.meta.url);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('safetensors written by Python (torch tensors, several dtypes)', () => {
  const expected = JSON.parse(readFileSync(fixture('py_written.json'), 'utf8'));
  const parsed = parseSafetensors(readFileSync(fixture('py_written.safetensors')));

  it('every tensor has the dtype, shape and values Python wrote', () => {
    expect(Object.keys(parsed.tensors).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, e] of Object.entries(expected) as Array<
      [string, { dtype: string; shape: number[]; values: number[] }]
    >) {
      const t = parsed.tensors[name]!;
      expect(t.dtype).toBe(e.dtype);
      expect(t.shape).toEqual(e.shape);
      // F64 loads as float32: compare at float32 precision; everything else exactly
      expectTensorsClose(
        Array.from(t.data),
        e.values.map((v) => (e.dtype === 'F64' ? Math.fround(v) : v)),
        { rtol: 0, atol: 0 },
      );
    }
    expect(parsed.metadata).toEqual({ format: 'pt', producer: 'tools/fixtures/safetensors_io.py' });
  });

  it('loads into a Module with identical values (F16 [1] scale, F64 bias)', () => {
    class Net extends Sequential {}
    const conv = new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3 });
    const net = new Net([conv]);
    const s = new Scale();
    const state = {
      '0.weight': { shape: [3, 3, 3, 4], data: new Float32Array(108) },
      '0.bias': { shape: [4], data: parsed.tensors['conv.bias']!.data as Float32Array },
    };
    net.loadStateDict(state);
    expectTensorsClose(conv.bias!, expected['conv.bias'].values.map(Math.fround), { rtol: 0, atol: 0 });
    s.loadStateDict({ scale: { shape: [1], data: parsed.tensors['head.scale']!.data as Float32Array } });
    expect(s.scale.dataSync()[0]).toBe(1.25);
  });
});

describe('safetensors written by JS, verified by Python', () => {
  it('today’s bytes equal the committed file that tools/fixtures/safetensors_io.py verified', () => {
    const committed = readFileSync(fixture('js_written.safetensors'));
    expect(Buffer.from(jsWrittenBytes()).equals(committed)).toBe(true);
    const verdict = JSON.parse(readFileSync(fixture('js_written.verified.json'), 'utf8'));
    expect(verdict).toMatchObject({ mismatches: [], extra: [], header_aligned: true, contiguous: true });
    expect(verdict.tensors).toEqual(['flags', 'scales.0.scale', 'step', 'tower.0.bias', 'tower.0.weight']);
  });
});

describe('saveModule / loadModule', () => {
  it('round-trips a module through a file (atomically written)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-'));
    const a = new Sequential([new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3 })]);
    const b = new Sequential([new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3 })]);
    saveModule(a, join(dir, 'm.safetensors'), { step: '5' });
    expect(readSafetensorsFile(join(dir, 'm.safetensors')).metadata).toEqual({ step: '5' });
    loadModule(b, join(dir, 'm.safetensors'));
    for (const [[, va], [, vb]] of a.namedParameters().map((p, i) => [p, b.namedParameters()[i]!] as const))
      expectTensorsClose(vb, va, { rtol: 0, atol: 0 });
  });
});

describe('malformed safetensors', () => {
  const good = () => serializeSafetensors({ a: { shape: [2], data: Float32Array.from([1, 2]) } });
  it('throws when the header length runs past the end', () => {
    const b = good();
    new DataView(b.buffer).setBigUint64(0, 10_000n, true);
    expect(() => parseSafetensors(b)).toThrow(/header length: header of 10000 bytes runs past the end/);
  });
  it('throws when the header is not JSON', () => {
    const b = good();
    b[8] = 0x7b;
    b[9] = 0x7b;
    expect(() => parseSafetensors(b)).toThrow(/header: header is not JSON/);
  });
  const withHeader = (h: object, dataBytes = 8) => {
    const json = new TextEncoder().encode(JSON.stringify(h));
    const out = new Uint8Array(8 + json.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  it('throws when a dtype is unknown, naming the tensor', () => {
    expect(() =>
      parseSafetensors(withHeader({ w: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } })),
    ).toThrow(/w\.dtype: unsupported dtype "C64"/);
  });
  it('throws when offsets and shape disagree, or offsets overlap', () => {
    expect(() =>
      parseSafetensors(withHeader({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } })),
    ).toThrow(/w\.data_offsets: shape \[3\] of F32 needs 12 bytes, range has 8/);
    expect(() =>
      parseSafetensors(
        withHeader({
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        }),
      ),
    ).toThrow(/b\.data_offsets: .*overlaps tensor a/);
    expect(() =>
      parseSafetensors(withHeader({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } })),
    ).toThrow(/range outside the 8-byte data section/);
  });
  it('readSafetensorsFile names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-'));
    writeFileSync(join(dir, 'bad.safetensors'), new Uint8Array(3));
    expect(() => readSafetensorsFile(join(dir, 'bad.safetensors'))).toThrow(
      /bad\.safetensors: .*shorter than 8 bytes/,
    );
    expect(() => readSafetensorsFile(join(dir, 'none.safetensors'))).toThrow(
      /cannot read .*none\.safetensors: ENOENT/,
    );
  });
});
