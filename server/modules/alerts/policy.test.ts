/** Pure rules of alerts: acknowledgements, references, place candidates, masking, form bodies, keyed hashes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../platform/crypto/field-cipher';
import { generateMasterKey, loadMasterKeyring } from '../../platform/crypto/master-keys';
import { acknowledgement, maskPhone, newAlertReference, pickNamedArea, placeCandidates } from './policy';
import { parseFormBody } from './routes';

describe('acknowledgement', () => {
  it('answers in the first language it has, English otherwise, with the reference only', () => {
    expect(acknowledgement('A-ABC234', ['sw-KE', 'fr'])).toBe('Taarifa yako imepokelewa. Kumbukumbu A-ABC234. Asante.');
    expect(acknowledgement('A-ABC234', ['ln', 'fr'])).toBe('Votre alerte a été reçue. Référence A-ABC234. Merci.');
    expect(acknowledgement('A-ABC234', [null, undefined, 'xx'])).toBe('Your alert was received. Reference A-ABC234. Thank you.');
  });

  it('draws references from an alphabet read out without mistakes', () => {
    for (let i = 0; i < 200; i++) expect(newAlertReference()).toMatch(/^A-[A-HJKMNP-Z2-9]{6}$/);
  });
});

describe('places named in free text', () => {
  it('finds P-code shapes and short phrases, bounded on any text', () => {
    expect(placeCandidates('Soldiers at cd6101 near Kanya Bayonga market')).toMatchObject({ codes: ['CD6101'] });
    expect(placeCandidates('near Kanya Bayonga market').phrases).toContain('kanya bayonga');
    fc.assert(
      fc.property(fc.string({ maxLength: 20_000 }), (text) => {
        const { codes, phrases } = placeCandidates(text);
        expect(codes.length).toBeLessThanOrEqual(20);
        expect(phrases.length).toBeLessThanOrEqual(600);
      }),
    );
  });

  it('prefers a code, then the most precise level, and gives up when ambiguous', () => {
    expect(pickNamedArea([{ id: 'a', level: 3, by: 'name' }, { id: 'b', level: 2, by: 'code' }])).toBe('b');
    expect(pickNamedArea([{ id: 'a', level: 3, by: 'name' }, { id: 'b', level: 2, by: 'name' }])).toBe('a');
    expect(pickNamedArea([{ id: 'a', level: 3, by: 'name' }, { id: 'b', level: 3, by: 'name' }])).toBeNull();
    expect(pickNamedArea([])).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last two digits', () => {
    expect(maskPhone('+254700000123')).toBe('+254•••••••23');
    expect(maskPhone('+1234')).toBe('•••••');
  });
});

describe('parseFormBody', () => {
  it('decodes to a null-prototype record, repeated names as lists', () => {
    const fields = parseFormBody('__proto__=x&constructor=y&a=1&a=2&b=%E2%9C%93');
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(fields).toMatchObject({ __proto__: 'x', constructor: 'y', a: ['1', '2'], b: '✓' });
    expect(() => parseFormBody(Array.from({ length: 201 }, (_, i) => `f${i}=1`).join('&'))).toThrow(/more than 200 fields/);
  });
});

describe('lookupHashes', () => {
  it('is keyed, stable, and still matches after a master key rotation', () => {
    const before = loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: '/nonexistent', embedded: false });
    const cipher = createFieldCipher(before);
    const [hash] = cipher.lookupHashes('alerts.sender', '+254700000001');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookupHashes('alerts.sender', '+254700000001')[0]).toBe(hash);
    expect(cipher.lookupHashes('alerts.dedupe', '+254700000001')[0]).not.toBe(hash);
    expect(createFieldCipher(loadMasterKeyring({ masterKey: generateMasterKey(), dataDir: '/x', embedded: false })).lookupHashes('alerts.sender', '+254700000001')[0]).not.toBe(hash);
    const after = createFieldCipher(before.withNewCurrent(generateMasterKey(), 'environment')).lookupHashes('alerts.sender', '+254700000001');
    expect(after).toHaveLength(2);
    expect(after[0]).not.toBe(hash);
    expect(after).toContain(hash);
  });
});
