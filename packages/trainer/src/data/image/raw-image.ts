/** A decoded image: 8-bit RGB, row-major, 3 bytes per pixel. */
export interface RawImage {
  width: number;
  height: number;
  /** `[height, width, 3]` bytes. */
  data: Uint8Array;
}
