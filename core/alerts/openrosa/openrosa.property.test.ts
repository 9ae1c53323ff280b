/** Whatever a device (or an attacker) uploads, the XML reader and the alert parser answer a result or a DomainError, quickly (REL-4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors';
import { parseAlertSubmission } from './submission';
import { alertBody, alertInstance, observationXml } from './test-submissions';
import { readXml, type XmlElement } from './xml';

function refusedWith(fn: () => unknown, categories: string[] = ['validation']): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(categories).toContain(error.category);
  }
}

const fragments = fc.constantFrom(
  '<a>', '</a>', '<b x="1">', '</b>', '<c/>', '<d y=\'&amp;\'/>', 'text', ' ', '\n', '&amp;', '&lt;', '&#65;', '&#x10FFFF;', '&bad;', '&', '<', '>', '"', "'", '=',
  '<![CDATA[', ']]>', '<!--', '-->', '<?pi x?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', '<!ENTITY e "x">', '<orx:meta>', '</orx:meta>', '\u0000', '\ud800', 'é', '😀',
);
const soup = fc.array(fragments, { maxLength: 60 }).map((parts) => parts.join(''));

/** Well-formed trees, printed: the reader must read them back. */
const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/);
const text = fc.string({ maxLength: 12 }).map((s) => s.replace(/[^\x20-\x7e\u00e9]/g, ''));
/** Trees up to `depth` levels, built without recursion in fast-check itself. */
const treeOf = (depth: number): fc.Arbitrary<XmlTree> =>
  fc.record({ name, attributes: fc.dictionary(name, text, { maxKeys: 3 }), text, children: depth <= 1 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 3 }) });
const tree = treeOf(5);
interface XmlTree {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlTree[];
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const print = (t: XmlTree): string =>
  `<${t.name}${Object.entries(t.attributes).map(([k, v]) => ` ${k}="${esc(v)}"`).join('')}>${esc(t.text)}${t.children.map(print).join('')}</${t.name}>`;
const depthOf = (t: XmlTree): number => 1 + Math.max(0, ...t.children.map(depthOf));
const strip = (e: XmlElement): XmlTree => ({ name: e.name, attributes: Object.fromEntries(e.attributes), text: e.text, children: e.children.map(strip) });

describe('readXml (property)', () => {
  it('never throws anything but a validation DomainError on random text or tag soup', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), soup), (xml) => refusedWith(() => readXml(xml))), { numRuns: 2_000 });
  });

  it('reads back any well-formed tree it is given', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(depthOf(t)).toBeLessThanOrEqual(5);
        expect(strip(readXml(print(t)))).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses nesting past the limit however it is built', () => {
    fc.assert(
      fc.property(fc.integer({ min: 33, max: 5_000 }), fc.boolean(), (depth, close) => {
        const xml = '<a>'.repeat(depth) + (close ? '</a>'.repeat(depth) : '');
        expect(() => readXml(xml)).toThrow(DomainError);
      }),
      { numRuns: 50 },
    );
  });
});

describe('parseAlertSubmission (property)', () => {
  const value = fc.oneof(fc.string({ maxLength: 30 }).map(esc), fc.constantFrom('', 'abduction', 'looting other', '12', '-1 2', '91 0', '2026-11-20T10:00:00Z', 'uuid:x', '&#0;', '<x/>', ']]>'));
  const fieldNames = fc.constantFrom('area_code', 'place_description', 'what_happened', 'people_at_risk', 'perpetrator_type', 'observed_at', 'details', 'location');

  it('answers a submission, a validation refusal or form.not_found, whatever the field values', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldNames, fc.option(value)), fc.array(fc.tuple(value, value, value), { maxLength: 4 }), fc.constantFrom('weft_alert', 'other', ''), (overrides, observations, formId) => {
        const body = alertBody(overrides) + observations.map(([k, c, n]) => observationXml(k, c, n)).join('');
        refusedWith(() => parseAlertSubmission(alertInstance({ body, formId })), ['validation', 'not_found']);
      }),
      { numRuns: 1_000 },
    );
  });

  it('answers a refusal for random XML', () => {
    fc.assert(fc.property(fc.oneof(soup, fc.string()), (xml) => refusedWith(() => parseAlertSubmission(xml), ['validation', 'not_found'])), { numRuns: 1_000 });
  });
});
