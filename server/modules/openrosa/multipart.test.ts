/** The multipart reader: what Collect sends is read; anything else is a validation error, never a crash (REL-4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors';
import { BOUNDARY, multipartBody } from '../../test/factories-openrosa';
import { MULTIPART_LIMITS, multipartBoundary, parseMultipart } from './multipart';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('multipartBoundary', () => {
  it('reads plain and quoted boundaries; not multipart is null', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
    for (const bad of ['multipart/form-data', 'multipart/form-data; boundary=', `multipart/form-data; boundary=${'x'.repeat(71)}`, 'multipart/form-data; boundary="a\r\nb"'])
      expect(refusal(() => multipartBoundary(bad))).toMatchObject({ code: 'openrosa.multipart_invalid', field: 'body' });
  });
});

describe('parseMultipart', () => {
  it('reads parts with names, file names, types and binary data', () => {
    const binary = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 255]);
    const body = multipartBody([
      { name: 'xml_submission_file', filename: 'data.xml', contentType: 'text/xml', data: '<a/>' },
      { name: 'photo.jpg', filename: 'photo.jpg', contentType: 'image/jpeg', data: binary },
      { name: 'empty', data: '' },
    ]);
    const parts = parseMultipart(Buffer.concat([Buffer.from('preamble\r\n'), body, Buffer.from('epilogue')]), BOUNDARY);
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString('latin1')])).toEqual([
      ['xml_submission_file', 'data.xml', 'text/xml', '<a/>'],
      ['photo.jpg', 'photo.jpg', 'image/jpeg', binary.toString('latin1')],
      ['empty', null, null, ''],
    ]);
  });

  it('refuses what is malformed or over a limit', () => {
    const part = (headers: string, data = 'x') => Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n${data}\r\n--${BOUNDARY}--\r\n`);
    const cases: Buffer[] = [
      Buffer.from(''),
      Buffer.from('no delimiter at all'),
      part('Content-Type: text/plain'),
      part('Content-Disposition: attachment; name="a"'),
      part('Content-Disposition: form-data'),
      part('Content-Disposition: form-data; name=""'),
      part('Content-Disposition: form-data; name="a"; name="b"'),
      part('Content-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"'),
      part('no colon here'),
      part(`Content-Disposition: form-data; name="${'n'.repeat(201)}"`),
      part(`Content-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(MULTIPART_LIMITS.maxHeaderBytes)}`),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`),
      Buffer.from(`--${BOUNDARY}XContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${BOUNDARY}--`),
      multipartBody(Array.from({ length: MULTIPART_LIMITS.maxParts + 1 }, (_, i) => ({ name: `p${i}`, data: 'x' }))),
    ];
    for (const body of cases) expect(refusal(() => parseMultipart(body, BOUNDARY)).code, body.toString('latin1').slice(0, 80)).toBe('openrosa.multipart_invalid');
  });

  it('property: any byte soup is parts or a validation refusal', () => {
    const pieces = fc.constantFrom(`--${BOUNDARY}`, `--${BOUNDARY}--`, '\r\n', '\r\n\r\n', 'Content-Disposition: form-data; name="a"', 'Content-Disposition: form-data; name="xml_submission_file"; filename="x.xml"', 'Content-Type: text/xml', ';', '"', '\\', 'name=', '<a/>', ' ', '\u0000', 'é');
    const soup = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((p) => Buffer.from(p.join(''))), fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)));
    fc.assert(
      fc.property(soup, (body) => {
        try {
          const parts = parseMultipart(body, BOUNDARY);
          expect(parts.length).toBeLessThanOrEqual(MULTIPART_LIMITS.maxParts);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).category).toBe('validation');
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('property: what the builder writes is read back', () => {
    const partSpec = fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_.-]{1,30}$/), data: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) });
    fc.assert(
      fc.property(fc.array(partSpec, { minLength: 1, maxLength: MULTIPART_LIMITS.maxParts }), (specs) => {
        // A part whose data holds the delimiter itself cannot be framed; builders pick boundaries that do not occur.
        fc.pre(specs.every((s) => !s.data.includes(`--${BOUNDARY}`)));
        const parts = parseMultipart(multipartBody(specs), BOUNDARY);
        expect(parts.map((p) => [p.name, p.data.toString('hex')])).toEqual(specs.map((s) => [s.name, s.data.toString('hex')]));
      }),
      { numRuns: 500 },
    );
  });
});
