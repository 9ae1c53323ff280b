/**
 * The XML documents an OpenRosa 1.0 server sends, as ODK Central writes them (OPENROSA-NOTES.md):
 * OpenRosaResponse (submission results, 201 and every error), the form list (xformsList) and
 * a form's manifest (xformsManifest); plus the headers every OpenRosa response carries and the
 * check of the request's X-OpenRosa-Version. Every value is escaped, never concatenated raw.
 * SECURITY REL-4 (a missing or wrong version header is a 400, not a crash).
 */
import { invalid } from '../../errors';
import { escapeXml } from '../xml-escape';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Headers on every OpenRosa response (Central's openRosaBefore); the server adds Date. */
export const OPENROSA_RESPONSE_HEADERS = {
  'Content-Language': 'en',
  'X-OpenRosa-Version': '1.0',
  'X-OpenRosa-Accept-Content-Length': '100000000',
  'Content-Type': 'text/xml; charset=utf-8',
} as const;

/** The request's X-OpenRosa-Version must be exactly 1.0 (Central: 400.6 invalidHeader). */
export function checkOpenRosaVersionHeader(value: string | readonly string[] | undefined): void {
  if (value !== '1.0')
    throw invalid('openrosa.version_header', 'This is an OpenRosa endpoint: send the header X-OpenRosa-Version: 1.0.', 'X-OpenRosa-Version');
}

/** The message Central answers a stored submission with (201). */
export const SUBMISSION_SUCCESS_MESSAGE = 'full submission upload was successful!';

/**
 * `<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="…">…</message></OpenRosaResponse>`:
 * nature '' with items="0" for a stored submission (as Central), 'error' for refusals.
 */
export function buildOpenRosaResponse(message: string, nature: '' | 'error' | 'submit_success' | 'form_list_success' = 'error'): string {
  const items = nature === 'error' ? '' : ' items="0"';
  return `<OpenRosaResponse xmlns="http://openrosa.org/http/response"${items}><message nature="${escapeXml(nature)}">${escapeXml(message)}</message></OpenRosaResponse>`;
}

export interface FormListEntry {
  formId: string;
  /** Falls back to the form id, as Central does. */
  name?: string | null;
  version: string | null;
  /** Lower-case hex MD5 of the XForm; written as md5:<hex>. */
  md5: string;
  downloadUrl: string;
  /** Only for forms with media attachments. */
  manifestUrl?: string | null;
}

const MD5 = /^[0-9a-f]{32}$/;

function checkMd5(md5: string, what: string): string {
  if (!MD5.test(md5)) throw invalid('openrosa.hash_invalid', `The hash of ${what.slice(0, 100)} must be 32 lower-case hex digits.`, 'md5');
  return `md5:${md5}`;
}

/** GET formList: `<xforms xmlns="http://openrosa.org/xforms/xformsList">` with one `<xform>` per form. */
export function buildFormList(forms: readonly FormListEntry[]): string {
  const items = forms.map((form) => {
    const manifest = form.manifestUrl ? `<manifestUrl>${escapeXml(form.manifestUrl)}</manifestUrl>` : '';
    return (
      `<xform><formID>${escapeXml(form.formId)}</formID><name>${escapeXml(form.name || form.formId)}</name>` +
      `<version>${escapeXml(form.version ?? '')}</version><hash>${checkMd5(form.md5, form.formId)}</hash>` +
      `<downloadUrl>${escapeXml(form.downloadUrl)}</downloadUrl>${manifest}</xform>`
    );
  });
  return `${XML_HEAD}<xforms xmlns="http://openrosa.org/xforms/xformsList">${items.join('')}</xforms>`;
}

export interface ManifestFile {
  filename: string;
  md5: string;
  downloadUrl: string;
}

/** GET manifest: `<manifest xmlns="http://openrosa.org/xforms/xformsManifest">` with one `<mediaFile>` per attachment. */
export function buildFormManifest(files: readonly ManifestFile[]): string {
  const items = files.map(
    (file) =>
      `<mediaFile><filename>${escapeXml(file.filename)}</filename><hash>${checkMd5(file.md5, file.filename)}</hash><downloadUrl>${escapeXml(file.downloadUrl)}</downloadUrl></mediaFile>`,
  );
  return `${XML_HEAD}<manifest xmlns="http://openrosa.org/xforms/xformsManifest">${items.join('')}</manifest>`;
}
