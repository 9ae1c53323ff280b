/**
 * The Incident Recorder headers in core/gbvims are the ones in ../shared/data/gbvims (Primero's
 * IR export locale files), key for key and text for text (trimmed), in both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IR_COLUMNS, irRow, type IrRecord } from '../../../core/gbvims/incident-recorder';
import { incidentTimeColumns } from '../../../core/gbvims/derive';

const DATA = path.resolve(__dirname, '../../../../shared/data/gbvims');

/** The `headers:` block of the locale file as dotted key -> text (the file is two-space YAML). */
function headersOf(lang: 'en' | 'fr'): Map<string, string> {
  const lines = fs.readFileSync(path.join(DATA, `incident-recorder-columns.${lang}.yml`), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === 'headers:');
  const base = lines[start]!.search(/\S/);
  const result = new Map<string, string>();
  let section: string | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const indent = line.search(/\S/);
    if (indent <= base) break;
    const match = /^\s*([\w]+):\s*(.*)$/.exec(line)!;
    const [, key, raw] = match;
    if (raw === '') {
      section = key!;
      continue;
    }
    if (indent === base + 2) section = null;
    const value = raw!.replace(/^["']|["']$/g, '').trim();
    result.set(section ? `${section}.${key}` : key!, value);
  }
  return result;
}

describe('Incident Recorder columns', () => {
  for (const lang of ['en', 'fr'] as const) {
    it(`match the ${lang} headers of the shared data, in order`, () => {
      const source = headersOf(lang);
      expect(IR_COLUMNS.map((c) => c.key)).toEqual([...source.keys()]);
      expect(IR_COLUMNS.map((c) => c.header[lang])).toEqual([...source.values()]);
    });
  }

  const record: IrRecord = {
    incidentCode: 'I-TEST0001',
    survivorPseudonym: 'S-abc',
    reportDate: '2026-09-20',
    incidentDate: '2026-09-14',
    survivorSex: 'female',
    nationality: 'Fictional Land',
    maritalStatus: 'single',
    displacementStatus: 'idp',
    disability: 'no',
    displacementStage: 'during_flight',
    timeOfDay: 'evening_night',
    placeType: 'bush_forest',
    areaNames: { 1: 'Fictional Province', 2: 'Fictional Territory' },
    gbvType: 'sexual_assault',
    goodsMoneyExchanged: false,
    abductionType: 'none',
    previouslyReported: true,
    previousGbvIncidents: null,
    perpetratorCount: 'more_than_3',
    perpetratorSex: 'male',
    perpetratorRelationship: 'no_relation',
    perpetratorCategory: 'non_state_armed_group',
    perpetratorAgeGroup: '12-17',
    agencyCode: 'FICT',
  };
  const cells = (sensitive: boolean, lang: 'en' | 'fr' = 'en') => {
    const row = irRow(record, { lang, sensitive });
    return Object.fromEntries(IR_COLUMNS.map((c, i) => [c.key, row[i]]));
  };

  it('maps coded values to IR labels and leaves identifying columns empty', () => {
    const en = cells(true);
    expect(en).toMatchObject({
      incident_id: 'I-TEST0001',
      date_of_incident: '2026-09-14',
      date_of_birth: '',
      sex: 'F',
      county: 'Fictional Province',
      district: 'Fictional Territory',
      gbv_type: 'Sexual assault',
      number_primary_perpetrators: 'More than 3',
      'perpetrator.age_type': 'Minor',
      previously_reported: 'Yes',
      gbv_previous_incidents: '',
      consent: 'Yes',
    });
    expect(cells(true, 'fr')).toMatchObject({ sex: 'Féminin', number_primary_perpetrators: 'Plus de 3', previously_reported: 'Oui' });
  });

  it('without sensitive access: month only, no nationality, disability or interview date', () => {
    expect(cells(false)).toMatchObject({ date_of_incident: '2026-09', date_of_interview: '', country_of_origin: '', disability_type: '' });
  });

  it('stores the span of a date without offset across every time zone', () => {
    const span = incidentTimeColumns({ precision: 'date', date: '2026-09-14' });
    expect(span.earliestAt!.toISOString()).toBe('2026-09-13T10:00:00.000Z');
    expect(span.latestAt!.toISOString()).toBe('2026-09-15T12:00:00.000Z');
    expect(incidentTimeColumns({ precision: 'unknown' })).toEqual({ incidentDate: null, earliestAt: null, latestAt: null });
  });
});
