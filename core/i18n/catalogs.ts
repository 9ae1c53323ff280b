import { arAdmin } from './ar/admin';
import { arAlertAdmin } from './ar/alert-admin';
import { arAlertPrivacy } from './ar/alert-privacy';
import { arAlertSettings } from './ar/alert-settings';
import { arAlerts } from './ar/alerts';
import { arApp } from './ar/app';
import { arCases } from './ar/cases';
import { arClock } from './ar/clock';
import { arHotline } from './ar/hotline';
import { arIncidents } from './ar/incidents';
import { arReferrals } from './ar/referrals';
import { arServices } from './ar/services';
import { arSurvivors } from './ar/survivors';
import { es } from './es';
import { frAdmin } from './fr/admin';
import { frAlertAdmin } from './fr/alert-admin';
import { frAlertPrivacy } from './fr/alert-privacy';
import { frAlertSettings } from './fr/alert-settings';
import { frAlerts } from './fr/alerts';
import { frApp } from './fr/app';
import { frCases } from './fr/cases';
import { frClock } from './fr/clock';
import { frHotline } from './fr/hotline';
import { frIncidents } from './fr/incidents';
import { frReferrals } from './fr/referrals';
import { frServices } from './fr/services';
import { frSurvivors } from './fr/survivors';
import { en, type MessageKey } from './keys';
import { sw } from './sw';
import { uk } from './uk';

/** Languages Weft's interface speaks; the same list as LANGUAGES in core/schemas/common. */
export const UI_LANGUAGES = ['en', 'fr', 'ar', 'es', 'uk', 'sw'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export type Catalog = Partial<Record<MessageKey, string>>;

/**
 * en, fr and ar are complete (the types say so); es, uk and sw cover the shell, sign-in
 * and quick exit, and fall back to English for the rest.
 */
export const CATALOGS: Record<UiLanguage, Catalog> = {
  en,
  fr: { ...frApp, ...frAdmin, ...frSurvivors, ...frIncidents, ...frCases, ...frReferrals, ...frServices, ...frHotline, ...frClock, ...frAlerts, ...frAlertAdmin, ...frAlertPrivacy, ...frAlertSettings },
  ar: { ...arApp, ...arAdmin, ...arSurvivors, ...arIncidents, ...arCases, ...arReferrals, ...arServices, ...arHotline, ...arClock, ...arAlerts, ...arAlertAdmin, ...arAlertPrivacy, ...arAlertSettings },
  es,
  uk,
  sw,
};
