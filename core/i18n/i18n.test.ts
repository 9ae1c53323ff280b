import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../schemas/common';
import {
  CATALOGS,
  UI_LANGUAGES,
  directionOf,
  en,
  isMessageKey,
  placeholdersOf,
  resolveLanguage,
  translate,
  translatePlural,
  type MessageKey,
} from './index';

const keys = Object.keys(en) as MessageKey[];
const sorted = (values: string[]) => [...new Set(values)].sort();

describe('catalogs', () => {
  it('cover the languages of the schemas', () => {
    expect([...UI_LANGUAGES].sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(['fr', 'ar'] as const)('%s translates every English key, not as an empty string', (lang) => {
    const catalog = CATALOGS[lang];
    const missing = keys.filter((key) => !catalog[key]?.trim());
    expect(missing).toEqual([]);
  });

  it.each(UI_LANGUAGES)('%s has no key that English lacks', (lang) => {
    const unknown = Object.keys(CATALOGS[lang]).filter((key) => !isMessageKey(key));
    expect(unknown).toEqual([]);
  });

  it.each(UI_LANGUAGES)('%s keeps the placeholders of English', (lang) => {
    const catalog = CATALOGS[lang];
    const mismatches = keys.flatMap((key) => {
      const message = catalog[key];
      if (message === undefined) return [];
      const expected = sorted(placeholdersOf(en[key]));
      const actual = sorted(placeholdersOf(message));
      return expected.join() === actual.join() ? [] : [{ key, expected, actual }];
    });
    expect(mismatches).toEqual([]);
  });

  it.each(['es', 'uk', 'sw'] as const)('%s covers the shell, sign-in and quick exit', (lang) => {
    const needed = keys.filter((key) => /^(app|quickExit|language|nav|auth\.signIn|auth\.(email|password)$)/.test(key));
    const missing = needed.filter((key) => !CATALOGS[lang][key]);
    expect(missing).toEqual([]);
  });

  it('fr and ar do not leave an English sentence untranslated', () => {
    // Proper nouns and words that are the same in French are allowed to match.
    const same = new Set(['app.name', 'app.version', 'nav.notifications', 'nav.organisations', 'notifications.title', 'orgs.title',
      'map.code', 'map.level.1', 'orgs.kind', 'nav.incidents', 'nav.menu', 'nav.services', 'referrals.toLine', 'common.actions', 'users.organisation', 'audit.organisation', 'audit.action',
      // Gateway brand names, a gateway's own field name, and words French shares with English.
      'alertAdmin.channel.twilio', 'alertAdmin.channel.vonage', 'alertAdmin.channel.africas_talking', 'alertAdmin.channel.frontlinesms', 'alertAdmin.channel.smssync',
      'alertAdmin.channels.accountId.twilio', 'alertAdmin.targets.minutes', 'alertAdmin.outbox.body', 'alertAdmin.component.police', 'alertAdmin.component.protection',
      'alertAdmin.map.level1', 'alertAdmin.map.legendOne', 'alertAdmin.map.pointed', 'alert.photos']);
    for (const lang of ['fr', 'ar'] as const) {
      const untranslated = keys.filter((key) => !same.has(key) && CATALOGS[lang][key] === en[key]);
      expect({ lang, untranslated }).toEqual({ lang, untranslated: [] });
    }
  });
});

describe('translate', () => {
  it('chooses the singular or plural message by the language\'s plural rules', () => {
    expect(translatePlural('en', 'clock.elapsed', 1)).toBe('1 hour since the incident');
    expect(translatePlural('en', 'clock.elapsed', 5)).toBe('5 hours since the incident');
    // French counts 0 and 1 as singular.
    expect(translatePlural('fr', 'clock.elapsed', 0)).toBe('0 heure depuis l’incident');
    expect(translatePlural('fr', 'clock.elapsed', 2)).toBe('2 heures depuis l’incident');
    // Arabic's two/few/many use the count-neutral 'other' message.
    expect(translatePlural('ar', 'clock.elapsed', 3)).toBe(translate('ar', 'clock.elapsed.other', { count: 3 }));
  });

  it('replaces placeholders and keeps unknown ones visible', () => {
    expect(translate('en', 'home.title', { name: 'Amani' })).toBe('Welcome, Amani');
    expect(translate('en', 'home.title')).toBe('Welcome, {name}');
    expect(translate('fr', 'nav.notificationsUnread', { count: 3 })).toBe('Notifications (non lues : 3)');
  });

  it('falls back to English for a missing message and an unknown language', () => {
    expect(translate('sw', 'orgs.title')).toBe(en['orgs.title']);
    expect(translate('xx', 'nav.home')).toBe('Home');
    expect(translate('fr-CD', 'nav.home')).toBe('Accueil');
  });

  it('does not treat $ patterns in values specially', () => {
    expect(translate('en', 'home.title', { name: "$& $1 $'" })).toBe("Welcome, $& $1 $'");
  });
});

describe('languages', () => {
  it('knows the direction of writing', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-SD')).toBe('rtl');
    expect(directionOf('fr')).toBe('ltr');
    expect(directionOf('uk')).toBe('ltr');
  });

  it('resolves language tags', () => {
    expect(resolveLanguage('sw-KE')).toBe('sw');
    expect(resolveLanguage('de')).toBeNull();
    expect(resolveLanguage(undefined)).toBeNull();
  });
});
