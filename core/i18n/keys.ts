import { enAdmin } from './en/admin';
import { enAlertAdmin } from './en/alert-admin';
import { enAlertPrivacy } from './en/alert-privacy';
import { enAlertSettings } from './en/alert-settings';
import { enAlerts } from './en/alerts';
import { enApp } from './en/app';
import { enCases } from './en/cases';
import { enClock } from './en/clock';
import { enHotline } from './en/hotline';
import { enIncidents } from './en/incidents';
import { enReferrals } from './en/referrals';
import { enServices } from './en/services';
import { enSurvivors } from './en/survivors';

/** The English catalog: the reference every other language is checked against. */
export const en = { ...enApp, ...enAdmin, ...enSurvivors, ...enIncidents, ...enCases, ...enReferrals, ...enServices, ...enHotline, ...enClock, ...enAlerts, ...enAlertAdmin, ...enAlertPrivacy, ...enAlertSettings } as const;

/** Every message key the UI (and the server) may ask for. */
export type MessageKey = keyof typeof en;
