/**
 * The inventory of encrypted columns, and the one way modules seal and open them.
 *
 * A module never builds a context string or touches a cipher directly: it takes the handle
 * registered here and calls `seal`/`open` with the row's organisation and id. The same
 * context function is used by organisation key rotation, so a column missing from this list
 * would not be re-encrypted (STO-2). Add every new encrypted column here, in this file.
 */
import type { Executor } from '../../db/database';
import type { DB } from '../../db/schema';
import type { FieldCipher, Sealer } from './field-cipher';

export interface EncryptedColumn {
  table: keyof DB & string;
  /** A bytea column holding field-cipher ciphertexts (or null). */
  column: string;
  /** The row's primary key, a uuid. */
  idColumn: string;
  /** The organisation whose data key seals the column. */
  organisationColumn: string;
  /** The authenticated context that ties a ciphertext to its row and column. */
  context: (id: string) => string;
}

/** A registered column, bound to a cipher at the call. */
export interface SealedColumn extends EncryptedColumn {
  seal(cipher: FieldCipher, ex: Executor, organisationId: string, id: string, plaintext: string): Promise<Uint8Array>;
  /** Seals with a key chosen once for many rows (FieldCipher.organisationSealer). */
  sealWith(sealer: Sealer, id: string, plaintext: string): Uint8Array;
  /**
   * Seals under a record's own data key (STO-3), for fields that an erasure must destroy with
   * the record: a survivor's identifying data and everything that repeats it.
   */
  sealForRecord(cipher: FieldCipher, ex: Executor, recordKeyId: string, id: string, plaintext: string): Promise<Uint8Array>;
  /** Opens the stored value (under the organisation's key or a record key of it); null stays null. */
  open(cipher: FieldCipher, ex: Executor, organisationId: string, id: string, stored: Uint8Array | null): Promise<string | null>;
}

const registry = new Map<string, SealedColumn>();

/** Declares an encrypted column; registering the same column twice is a mistake. */
export function registerEncryptedColumn(definition: EncryptedColumn): SealedColumn {
  const name = `${definition.table}.${definition.column}`;
  if (registry.has(name)) throw new Error(`Encrypted column ${name} is registered twice.`);
  const column: SealedColumn = {
    ...definition,
    seal: (cipher, ex, organisationId, id, plaintext) => cipher.seal(ex, organisationId, plaintext, definition.context(id)),
    sealWith: (sealer, id, plaintext) => sealer(plaintext, definition.context(id)),
    sealForRecord: (cipher, ex, recordKeyId, id, plaintext) => cipher.sealWithRecordKey(ex, recordKeyId, plaintext, definition.context(id)),
    open: async (cipher, ex, organisationId, id, stored) =>
      stored === null ? null : cipher.open(ex, organisationId, stored, definition.context(id)),
  };
  registry.set(name, column);
  return column;
}

/** Every registered encrypted column, for rotation and inventory tests. */
export function listEncryptedColumns(): readonly SealedColumn[] {
  return [...registry.values()];
}

// ---- The inventory ------------------------------------------------------------------------

/** AUTHN-1: the TOTP shared secret (base32 text) of a user. */
export const usersTotpSecret = registerEncryptedColumn({
  table: 'users',
  column: 'totp_secret',
  idColumn: 'id',
  organisationColumn: 'organisation_id',
  context: (id) => `users.totp_secret:${id}`,
});

// Survivor-centred documentation. Everything that names or locates a survivor, or tells her
// story, is sealed under the survivor's record key (survivors.record_key_id), so erasure
// destroys one key in the holding organisation and every copy, including what referrals
// carried to other organisations, becomes unreadable (STO-3). The organisation column is
// always the holder's: a referral recipient opens a shared section with the holder's id.

const onOrganisation = (table: EncryptedColumn['table'], column: string): SealedColumn =>
  registerEncryptedColumn({ table, column, idColumn: 'id', organisationColumn: 'organisation_id', context: (id) => `${table}.${column}:${id}` });

