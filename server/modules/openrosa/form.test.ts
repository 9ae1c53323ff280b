/** forms/alert/weft_alert.xml: read by the safe reader, and its instance is what the alert parser reads (round trip). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_CATEGORIES, ALERT_PERPETRATOR_TYPES, OBSERVATION_KINDS, parseAlertSubmission, readXml, type XmlElement } from '../../../core/alerts';
import { ALERT_FORM_FILE, alertForm } from './service';

const xml = fs.readFileSync(ALERT_FORM_FILE, 'utf8');
const root = readXml(xml);
const child = (e: XmlElement, name: string) => e.children.find((c) => c.localName === name)!;
const model = child(child(root, 'head'), 'model');
const instances = model.children.filter((c) => c.localName === 'instance');
const primary = instances[0]!.children[0]!;

/** Fills the form's primary instance as Collect would, printing it back to XML. */
function fill(element: XmlElement, values: Record<string, string>, repeats: number): string {
  const print = (e: XmlElement, pathSoFar: string): string => {
    const p = pathSoFar ? `${pathSoFar}/${e.name}` : e.name;
    const attrs = [...e.attributes].filter(([k]) => k !== 'jr:template').map(([k, v]) => ` ${k}="${v}"`).join('');
    if (e.children.length === 0) return `<${e.name}${attrs}>${values[p] ?? ''}</${e.name}>`;
    const inner = e.children.map((c) => (c.name === 'observation' ? Array.from({ length: repeats }, () => print(c, p)).join('') : print(c, p))).join('');
    return `<${e.name}${attrs}>${inner}</${e.name}>`;
  };
  return print(element, '');
}

describe('the alert XForm', () => {
  it('parses with the safe reader and names the form and version', () => {
    expect(root.name).toBe('h:html');
    expect(primary.name).toBe('weft_alert');
    expect(alertForm()).toMatchObject({ formId: 'weft_alert', name: 'Weft alert', version: '2026112202' });
  });

  it('has English, French and Swahili labels for every text id', () => {
    const translations = child(model, 'itext').children;
    expect(translations.map((t) => t.attributes.get('lang'))).toEqual(['English (en)', 'French (fr)', 'Swahili (sw)']);
    const ids = translations.map((t) => t.children.map((c) => c.attributes.get('id')).sort());
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    for (const t of translations) for (const text of t.children) expect(child(text, 'value').text.trim(), text.attributes.get('id')).not.toBe('');
  });

  it('offers exactly the vocabularies the parser accepts', () => {
    const names = (id: string) => instances.find((i) => i.attributes.get('id') === id)!.children[0]!.children.map((item) => child(item, 'name').text);
    expect(names('alert_categories')).toEqual([...ALERT_CATEGORIES]);
    expect(names('perpetrator_types')).toEqual([...ALERT_PERPETRATOR_TYPES]);
    expect(names('observation_kinds')).toEqual([...OBSERVATION_KINDS]);
  });

  it('its instance, filled in, is what parseAlertSubmission reads', () => {
    const submission = fill(primary, {
      'weft_alert/area_code': 'CD-NK-RUT',
      'weft_alert/what_happened': 'abduction troop_movement',
      'weft_alert/people_at_risk': '40',
      'weft_alert/perpetrator_type': 'unknown',
      'weft_alert/observed_at': '2026-11-21T06:15:00.000+02:00',
      'weft_alert/location': '-1.5 29.2 1400 8',
      'weft_alert/photo': '1763700000000.jpg',
      'weft_alert/observation/kind': 'vehicles',
      'weft_alert/observation/count': '3',
      'weft_alert/meta/instanceID': 'uuid:11111111-2222-4333-8444-555555555555',
    }, 2);
    expect(parseAlertSubmission(submission)).toMatchObject({
      formId: 'weft_alert',
      formVersion: '2026112202',
      instanceId: 'uuid:11111111-2222-4333-8444-555555555555',
      areaCode: 'CD-NK-RUT',
      categories: ['abduction', 'troop_movement'],
      peopleAtRisk: 40,
      perpetratorType: 'unknown',
      observedAt: '2026-11-21T04:15:00.000Z',
      location: { latitude: -1.5, longitude: 29.2, altitude: 1400, accuracy: 8 },
      observations: [{ kind: 'vehicles', count: 3, note: null }, { kind: 'vehicles', count: 3, note: null }],
      photo: '1763700000000.jpg',
    });
  });

  it('binds every field of the instance, and the XLSForm source lists the same fields', () => {
    const binds = model.children.filter((c) => c.localName === 'bind').map((b) => b.attributes.get('nodeset'));
    const leaves: string[] = [];
    const walk = (e: XmlElement, p: string) => (e.children.length === 0 ? leaves.push(p) : e.children.forEach((c) => walk(c, `${p}/${c.name}`)));
    walk(primary, '/weft_alert');
    expect(binds.sort()).toEqual(leaves.sort());
    const survey = fs.readFileSync(path.join(path.dirname(ALERT_FORM_FILE), 'xlsform', 'survey.csv'), 'utf8');
    const surveyNames = survey.trim().split('\n').slice(1).map((line) => line.split(',')[1]);
    for (const leaf of leaves.filter((l) => !l.includes('/meta/'))) expect(surveyNames).toContain(leaf.split('/').pop());
  });
});
