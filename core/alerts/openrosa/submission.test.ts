import { describe, expect, it } from 'vitest';
import { thrownDomainError } from '../../domain-error.testing';
import { parseAlertSubmission, readGeopoint, readSubmissionEnvelope } from './submission';
import { alertBody, alertInstance, DEPRECATED_ID, INSTANCE_ID, observationXml } from './test-submissions';

const refusal = (xml: string) => thrownDomainError(() => parseAlertSubmission(xml));

describe('readSubmissionEnvelope', () => {
  it('reads form id, version, instanceID and deprecatedID', () => {
    const envelope = readSubmissionEnvelope(
      alertInstance({ meta: `<meta><instanceID>${INSTANCE_ID.toUpperCase().replace('UUID', 'uuid')}</instanceID><deprecatedID>${DEPRECATED_ID}</deprecatedID></meta>` }),
    );
    expect(envelope).toMatchObject({ formId: 'weft_alert', version: '2026112201', instanceId: INSTANCE_ID, deprecatedId: DEPRECATED_ID, encrypted: false });
  });

  it('accepts bytes and refuses what has no identity', () => {
    expect(readSubmissionEnvelope(new TextEncoder().encode(alertInstance())).instanceId).toBe(INSTANCE_ID);
    expect(thrownDomainError(() => readSubmissionEnvelope('<data><meta/></data>'))).toMatchObject({ code: 'openrosa.form_id_missing', field: 'xml_submission_file/@id' });
    expect(thrownDomainError(() => readSubmissionEnvelope('<data id="x y"/>')).code).toBe('openrosa.form_id_invalid');
    expect(thrownDomainError(() => readSubmissionEnvelope('<data id="f"/>'))).toMatchObject({ code: 'openrosa.instance_id_missing', field: 'xml_submission_file/meta/instanceID' });
    expect(thrownDomainError(() => readSubmissionEnvelope('<data id="f"><meta><instanceID>42</instanceID></meta></data>')).code).toBe('openrosa.instance_id_invalid');
    expect(thrownDomainError(() => readSubmissionEnvelope(`<data id="f"><meta><instanceID>${INSTANCE_ID}</instanceID><deprecatedID>${INSTANCE_ID}</deprecatedID></meta></data>`)).field).toBe('xml_submission_file/meta/deprecatedID');
    expect(thrownDomainError(() => readSubmissionEnvelope(`<data id="f"><meta><instanceID>${INSTANCE_ID}</instanceID><instanceID>${INSTANCE_ID}</instanceID></meta></data>`)).code).toBe('openrosa.field_repeated');
    expect(thrownDomainError(() => readSubmissionEnvelope('<data id="simple"><unclosed>'))).toMatchObject({ code: 'xml.malformed', field: 'xml_submission_file' });
  });
});