/** The survivor's names (JSON: name, other names). */
export const survivorsName = onOrganisation('survivors', 'name_sealed');
/** Phone, address and safe-contact instructions (JSON). */
export const survivorsContact = onOrganisation('survivors', 'contact_sealed');
/** Where the survivor lives now, more exact than an administrative area. */
export const survivorsLocation = onOrganisation('survivors', 'location_sealed');
/** The caregiver of a child survivor: name, relationship, contact (JSON). */
export const survivorsCaregiver = onOrganisation('survivors', 'caregiver_sealed');
/** The exact place of the incident (the area's P-code stays plain). */
export const incidentsLocation = onOrganisation('incidents', 'location_sealed');
/** The survivor's account of the incident. */
export const incidentsNarrative = onOrganisation('incidents', 'narrative_sealed');
/** The case plan's text: needs, actions, strengths and connections (JSON). */
export const casesPlan = onOrganisation('cases', 'plan_sealed');
/** A follow-up's note. */
export const caseFollowUpsNote = onOrganisation('case_follow_ups', 'note_sealed');
/** The sections of the record a referral carries (JSON), chosen by the referrer (ONCE-1). */
export const referralsShared = onOrganisation('referrals', 'shared_sealed');
/** The recipient's note on the service delivered; sealed under the survivor's record key too. */
export const referralsOutcomeNote = onOrganisation('referrals', 'outcome_note_sealed');
/** What a hotline caller said, kept to the minimum; under the call's own record key. */
export const hotlineCallsSummary = onOrganisation('hotline_calls', 'summary_sealed');

// Community alerts (issue 4). Sealed under the organisation's key: an alert is not a
// survivor's record (it names no survivor, MIN-1), and its sender is a focal point or unknown.

/** A channel's gateway auth token (Twilio). */
export const alertChannelsAuthToken = onOrganisation('alert_channels', 'auth_token_sealed');
/** A channel's signature secret (Vonage signed webhooks, the generic webhook's HMAC key). */
export const alertChannelsSignatureSecret = onOrganisation('alert_channels', 'signature_secret_sealed');
/** A channel's shared secret (SMSSync, FrontlineSMS, Africa's Talking callback secret). */
export const alertChannelsSharedSecret = onOrganisation('alert_channels', 'shared_secret_sealed');
/** A focal point's phone number (E.164) or token id; found by its keyed hash. */
export const focalPointIdentitiesValue = onOrganisation('focal_point_identities', 'value_sealed');
/** Who sent an alert: phone number as the gateway wrote it, or a token id. */
export const alertsSender = onOrganisation('alerts', 'sender_sealed');
/** What the alert says. */
export const alertsText = onOrganisation('alerts', 'text_sealed');
/** The whole message as received (payload, submission), for evidence. */
export const alertsRaw = onOrganisation('alerts', 'raw_sealed');
/** The exact point reported (JSON: lat, lon, accuracy); precision by role when shown. */
export const alertsLocation = onOrganisation('alerts', 'location_sealed');
/** A fragment of a long SMS waiting for the rest: its sender, text and payload. */
export const smsFragmentsSender = onOrganisation('sms_fragments', 'sender_sealed');
export const smsFragmentsText = onOrganisation('sms_fragments', 'text_sealed');
export const smsFragmentsRaw = onOrganisation('sms_fragments', 'raw_sealed');
/** A photo sent with the alert form, its metadata removed (MIN-3), base64. */
export const openrosaAttachmentsContent = onOrganisation('openrosa_attachments', 'content_sealed');

// Rapid response (issue 4 part 4): who is told by SMS, and what.

/** The phone a response task's contact is told on (E.164). */
export const alertTasksContactPhone = onOrganisation('alert_tasks', 'contact_phone_sealed');
/** An outbound SMS's recipient (E.164 or as the gateway wrote the sender). */
export const smsOutboxRecipient = onOrganisation('sms_outbox', 'recipient_sealed');
/** An outbound SMS's text (a reference, an area name, a time: sealed all the same). */
export const smsOutboxBody = onOrganisation('sms_outbox', 'body_sealed');
/** The on-call numbers told of escalations (JSON list of E.164); one row per organisation. */
export const alertResponseSettingsOnCallPhones = registerEncryptedColumn({
  table: 'alert_response_settings',
  column: 'on_call_phones_sealed',
  idColumn: 'organisation_id',
  organisationColumn: 'organisation_id',
  context: (organisationId) => `alert_response_settings.on_call_phones_sealed:${organisationId}`,
});
/** A channel's send-API secret (Vonage api_secret, Africa's Talking apiKey). */
export const alertChannelsApiSecret = onOrganisation('alert_channels', 'api_secret_sealed');
