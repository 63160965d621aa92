/** Width and height from a PNG's IHDR, after checking the signature and chunk type. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG signature');
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') throw new Error('first chunk is not IHDR');
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
