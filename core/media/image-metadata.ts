/**
 * MIN-3: uploaded photos lose their location and device metadata before they are stored.
 *
 * Works on the container, never on the pixels: a JPEG keeps its frame, tables and scans
 * byte for byte and loses EXIF (GPS position, camera serial, time), XMP, IPTC, comments,
 * vendor segments and anything after the end of the image; a PNG keeps its critical chunks
 * and a short list of colour and layout chunks and loses text, time and EXIF chunks and
 * whatever follows IEND. A whitelist, so a metadata block we have never heard of goes too.
 *
 * Consequence worth knowing: without EXIF a photo taken sideways may show sideways.
 * REL-4: bounded work (one pass), and anything that is not a well-formed JPEG or PNG is
 * refused with a validation error, never a crash.
 */
import { invalid } from '../errors';

export const STRIPPABLE_IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export type StrippableImageType = (typeof STRIPPABLE_IMAGE_TYPES)[number];

export interface StrippedImage {
  contentType: StrippableImageType;
  bytes: Uint8Array;
  /** What was taken out, by kind (exif, xmp, iptc, comment, vendor, text, time, trailing...). */
  removed: string[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format the bytes are, whatever the sender called them (the declared type is not trusted). */
export function sniffImageType(bytes: Uint8Array): StrippableImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

export function stripImageMetadata(bytes: Uint8Array, field: string): StrippedImage {
  const type = sniffImageType(bytes);
  if (type === 'image/jpeg') return { contentType: type, ...stripJpeg(bytes, field) };
  if (type === 'image/png') return { contentType: type, ...stripPng(bytes, field) };
  throw invalid('media.image_type', `${field} is not a JPEG or PNG photo: send the photo as JPEG or PNG.`, field);
}

const malformed = (field: string, what: string) => invalid('media.image_malformed', `${field} is not a well-formed image (${what}): take or attach the photo again.`, field);

// APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) change how the
// picture looks; every other APPn segment, and COM, is metadata.
function jpegSegmentKind(marker: number, data: Uint8Array): 'keep' | string {
  if (marker === 0xe0 || marker === 0xee) return 'keep';
  if (marker === 0xe2) return startsWithAscii(data, 'ICC_PROFILE\0') ? 'keep' : 'vendor';
  if (marker === 0xe1) return startsWithAscii(data, 'Exif\0') ? 'exif' : startsWithAscii(data, 'http://ns.adobe.com/xap/') ? 'xmp' : 'vendor';
  if (marker === 0xed) return 'iptc';
  if (marker === 0xfe) return 'comment';
  if (marker >= 0xe3 && marker <= 0xef) return 'vendor';
  return 'keep';
}

function stripJpeg(bytes: Uint8Array, field: string): { bytes: Uint8Array; removed: string[] } {
  const out: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed = new Set<string>();
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) throw malformed(field, 'a segment does not start with a marker');
    while (i < bytes.length && bytes[i] === 0xff) i++; // fill bytes
    if (i >= bytes.length) throw malformed(field, 'it ends inside a marker');
    const marker = bytes[i]!;
    i++;
    if (marker === 0xd9) {
      out.push(Uint8Array.of(0xff, 0xd9));
      if (i < bytes.length) removed.add('trailing');
      return { bytes: concat(out), removed: [...removed] };
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(Uint8Array.of(0xff, marker));
      continue;
    }
    if (i + 2 > bytes.length) throw malformed(field, 'a segment has no length');
    const length = (bytes[i]! << 8) | bytes[i + 1]!;
    if (length < 2 || i + length > bytes.length) throw malformed(field, 'a segment runs past the end');
    const segment = bytes.subarray(i - 2, i + length);
    const kind = jpegSegmentKind(marker, bytes.subarray(i + 2, i + length));
    if (kind === 'keep') out.push(segment);
    else removed.add(kind);
    i += length;
    if (marker === 0xda) {
      // Entropy-coded data: 0xFF is followed only by 0x00 (stuffing) or a restart marker, so
      // the next other marker is found by scanning; it is copied as the scan's end.
      const start = i;
      while (i + 1 < bytes.length && !(bytes[i] === 0xff && bytes[i + 1] !== 0x00 && (bytes[i + 1]! < 0xd0 || bytes[i + 1]! > 0xd7))) i++;
      if (i + 1 >= bytes.length) throw malformed(field, 'the image data has no end');
      out.push(bytes.subarray(start, i));
    }
  }
  throw malformed(field, 'it has no end-of-image marker');
}

/** Chunks that shape how the picture is drawn; every other ancillary chunk is dropped. */
const PNG_KEPT_CHUNKS = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'hIST', 'acTL', 'fcTL', 'fdAT']);
const PNG_REMOVED_KIND: Record<string, string> = { eXIf: 'exif', tEXt: 'text', zTXt: 'text', iTXt: 'text', tIME: 'time' };

function stripPng(bytes: Uint8Array, field: string): { bytes: Uint8Array; removed: string[] } {
  const out: Uint8Array[] = [bytes.subarray(0, 8)];
  const removed = new Set<string>();
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = ((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!;
    const type = String.fromCharCode(bytes[i + 4]!, bytes[i + 5]!, bytes[i + 6]!, bytes[i + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed(field, 'a chunk has an invalid type');
    const end = i + 12 + length;
    if (end > bytes.length) throw malformed(field, 'a chunk runs past the end');
    if (PNG_KEPT_CHUNKS.has(type)) out.push(bytes.subarray(i, end));
    else if (type[0] === type[0]!.toUpperCase()) throw malformed(field, `it has an unknown critical chunk ${type}`);
    else removed.add(PNG_REMOVED_KIND[type] ?? 'vendor');
    i = end;
    if (type === 'IEND') {
      if (i < bytes.length) removed.add('trailing');
      return { bytes: concat(out), removed: [...removed] };
    }
  }
  throw malformed(field, 'it has no IEND chunk');
}

function startsWithAscii(data: Uint8Array, prefix: string): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
