import { describe, expect, it } from 'vitest';
import { fieldsOfClass, INCIDENT_FIELDS, SENSITIVITY_CLASSES, sensitivityOf, stripBySensitivity, SURVIVOR_FIELDS } from './sensitivity';

describe('field sensitivity (MIN-1)', () => {
  it('gives every field one of the three classes', () => {
    for (const table of [SURVIVOR_FIELDS, INCIDENT_FIELDS]) {
      for (const c of Object.values(table)) expect(SENSITIVITY_CLASSES).toContain(c);
    }
  });

  it('classes what DESIGN names as encrypted (names, contacts, exact location, narrative) as identifying', () => {
    for (const field of ['name', 'contact', 'address', 'dateOfBirth', 'caregiverName'] as const) expect(SURVIVOR_FIELDS[field]).toBe('identifying');
    for (const field of ['exactLocation', 'narrative', 'perpetratorNames', 'witnessNames', 'evidenceFiles'] as const) expect(INCIDENT_FIELDS[field]).toBe('identifying');
  });

  it('keeps what aggregates need non-identifying, and exact ages and dates out of it', () => {
    for (const field of ['sex', 'ageGroup', 'displacementStatus', 'maritalStatus'] as const) expect(SURVIVOR_FIELDS[field]).toBe('non_identifying');
    for (const field of ['gbvType', 'ageGroup', 'adminAreaCode', 'perpetratorCategory', 'incidentMonth'] as const) expect(INCIDENT_FIELDS[field]).toBe('non_identifying');
    for (const field of ['ageAtIncident', 'incidentDate'] as const) expect(INCIDENT_FIELDS[field]).toBe('sensitive');
  });

  it('treats an unknown field as identifying (deny by default)', () => {
    expect(sensitivityOf('survivor', 'phoneOfSister')).toBe('identifying');
    expect(sensitivityOf('incident', '__proto__')).toBe('identifying');
    expect(sensitivityOf('incident', 'narrative')).toBe('identifying');
  });

  it('lists fields by class', () => {
    const identifying = fieldsOfClass('survivor', ['identifying']);
    expect(identifying).toContain('name');
    expect(identifying).not.toContain('sex');
    expect(fieldsOfClass('incident', ['identifying', 'sensitive', 'non_identifying'])).toHaveLength(Object.keys(INCIDENT_FIELDS).length);
  });

  it('strips a record to the allowed classes: an analyst gets no identifying or sensitive field', () => {
    const incident = { id: 'i1', gbvType: 'rape', ageGroup: '12-17', ageAtIncident: 14, narrative: 'secret', exactLocation: 'secret', newField: 'secret' };
    expect(stripBySensitivity('incident', incident, ['non_identifying'])).toEqual({ id: 'i1', gbvType: 'rape', ageGroup: '12-17' });
    expect(stripBySensitivity('incident', incident, ['non_identifying', 'sensitive'])).toEqual({ id: 'i1', gbvType: 'rape', ageGroup: '12-17', ageAtIncident: 14 });
    expect(stripBySensitivity('incident', incident, [...SENSITIVITY_CLASSES])).toEqual(incident);
    expect(stripBySensitivity('survivor', { name: 'x', sex: 'female' }, [])).toEqual({});
  });
});
