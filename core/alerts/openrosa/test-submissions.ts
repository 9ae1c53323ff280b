/** Test support: instances of Weft's alert form as ODK Collect writes them (fictional content). */
export const INSTANCE_ID = 'uuid:6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c';
export const DEPRECATED_ID = 'uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export interface AlertInstanceOptions {
  formId?: string;
  body?: string;
  meta?: string;
  rootAttributes?: string;
}

export const alertBody = (overrides: Record<string, string | null> = {}): string => {
  const fields: Record<string, string | null> = {
    area_code: 'CD-NK-RUT',
    place_description: 'Behind the health centre, near the river',
    what_happened: 'abduction looting',
    people_at_risk: '12',
    perpetrator_type: 'non_state_armed_group',
    observed_at: '2026-11-20T14:30:00.000+02:00',
    details: 'About ten armed men passed at dawn and took two girls.',
    location: '-1.2345 29.1234 1500 5',
    ...overrides,
  };
  return Object.entries(fields)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => (value === '' ? `<${name}/>` : `<${name}>${value}</${name}>`))
    .join('');
};

export const observationXml = (kind: string, count = '', note = ''): string =>
  `<observation><kind>${kind}</kind><count>${count}</count><note>${note}</note></observation>`;

export function alertInstance(options: AlertInstanceOptions = {}): string {
  const formId = options.formId ?? 'weft_alert';
  const meta = options.meta ?? `<orx:meta><orx:instanceID>${INSTANCE_ID}</orx:instanceID></orx:meta>`;
  const body = options.body ?? alertBody() + observationXml('armed_men', '10', 'Some in uniform') + observationXml('gunfire');
  return `<?xml version='1.0' ?><weft_alert id="${formId}" version="2026112201" xmlns:orx="http://openrosa.org/xforms" xmlns:jr="http://openrosa.org/javarosa"${options.rootAttributes ?? ''}>${body}${meta}</weft_alert>`;
}
