/**
 * Rules a consent record must meet before it is stored (CON-1, CHD-1), and withdrawal (CON-4).
 * Pure: the service calls these, writes the record and the audit row in one transaction.
 */
import { conflict, invalid } from '../errors';
import { isChild } from '../survivors/age';
import {
  CHILD_ASSENT_AGE,
  consentRecord,
  isRecipientScoped,
  MATURE_ADOLESCENT_AGE,
  timeOf,
  type ConsentRecord,
  type ConsentSubject,
} from './types';

export { isChild };

/**
 * The record, checked: shape, recipient per purpose, times, and who may give consent for whom.
 * Throws a validation DomainError naming the field. `now` (when given) refuses future consent.
 */
export function validateConsent(record: unknown, survivor: ConsentSubject, now?: Date): ConsentRecord {
  const parsed = consentRecord.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw invalid('consent.invalid', `${path || 'consent'} ${issue.message}.`, path || undefined);
  }
  const c = parsed.data;
  if (c.survivorId !== survivor.id) throw invalid('consent.wrong_survivor', 'This consent belongs to another survivor.', 'survivorId');
  checkRecipient(c);
  checkTimes(c, now);
  checkGiver(c, survivor.ageAtIncident);
  return c;
}

/** CON-1: referral and justice name the recipient; services and statistics name none. */
function checkRecipient(c: ConsentRecord): void {
  if (isRecipientScoped(c.purpose)) {
    if (!c.recipientOrganisationId) {
      throw invalid('consent.recipient_required', `Consent for ${c.purpose} names the organisation that may receive the data.`, 'recipientOrganisationId');
    }
    return;
  }
  if (c.recipientOrganisationId || c.serviceId) {
    throw invalid('consent.recipient_not_allowed', `Consent for ${c.purpose} names no recipient; record a referral consent for that organisation instead.`, c.recipientOrganisationId ? 'recipientOrganisationId' : 'serviceId');
  }
}

function checkTimes(c: ConsentRecord, now: Date | undefined): void {
  const given = timeOf(c.givenAt);
  if (now && given > now.getTime()) throw invalid('consent.given_in_future', 'Consent cannot be given in the future.', 'givenAt');
  if (c.withdrawnAt === null) {
    if (c.withdrawalRecordedBy !== null) throw invalid('consent.withdrawal_incomplete', 'Record when consent was withdrawn.', 'withdrawnAt');
    return;
  }
  if (timeOf(c.withdrawnAt) < given) throw invalid('consent.withdrawn_before_given', 'Consent cannot be withdrawn before it was given.', 'withdrawnAt');
  if (c.withdrawalRecordedBy === null) throw invalid('consent.withdrawal_incomplete', 'Record who recorded the withdrawal.', 'withdrawalRecordedBy');
}

/**
 * CHD-1. A child (under 18 at the incident): a caregiver consents with the child's assent
 * ('unable' only for a child under CHILD_ASSENT_AGE), or the child consents herself with a
 * recorded reason why the guardian was not asked. An adult consents herself. An unknown age
 * is refused rather than guessed: the worker records an age, an estimate will do.
 */
function checkGiver(c: ConsentRecord, ageAtIncident: number | null): void {
  const child = isChild(ageAtIncident);
  if (child === null) {
    throw invalid('consent.age_unknown', "Record the survivor's age at the incident (an estimate will do): the rules for children depend on it.", 'ageAtIncident');
  }
  if (!child) {
    if (c.givenBy !== 'survivor') throw invalid('consent.adult_consents_herself', 'An adult survivor gives her or his own consent.', 'givenBy');
    if (c.childAssent !== null) throw invalid('consent.assent_for_adult', 'Assent is recorded for children only.', 'childAssent');
    if (c.guardianNotAskedReason !== null) throw invalid('consent.guardian_reason_for_adult', 'A guardian is asked for children only.', 'guardianNotAskedReason');
    return;
  }
  const age = ageAtIncident!;
  if (c.givenBy === 'caregiver') {
    if (c.childAssent === null) throw invalid('consent.assent_required', "Record the child's assent with the caregiver's consent.", 'childAssent');
    if (c.childAssent === 'refused') {
      throw invalid('consent.assent_refused', "The child refused: the caregiver's consent alone does not cover this. In imminent risk a supervisor may override.", 'childAssent');
    }
    if (c.childAssent === 'unable' && age >= CHILD_ASSENT_AGE) {
      throw invalid('consent.assent_required', `A child of ${CHILD_ASSENT_AGE} or older is asked for her or his assent.`, 'childAssent');
    }
    return;
  }
  if (c.guardianNotAskedReason === null) {
    throw invalid('consent.guardian_reason_required', 'For a child, a caregiver consents with the child\'s assent, or record why the guardian was not asked.', 'guardianNotAskedReason');
  }
  if (c.guardianNotAskedReason === 'mature_adolescent' && age < MATURE_ADOLESCENT_AGE) {
    throw invalid('consent.not_mature_adolescent', `A child consents alone as a mature adolescent from ${MATURE_ADOLESCENT_AGE}.`, 'guardianNotAskedReason');
  }
  if (c.childAssent !== null) throw invalid('consent.assent_with_own_consent', 'The child gives her or his own consent here; assent is for a caregiver\'s consent.', 'childAssent');
}

/**
 * The record withdrawn at `at` (CON-4: effective from that instant, for every later request).
 * Throws conflict when already withdrawn, validation when `at` is before it was given.
 */
export function withdrawConsent(record: ConsentRecord, at: Date, recordedBy: string): ConsentRecord {
  if (record.withdrawnAt !== null) throw conflict('consent.already_withdrawn', 'This consent was already withdrawn.', 'withdrawnAt');
  if (at.getTime() < timeOf(record.givenAt)) throw invalid('consent.withdrawn_before_given', 'Consent cannot be withdrawn before it was given.', 'withdrawnAt');
  return { ...record, withdrawnAt: at.toISOString(), withdrawalRecordedBy: recordedBy };
}
