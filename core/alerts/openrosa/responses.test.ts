import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { buildFormList, buildFormManifest, buildOpenRosaResponse, checkOpenRosaVersionHeader, SUBMISSION_SUCCESS_MESSAGE } from './responses';
import { readXml } from './xml';

const md5 = '0123456789abcdef0123456789abcdef';

describe('OpenRosa responses', () => {
  it('OpenRosaResponse: Central’s success body and escaped errors', () => {
    expect(buildOpenRosaResponse(SUBMISSION_SUCCESS_MESSAGE, '')).toBe(
      '<OpenRosaResponse xmlns="http://openrosa.org/http/response" items="0"><message nature="">full submission upload was successful!</message></OpenRosaResponse>',
    );
    const error = buildOpenRosaResponse('A submission with instance <uuid:1> & other XML exists.');
    expect(error).toContain('<message nature="error">A submission with instance &lt;uuid:1&gt; &amp; other XML exists.</message>');
    expect(readXml(error).children[0]!.text).toBe('A submission with instance <uuid:1> & other XML exists.');
  });

  it('formList: one xform per form, name falling back to the id, manifestUrl only with media', () => {
    const xml = buildFormList([
      { formId: 'weft_alert', name: 'Alerte & risque', version: '2026112201', md5, downloadUrl: 'https://w.example/v1/projects/1/forms/weft_alert.xml', manifestUrl: 'https://w.example/m' },
      { formId: 'other', version: null, md5, downloadUrl: 'https://w.example/o.xml' },
    ]);
    const root = readXml(xml);
    expect(root.attributes.get('xmlns')).toBe('http://openrosa.org/xforms/xformsList');
    const [first, second] = root.children;
    expect(first!.children.map((c) => [c.name, c.text])).toEqual([
      ['formID', 'weft_alert'],
      ['name', 'Alerte & risque'],
      ['version', '2026112201'],
      ['hash', `md5:${md5}`],
      ['downloadUrl', 'https://w.example/v1/projects/1/forms/weft_alert.xml'],
      ['manifestUrl', 'https://w.example/m'],
    ]);
    expect(second!.children.map((c) => c.name)).not.toContain('manifestUrl');
    expect(second!.children.find((c) => c.name === 'name')!.text).toBe('other');
    expect(thrownDomainError(() => buildFormList([{ formId: 'f', version: null, md5: 'nope', downloadUrl: 'u' }])).code).toBe('openrosa.hash_invalid');
  });

  it('manifest: one mediaFile per attachment', () => {
    const root = readXml(buildFormManifest([{ filename: 'areas.csv', md5, downloadUrl: 'https://w.example/a.csv' }]));
    expect(root.attributes.get('xmlns')).toBe('http://openrosa.org/xforms/xformsManifest');
    expect(root.children[0]!.children.map((c) => c.text)).toEqual(['areas.csv', `md5:${md5}`, 'https://w.example/a.csv']);
  });

  it('X-OpenRosa-Version must be 1.0', () => {
    expect(() => checkOpenRosaVersionHeader('1.0')).not.toThrow();
    for (const value of [undefined, '', '2.0', ['1.0', '1.0']]) expect(thrownDomainError(() => checkOpenRosaVersionHeader(value)).field).toBe('X-OpenRosa-Version');
  });
});
