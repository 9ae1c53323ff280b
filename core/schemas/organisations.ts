import { z } from 'zod';
import { text } from './common';

export const ORGANISATION_KINDS = [
  'un_mission_component',
  'un_agency',
  'international_ngo',
  'national_ngo',
  'government',
  'health_facility',
  'survivor_network',
  'other',
] as const;
export const organisationKind = z.enum(ORGANISATION_KINDS);

export const organisation = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: organisationKind,
  countryCode: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type OrganisationView = z.infer<typeof organisation>;

const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 3166-1 alpha-3 code such as COD' });

export const createOrganisationBody = z.object({
  name: text(200),
  shortName: text(40),
  kind: organisationKind,
  countryCode: countryCode.nullable().optional(),
});
export const updateOrganisationBody = createOrganisationBody.partial().extend({ disabled: z.boolean().optional() });
