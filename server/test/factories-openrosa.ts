/** Test support for OpenRosa: tokens, multipart bodies as ODK Collect builds them, requests. */
import type { FastifyInstance } from 'fastify';
import type { SignedInUser } from './factories';

/** Mints an API token through the HTTP API as an admin of its organisation. */
export async function mintToken(app: FastifyInstance, admin: SignedInUser, purpose = 'alerts.intake'): Promise<{ id: string; token: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: admin.headers, payload: { name: `Collect phone ${Math.random().toString(36).slice(2, 8)}`, purpose } });
  if (res.statusCode !== 201) throw new Error(`minting a token failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; token: string };
}

export interface PartSpec {
  name: string;
  filename?: string;
  contentType?: string;
  data: string | Buffer;
}

export const BOUNDARY = '----WeftTestBoundary7MA4YWxkTrZu0gW';

/** A multipart/form-data body with CRLF delimiters, as OkHttp (Collect) writes it. */
export function multipartBody(parts: readonly PartSpec[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const xmlPart = (xml: string | Buffer): PartSpec => ({ name: 'xml_submission_file', filename: 'submission.xml', contentType: 'text/xml', data: xml });

export const OPENROSA_HEADERS = { 'x-openrosa-version': '1.0' } as const;

/** POSTs a submission under /v1/key/<token>/ with the OpenRosa header. */
export function postSubmission(app: FastifyInstance, token: string, parts: readonly PartSpec[], headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/openrosa/v1/key/${token}/submission?deviceID=collect%3Atest`,
    headers: { ...OPENROSA_HEADERS, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
    payload: multipartBody(parts),
  });
}
