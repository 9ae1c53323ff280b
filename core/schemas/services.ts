/** The service directory (issue 3 part 7): what a referral may be sent to (REF-1). */
import { z } from 'zod';
import { LANGUAGES, text, uuid } from './common';

export const SERVICE_TYPES = [
  'medical',
  'post_exposure_prophylaxis',
  'clinical_management_of_rape',
  'psychosocial',
  'legal',
  'safety_and_shelter',
  'livelihood',
  'education',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const serviceType = z.enum(SERVICE_TYPES, { error: `must be one of ${SERVICE_TYPES.join(', ')}` });

/** A language Weft speaks, or any ISO 639-1 or 639-3 code (Lingala 'ln', Kinyarwanda 'rw', Mashi 'shr'). */
export const serviceLanguage = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => (LANGUAGES as readonly string[]).includes(value) || /^[a-z]{2,3}$/.test(value), {
    error: 'must be an ISO 639 language code such as fr, sw or ln',
  });

export const MAX_SERVICE_AREAS = 500;

export const serviceView = z.object({
  id: uuid,
  organisationId: uuid,
  organisationName: z.string(),
  name: z.string(),
  type: serviceType,
  areaIds: z.array(uuid),
  facilityName: z.string().nullable(),
  languages: z.array(z.string()),
  hours: z.string().nullable(),
  /** The service's public contact (a desk, a hotline), never a person's. */
  contact: z.string().nullable(),
  acceptsReferrals: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the caller may do with it (the server still decides). */
  policies: z.object({ update: z.boolean() }),
});
export type ServiceView = z.infer<typeof serviceView>;

const uniqueList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max, { error: `must have at most ${max} entries` })
    .refine((values) => new Set(values).size === values.length, { error: 'must not repeat an entry' });

export const createServiceBody = z
  .object({
    /** Platform administrators may keep any organisation's entries; others only their own. */
    organisationId: uuid.optional(),
    name: text(200),
    type: serviceType,
    areaIds: uniqueList(uuid, MAX_SERVICE_AREAS),
    facilityName: text(200).nullable().optional(),
    languages: uniqueList(serviceLanguage, 30).default([]),
    hours: text(500).nullable().optional(),
    contact: text(500).nullable().optional(),
    acceptsReferrals: z.boolean().default(true),
  })
  .strict();
export type CreateServiceBody = z.infer<typeof createServiceBody>;

export const updateServiceBody = z
  .object({
    name: text(200).optional(),
    type: serviceType.optional(),
    areaIds: uniqueList(uuid, MAX_SERVICE_AREAS).optional(),
    facilityName: text(200).nullable().optional(),
    languages: uniqueList(serviceLanguage, 30).optional(),
    hours: text(500).nullable().optional(),
    contact: text(500).nullable().optional(),
    acceptsReferrals: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateServiceBody = z.infer<typeof updateServiceBody>;

const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listServicesQuery = z
  .object({
    type: serviceType.optional(),
    /** Services covering this area or any area above it (a province covers its territories). */
    areaId: uuid.optional(),
    organisationId: uuid.optional(),
    language: serviceLanguage.optional(),
    acceptsReferrals: booleanString.optional(),
    includeDisabled: booleanString.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export type ListServicesQuery = z.infer<typeof listServicesQuery>;
