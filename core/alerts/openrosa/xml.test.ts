import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { decodeXmlBytes, readXml, XML_LIMITS } from './xml';

const refusal = (xml: string) => thrownDomainError(() => readXml(xml));

describe('readXml reads well-formed documents', () => {
  it('elements, attributes, text, CDATA, prefixes, comments and PIs', () => {
    const root = readXml(
      `\ufeff<?xml version='1.0' encoding="UTF-8" ?>\n<!-- c --><?xml-stylesheet href="x"?>\n<data id="f" xmlns:orx="http://openrosa.org/xforms"><a x='1'>t &amp; &lt;u&gt; &#233;&#x1F600;</a><b/><![CDATA[<raw>&amp;]]><orx:meta><orx:instanceID>uuid:1</orx:instanceID></orx:meta></data>\n<!-- after -->\n`,
    );
    expect(root.name).toBe('data');
    expect(root.attributes.get('id')).toBe('f');
    expect(root.children.map((c) => c.name)).toEqual(['a', 'b', 'orx:meta']);
    expect(root.children[0]!.text).toBe('t & <u> é😀');
    expect(root.children[0]!.attributes.get('x')).toBe('1');
    expect(root.text).toBe('<raw>&amp;');
    expect(root.children[2]).toMatchObject({ prefix: 'orx', localName: 'meta' });
    expect(root.children[2]!.children[0]!.text).toBe('uuid:1');
  });

  it('normalises whitespace in attribute values and decodes their references', () => {
    expect(readXml('<a v="x\ny&quot;&apos;&#10;"/>').attributes.get('v')).toBe('x y"\'\n');
  });
});

describe('readXml refuses what is not well-formed (400, field named)', () => {
  it.each([
    ['', 'xml.empty'],
    ['   ', 'xml.empty'],
    ['text', 'xml.malformed'],
    ['<a>', 'xml.malformed'],
    ['<a></b>', 'xml.malformed'],
    ['</a>', 'xml.malformed'],
    ['<a><b></a></b>', 'xml.malformed'],
    ['<a/><b/>', 'xml.malformed'],
    ['<a/>text', 'xml.malformed'],
    ['<a x=1/>', 'xml.malformed'],
    ['<a x="1" x="2"/>', 'xml.malformed'],
    ['<a x="1"y="2"/>', 'xml.malformed'],
    ['<a x="<"/>', 'xml.malformed'],
    ['<a x="1', 'xml.malformed'],
    ['<1a/>', 'xml.malformed'],
    ['<a:b:c/>', 'xml.malformed'],
    ['<a><!-- x -- y --></a>', 'xml.malformed'],
    ['<a><![CDATA[x</a>', 'xml.malformed'],
    ['<a/><?xml version="1.0"?>', 'xml.malformed'],
    ['<?xml version="1.1"?><a/>', 'xml.malformed'],
    ['<?xml version="1.0" encoding="ISO-8859-1"?><a/>', 'xml.encoding'],
    ['<a>\u0001</a>', 'xml.character'],
    ['<a>\ud800</a>', 'xml.character'],
    ['<data id="simple"><unclosed>', 'xml.malformed'],
  ])('%j → %s', (xml, code) => {
    const error = refusal(xml);
    expect(error).toMatchObject({ code, category: 'validation', field: 'xml' });
  });

  it('names the line of the problem', () => {
    expect(refusal('<a>\n<b>\n</c></a>').message).toContain('line 3');
  });
});

describe('readXml refuses XML bombs and external references', () => {
  it('refuses any DOCTYPE, entity declaration or markup declaration', () => {
    const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(refusal(billionLaughs).code).toBe('xml.doctype');
    expect(refusal('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>').code).toBe('xml.doctype');
    expect(refusal('<!doctype a><a/>').code).toBe('xml.doctype');
    expect(refusal('<a><!DOCTYPE a></a>').code).toBe('xml.doctype');
    expect(refusal('<!ENTITY x "y"><a/>').code).toBe('xml.doctype');
    expect(refusal('<a><!ELEMENT a ANY></a>').code).toBe('xml.malformed');
  });

  it('refuses entities beyond the five predefined and bad character references', () => {
    for (const xml of ['<a>&lol;</a>', '<a>&xxe;</a>', '<a x="&ext;"/>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<a>&#x110000;</a>', '<a>& b</a>', '<a>&amp</a>', '<a>&#;</a>', '<a>&#x;</a>', '<a>&#12345678;</a>'])
      expect(refusal(xml).code).toBe('xml.entity');
  });

  it('refuses deep nesting, many nodes, many attributes, long names and big inputs', () => {
    const depth = XML_LIMITS.maxDepth + 1;
    expect(refusal('<a>'.repeat(depth) + '</a>'.repeat(depth)).code).toBe('xml.too_deep');
    expect(refusal('<a>'.repeat(100_000)).code).toBe('xml.too_deep');
    expect(readXml('<a>'.repeat(XML_LIMITS.maxDepth) + '</a>'.repeat(XML_LIMITS.maxDepth)).name).toBe('a');
    expect(refusal(`<r>${'<b/>'.repeat(XML_LIMITS.maxNodes + 1)}</r>`).code).toBe('xml.too_many_nodes');
    const attributes = Array.from({ length: XML_LIMITS.maxAttributes + 1 }, (_, i) => `a${i}="1"`).join(' ');
    expect(refusal(`<r ${attributes}/>`).code).toBe('xml.too_many_attributes');
    expect(refusal(`<${'n'.repeat(XML_LIMITS.maxNameChars + 1)}/>`).code).toBe('xml.name_too_long');
    expect(refusal(`<r>${'x'.repeat(XML_LIMITS.maxChars)}</r>`).code).toBe('xml.too_large');
  });

  it('stays fast on pathological input', () => {
    const started = Date.now();
    for (const xml of ['<a ' + 'x'.repeat(500_000), '<a>' + '&amp'.repeat(150_000) + '</a>', '<a>' + '<!--'.repeat(200_000), '<a>' + '<'.repeat(500_000)]) {
      expect(refusal(xml).category).toBe('validation');
    }
    expect(readXml('<a>' + '&amp;'.repeat(150_000) + '</a>').text).toHaveLength(150_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('decodeXmlBytes', () => {
  it('decodes UTF-8 and refuses invalid bytes or too many', () => {
    expect(decodeXmlBytes(new TextEncoder().encode('<a>é</a>'))).toBe('<a>é</a>');
    expect(thrownDomainError(() => decodeXmlBytes(new Uint8Array([0x3c, 0xff, 0x3e]))).code).toBe('xml.encoding');
    expect(thrownDomainError(() => decodeXmlBytes(new Uint8Array(10), 'f', 5))).toMatchObject({ code: 'xml.too_large', field: 'f' });
  });
});
