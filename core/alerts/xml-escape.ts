/**
 * Escaping for the XML Weft writes to gateways and devices (TwiML, OpenRosaResponse, formList,
 * manifest): every interpolated value goes through here, so a message text or a form name can
 * never close an element or open a new one. SECURITY REL-4 (untrusted text in, well-formed XML out).
 */

/** Characters XML 1.0 cannot hold at all (not even escaped): dropped. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text or an attribute value escaped for XML 1.0 (the five predefined entities). */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
