/** Test support: JPEG and PNG containers assembled from segments and chunks (the pixels do not matter). */

export function jpegSegment(marker: number, data: Uint8Array): Uint8Array {
  const length = data.length + 2;
  return new Uint8Array([0xff, marker, length >> 8, length & 0xff, ...data]);
}

export function buildJpeg(segments: readonly Uint8Array[], entropy: Uint8Array, trailing: Uint8Array = new Uint8Array()): Uint8Array {
  return new Uint8Array([0xff, 0xd8, ...segments.flatMap((s) => [...s]), ...entropy, 0xff, 0xd9, ...trailing]);
}

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const n = data.length;
  // The CRC is not checked by the stripper; four zero bytes keep the layout right.
  return new Uint8Array([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...[...type].map((c) => c.charCodeAt(0)), ...data, 0, 0, 0, 0]);
}

export function buildPng(chunks: readonly Uint8Array[], trailing: Uint8Array = new Uint8Array()): Uint8Array {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunks.flatMap((c) => [...c]), ...pngChunk('IEND', new Uint8Array()), ...trailing]);
}
