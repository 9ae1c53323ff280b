import { describe, expect, it } from 'vitest';
import { detectIdentifyingText, hasIdentifyingText, type IdentifyingTextReason } from './free-text';

const reasons = (text: string): IdentifyingTextReason[] => detectIdentifyingText(text).map((w) => w.reason);
const matched = (text: string): string[] => detectIdentifyingText(text).map((w) => text.slice(w.index, w.index + w.length));

describe('detectIdentifyingText: phone numbers', () => {
  it('flags numbers as people write them', () => {
    for (const text of ['call +243 81 234 5678 now', 'appelez le 0812345678', 'nipigie 0712-345-678', 'tel 00243812345678', 'mob. (0)81 234 56 78', '06.12.34.56.78', 'number 812345678'])
      expect(reasons(text), text).toContain('phone_number');
    expect(matched('call +243 81 234 5678 now')).toEqual(['+243 81 234 5678']);
  });

  it('leaves dates, times, counts, coordinates and ids alone', () => {
    for (const text of [
      'on 2026-11-20 14:30 about 300 people fled',
      'le 20/11/2026 à 14h30',
      'position -1.678912 29.234567',
      '12 armed men, 3 trucks, 1500 m',
      'plate KBX123456 seen',
      'about 1 500 000 francs taken',
      'reference ABC-2026-001',
    ])
      expect(reasons(text), text).not.toContain('phone_number');
  });
});

describe('detectIdentifyingText: names', () => {
  it('flags phrases that introduce a name, in English, French, Swahili and Arabic', () => {
    for (const text of ['My name is Amani', "je m'appelle Furaha", 'Je m’appelle Furaha', 'elle s’appelle Neema', 'jina langu ni Baraka', 'anaitwa Zawadi', 'a girl named Imani', 'اسمي مريم', 'son nom est: Kahindo'])
      expect(reasons(text), text).toContain('name_phrase');
  });

  it('flags a title before a capitalised word, and capitalised pairs mid-sentence', () => {
    expect(reasons('Mama Furaha saw them')).toContain('titled_name');
    expect(reasons('they took Bwana Kasereka')).toContain('titled_name');
    expect(reasons('the soldiers beat Jean Bosco badly')).toContain('name_pair');
    expect(matched('the soldiers beat Jean Bosco badly')).toEqual(['Jean Bosco']);
  });

  it('stays quiet on ordinary reports: sentence starts, places, days, organisations', () => {
    for (const text of [
      'Armed men came at night. Houses burned.',
      'Attack near Kanyabayonga Centre this morning',
      'they went towards Lubero Town',
      'On Monday March the road was closed',
      'seen in Rutshuru Territory',
      'patrol of the United Nations passed',
      'wanajeshi walifika katika Kijiji Kipya',
      'ils sont partis vers Kiwanja Centre',
      'Hommes armés. Deux filles enlevées.',
      '',
    ])
      expect(detectIdentifyingText(text), text).toEqual([]);
    expect(hasIdentifyingText('nothing here')).toBe(false);
  });
});

describe('detectIdentifyingText: email addresses and order', () => {
  it('flags email addresses and orders warnings by position', () => {
    const warnings = detectIdentifyingText('write to amani.k@example.org or call +243812345678, my name is Amani');
    expect(warnings.map((w) => w.reason)).toEqual(['email_address', 'phone_number', 'name_phrase']);
    expect(warnings.map((w) => w.index)).toEqual([...warnings.map((w) => w.index)].sort((a, b) => a - b));
  });
});