describe('parseAlertSubmission', () => {
  it('reads every field of the alert form, repeats included', () => {
    expect(parseAlertSubmission(alertInstance())).toEqual({
      formId: 'weft_alert',
      formVersion: '2026112201',
      instanceId: INSTANCE_ID,
      deprecatedId: null,
      areaCode: 'CD-NK-RUT',
      placeDescription: 'Behind the health centre, near the river',
      categories: ['abduction', 'looting'],
      peopleAtRisk: 12,
      perpetratorType: 'non_state_armed_group',
      observedAt: '2026-11-20T12:30:00.000Z',
      details: 'About ten armed men passed at dawn and took two girls.',
      location: { latitude: -1.2345, longitude: 29.1234, altitude: 1500, accuracy: 5 },
      observations: [
        { kind: 'armed_men', count: 10, note: 'Some in uniform' },
        { kind: 'gunfire', count: null, note: null },
      ],
      photo: null,
      warnings: [],
    });
  });

  it('reads the photo answer as the name of its attachment part, and refuses a path', () => {
    expect(parseAlertSubmission(alertInstance({ body: alertBody({ photo: '1763700000000.jpg' }) })).photo).toBe('1763700000000.jpg');
    expect(() => parseAlertSubmission(alertInstance({ body: alertBody({ photo: '../etc/passwd' }) }))).toThrow(/photo must be a file name/);
  });

  it('treats unanswered questions (empty elements) as absent and needs only what happened and where', () => {
    const body = alertBody({ area_code: '', place_description: null, people_at_risk: '', perpetrator_type: '', observed_at: '', details: '', location: '0.5 30' });
    expect(parseAlertSubmission(alertInstance({ body }))).toMatchObject({ areaCode: null, placeDescription: null, peopleAtRisk: null, perpetratorType: null, observedAt: null, details: null, observations: [] });
    expect(parseAlertSubmission(alertInstance({ body: alertBody({ area_code: null, location: null }) })).placeDescription).toContain('health centre');
  });

  it('warns (never refuses) when free text looks like it names someone', () => {
    const body = alertBody({ details: 'Her name is Amani, call 0812 345 678' }) + observationXml('other', '', 'Mama Furaha saw them');
    const { warnings } = parseAlertSubmission(alertInstance({ body }));
    expect(warnings.map((w) => w.field)).toEqual(['details', 'observation[1]/note']);
    expect(warnings[0]!.warnings.map((w) => w.reason)).toEqual(['name_phrase', 'phone_number']);
  });

  it('answers another form with not_found, an encrypted instance with a refusal', () => {
    expect(thrownDomainError(() => parseAlertSubmission(alertInstance({ formId: 'other_form' })))).toMatchObject({ category: 'not_found', code: 'form.not_found' });
    expect(refusal(alertInstance({ rootAttributes: ' encrypted="yes"' })).code).toBe('openrosa.encrypted_unsupported');
  });

  it('refuses missing and bad values, naming the field', () => {
    const cases: [Record<string, string | null>, string, string][] = [
      [{ what_happened: null }, 'openrosa.field_missing', 'what_happened'],
      [{ what_happened: '' }, 'openrosa.field_missing', 'what_happened'],
      [{ what_happened: 'abduction rumour' }, 'openrosa.choice_invalid', 'what_happened'],
      [{ area_code: null, place_description: null, location: null }, 'openrosa.place_missing', 'area_code'],
      [{ area_code: 'CD NK' }, 'openrosa.field_invalid', 'area_code'],
      [{ area_code: 'X'.repeat(65) }, 'openrosa.field_too_long', 'area_code'],
      [{ people_at_risk: '-1' }, 'openrosa.field_invalid', 'people_at_risk'],
      [{ people_at_risk: '2000000' }, 'openrosa.field_invalid', 'people_at_risk'],
      [{ people_at_risk: '1.5' }, 'openrosa.field_invalid', 'people_at_risk'],
      [{ perpetrator_type: 'aliens' }, 'openrosa.choice_invalid', 'perpetrator_type'],
      [{ observed_at: '2026-11-20' }, 'openrosa.datetime_invalid', 'observed_at'],
      [{ observed_at: '2026-11-20T14:30:00' }, 'openrosa.datetime_invalid', 'observed_at'],
      [{ observed_at: '2026-02-31T14:30:00Z' }, 'openrosa.datetime_invalid', 'observed_at'],
      [{ location: '91 29' }, 'openrosa.geopoint_invalid', 'location'],
      [{ location: '1 181 0 0' }, 'openrosa.geopoint_invalid', 'location'],
      [{ location: '1' }, 'openrosa.geopoint_invalid', 'location'],
      [{ location: '1 2 3 -4' }, 'openrosa.geopoint_invalid', 'location'],
      [{ location: 'NaN Infinity' }, 'openrosa.geopoint_invalid', 'location'],
      [{ details: 'x'.repeat(5_001) }, 'openrosa.field_too_long', 'details'],
      [{ details: '<b>bold</b>' }, 'openrosa.field_invalid', 'details'],
    ];
    for (const [overrides, code, path] of cases)
      expect(refusal(alertInstance({ body: alertBody(overrides) })), JSON.stringify(overrides).slice(0, 80)).toMatchObject({ code, field: `xml_submission_file/${path}` });
    expect(refusal(alertInstance({ body: alertBody() + '<details>again</details>' })).code).toBe('openrosa.field_repeated');
    expect(refusal(alertInstance({ body: alertBody() + observationXml('tanks') })).field).toBe('xml_submission_file/observation[1]/kind');
    expect(refusal(alertInstance({ body: alertBody() + '<observation><count>3</count></observation>' })).code).toBe('openrosa.field_missing');
    expect(refusal(alertInstance({ body: alertBody() + observationXml('gunfire').repeat(51) })).code).toBe('openrosa.too_many_repeats');
  });

  it('reads ODK geopoints with two to four parts', () => {
    expect(readGeopoint('0.5 30')).toEqual({ latitude: 0.5, longitude: 30, altitude: null, accuracy: null });
  });
});
