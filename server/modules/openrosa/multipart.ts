/**
 * A small, strict multipart/form-data reader for OpenRosa submissions (REL-4). Collect sends
 * CRLF-delimited parts with Content-Disposition form-data; anything else is refused with a
 * validation error naming the body, never a crash. Limits: total bytes (Fastify's bodyLimit
 * on the content-type parser), part count, header bytes per part, field names.
 */
import { invalid } from '../../../core/errors';

export const MULTIPART_LIMITS = { maxParts: 20, maxHeaderBytes: 8_192, maxNameChars: 200 } as const;

export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

const bad = (message: string) => invalid('openrosa.multipart_invalid', `The multipart body is malformed: ${message}`, 'body');

/** The boundary of a `multipart/form-data; boundary=…` Content-Type, or null if it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const [type, ...params] = contentType.split(';');
  if (type!.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    // RFC 2046: 1 to 70 characters from a restricted set.
    if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(value)) throw bad('the boundary parameter is invalid.');
    return value;
  }
  throw bad('the Content-Type has no boundary parameter.');
}

function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\\r\n]|\\.)*)"|([^;\s"]*))/g;
  const [kind] = value.split(';');
  if (kind!.trim().toLowerCase() !== 'form-data') throw bad('a part is not Content-Disposition: form-data.');
  let match: RegExpExecArray | null;
  while ((match = re.exec(value)) !== null) {
    const key = match[1]!.toLowerCase();
    if (params.has(key)) throw bad(`a part repeats the ${key.slice(0, 20)} parameter.`);
    params.set(key, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!);
  }
  return params;
}

function readHeaders(block: string): { name: string; filename: string | null; contentType: string | null } {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw bad('a part header has no name.');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (disposition !== null) throw bad('a part has two Content-Disposition headers.');
      disposition = value;
    } else if (key === 'content-type') {
      if (contentType !== null) throw bad('a part has two Content-Type headers.');
      contentType = value.slice(0, 200);
    }
  }
  if (disposition === null) throw bad('a part has no Content-Disposition header.');
  const params = dispositionParams(disposition);
  const name = params.get('name');
  if (name === undefined || name === '' || name.length > MULTIPART_LIMITS.maxNameChars) throw bad('a part has no name, or one longer than 200 characters.');
  const filename = params.get('filename') ?? null;
  if (filename !== null && filename.length > MULTIPART_LIMITS.maxNameChars) throw bad('a file name is longer than 200 characters.');
  return { name, filename, contentType };
}

/** Splits a multipart/form-data body into its parts; refuses anything malformed or over a limit. */
export function parseMultipart(body: Buffer, boundary: string, limits = MULTIPART_LIMITS): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter opens the body or follows a preamble's CRLF.
  let pos: number;
  if (body.subarray(0, delimiter.length).equals(delimiter)) pos = delimiter.length;
  else {
    const at = body.indexOf(between);
    if (at < 0) throw bad('no part starts with the boundary.');
    pos = at + between.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // "--": the closing delimiter; the epilogue is ignored.
    // Transport padding (spaces, tabs) may follow a delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw bad('a boundary is not followed by a line break.');
    pos += 2;
    if (parts.length >= limits.maxParts) throw bad(`more than ${limits.maxParts} parts.`);
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headerEnd < 0 || headerEnd - pos > limits.maxHeaderBytes) throw bad(`a part's headers do not end within ${limits.maxHeaderBytes} bytes.`);
    const headers = readHeaders(body.toString('utf8', pos, headerEnd));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(between, dataStart);
    if (next < 0) throw bad('the body ends before its closing boundary.');
    parts.push({ ...headers, data: body.subarray(dataStart, next) });
    pos = next + between.length;
  }
}
