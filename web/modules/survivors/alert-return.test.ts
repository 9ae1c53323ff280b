import { describe, expect, it } from 'vitest';
import { incidentStartOfSearch } from '../incidents/incident-from-alert';
import { afterRegistrationPath, alertOfSearch, cancelRegistrationPath, incidentFromAlertPath, registerForAlertPath } from './alert-return';

const ALERT = '33333333-3333-4333-8333-333333333333';
const SURVIVOR = '55555555-5555-4555-8555-555555555555';
const searchOf = (path: string) => new URL(path, 'http://weft.test').searchParams;
const pathOf = (path: string) => new URL(path, 'http://weft.test').pathname;

describe('registering a survivor on the way to an incident from an alert', () => {
  it('carries the alert through registration and consent back to the incident form with the new survivor', () => {
    // The incident page's "Register a survivor" link, then the registration page's answer.
    const register = registerForAlertPath(ALERT);
    expect(pathOf(register)).toBe('/survivors/new');
    const alertOnRegistration = alertOfSearch(searchOf(register));
    expect(alertOnRegistration).toBe(ALERT);

    // Saved: the consent step, still carrying the alert.
    const consent = afterRegistrationPath(SURVIVOR, alertOnRegistration);
    expect(pathOf(consent)).toBe(`/survivors/${SURVIVOR}`);
    expect(searchOf(consent).get('step')).toBe('consent');
    const alertOnConsent = alertOfSearch(searchOf(consent));
    expect(alertOnConsent).toBe(ALERT);

    // Consent recorded: the incident form opens from the alert with this survivor chosen.
    const back = incidentFromAlertPath(alertOnConsent!, SURVIVOR);
    expect(pathOf(back)).toBe('/incidents/new');
    expect(incidentStartOfSearch(searchOf(back))).toEqual({ alertId: ALERT, survivorId: SURVIVOR });
  });

  it('carries nothing but the two ids', () => {
    const consent = afterRegistrationPath(SURVIVOR, ALERT);
    expect([...searchOf(consent).keys()].sort()).toEqual(['alert', 'step']);
    expect([...searchOf(incidentFromAlertPath(ALERT, SURVIVOR)).keys()].sort()).toEqual(['alert', 'survivorId']);
  });

  it('gives up back where it started', () => {
    expect(cancelRegistrationPath(ALERT)).toBe(`/incidents/new?alert=${ALERT}`);
    expect(cancelRegistrationPath(null)).toBe('/survivors');
  });

  it('without an alert, or with a mangled one, is a plain registration', () => {
    expect(afterRegistrationPath(SURVIVOR, null)).toBe(`/survivors/${SURVIVOR}?step=consent`);
    expect(alertOfSearch(searchOf('/survivors/new'))).toBeNull();
    for (const tampered of ['not-an-id', `${ALERT}&survivorId=${SURVIVOR}`, `${ALERT}x`, '../admin', '']) {
      const search = new URLSearchParams({ alert: tampered });
      expect(alertOfSearch(search)).toBeNull();
      expect(afterRegistrationPath(SURVIVOR, alertOfSearch(search))).toBe(`/survivors/${SURVIVOR}?step=consent`);
    }
  });

  it('leaves the incident page to judge the alert id it is given, and drops a mangled survivor id', () => {
    // The page shows "not found" for a mangled alert id and asks the server about any other.
    expect(incidentStartOfSearch(searchOf(`/incidents/new?alert=not-an-id&survivorId=${SURVIVOR}`))).toEqual({ alertId: 'not-an-id', survivorId: SURVIVOR });
    expect(incidentStartOfSearch(searchOf(`/incidents/new?alert=${ALERT}&survivorId=nobody`))).toEqual({ alertId: ALERT, survivorId: null });
    expect(incidentStartOfSearch(searchOf(`/incidents/new?survivorId=${SURVIVOR}`))).toEqual({ alertId: null, survivorId: SURVIVOR });
  });
});
