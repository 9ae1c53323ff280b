/** MIN-3: location and device metadata leave uploaded photos; the picture itself does not change. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { thrownDomainError } from '../domain-error.testing';
import { sniffImageType, stripImageMetadata } from './image-metadata';
import { buildJpeg, buildPng, jpegSegment, pngChunk } from './test-images';

const CANARY = 'GPS 1.2345S 29.1234E canary';
const text = (s: string) => new TextEncoder().encode(s);
const contains = (haystack: Uint8Array, needle: string) => {
  const bytes = text(needle);
  outer: for (let i = 0; i + bytes.length <= haystack.length; i++) {
    for (let j = 0; j < bytes.length; j++) if (haystack[i + j] !== bytes[j]) continue outer;
    return true;
  }
  return false;
};

describe('JPEG', () => {
  const jfif = jpegSegment(0xe0, text('JFIF\0\x01\x02\0\0\x01\0\x01\0\0'));
  const icc = jpegSegment(0xe2, text('ICC_PROFILE\0\x01\x01colour'));
  const adobe = jpegSegment(0xee, text('Adobe\0\x64\0\0\0\0\x01'));
  const exif = jpegSegment(0xe1, text(`Exif\0\0MM${CANARY}`));
  const xmp = jpegSegment(0xe1, text(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${CANARY}</x:xmpmeta>`));
  const iptc = jpegSegment(0xed, text(`Photoshop 3.0\0${CANARY}`));
  const comment = jpegSegment(0xfe, text(`phone model X ${CANARY}`));
  const vendor = jpegSegment(0xe9, text(`maker ${CANARY}`));
  const quantisation = jpegSegment(0xdb, new Uint8Array(65).fill(1));
  const frame = jpegSegment(0xc0, Uint8Array.of(8, 0, 1, 0, 1, 1, 1, 0x11, 0));
  const scan = jpegSegment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0));
  // Entropy-coded data with byte stuffing (FF 00) and a restart marker (FF D0).
  const entropy = Uint8Array.of(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56);

  it('removes EXIF, XMP, IPTC, comments, vendor segments and trailing bytes, and keeps the picture byte for byte', () => {
    const input = buildJpeg([jfif, exif, xmp, iptc, comment, vendor, icc, adobe, quantisation, frame, scan], entropy, text(`trailer ${CANARY}`));
    const out = stripImageMetadata(input, 'photo');
    expect(out.contentType).toBe('image/jpeg');
    expect(contains(out.bytes, CANARY)).toBe(false);
    expect(out.removed.sort()).toEqual(['comment', 'exif', 'iptc', 'trailing', 'vendor', 'xmp']);
    expect(out.bytes).toEqual(buildJpeg([jfif, icc, adobe, quantisation, frame, scan], entropy));
  });

  it('leaves a clean JPEG exactly as it was', () => {
    const clean = buildJpeg([jfif, quantisation, frame, scan], entropy);
    const out = stripImageMetadata(clean, 'photo');
    expect(out.bytes).toEqual(clean);
    expect(out.removed).toEqual([]);
  });

  it('refuses a JPEG cut short, naming the field', () => {
    const cut = buildJpeg([jfif, exif, quantisation, frame, scan], entropy).subarray(0, 40);
    const error = thrownDomainError(() => stripImageMetadata(cut, 'photo.jpg'));
    expect(error.code).toBe('media.image_malformed');
    expect(error.field).toBe('photo.jpg');
  });
});

describe('PNG', () => {
  const header = pngChunk('IHDR', Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0));
  const data = pngChunk('IDAT', Uint8Array.of(1, 2, 3, 4));
  const gamma = pngChunk('gAMA', Uint8Array.of(0, 0, 0xb1, 0x8f));

  it('removes text, time and EXIF chunks and trailing bytes; keeps image chunks', () => {
    const input = buildPng([header, gamma, pngChunk('tEXt', text(`Comment\0${CANARY}`)), pngChunk('eXIf', text(`MM${CANARY}`)), pngChunk('tIME', Uint8Array.of(7, 234, 11, 22, 1, 2, 3)), pngChunk('prVt', text(CANARY)), data], text(CANARY));
    const out = stripImageMetadata(input, 'photo');
    expect(out.contentType).toBe('image/png');
    expect(contains(out.bytes, CANARY)).toBe(false);
    expect(out.removed.sort()).toEqual(['exif', 'text', 'time', 'trailing', 'vendor']);
    expect(out.bytes).toEqual(buildPng([header, gamma, data]));
  });

  it('refuses an unknown critical chunk rather than guess', () => {
    expect(thrownDomainError(() => stripImageMetadata(buildPng([header, pngChunk('ZZZZ', text('x')), data]), 'photo')).code).toBe('media.image_malformed');
  });
});

describe('any other bytes', () => {
  it('sniffs the format from the bytes, not the declared type', () => {
    expect(sniffImageType(text('GIF89a'))).toBeNull();
    expect(thrownDomainError(() => stripImageMetadata(text('<svg/>'), 'photo')).code).toBe('media.image_type');
  });

  it('never crashes (REL-4): random bodies behind a JPEG or PNG signature give a result or a DomainError', () => {
    const prefix = fc.constantFrom(Uint8Array.of(0xff, 0xd8, 0xff), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), new Uint8Array());
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 400 }), (head, body) => {
        const bytes = new Uint8Array([...head, ...body]);
        try {
          const out = stripImageMetadata(bytes, 'photo');
          expect(out.bytes.length).toBeLessThanOrEqual(bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
