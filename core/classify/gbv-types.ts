/**
 * The six GBVIMS core types of gender-based violence, plus "non-GBV". The ids are Primero's
 * lookup ids (lookup-gbv-sexual-violence-type) verbatim, so an Incident Recorder or Primero
 * export needs no mapping. Contexts (IPV, child sexual abuse, ...) are not types: see contexts.ts.
 */
import { z } from 'zod';

/** In the GBVIMS order of elimination: the first that applies is the type. */
export const GBV_CORE_TYPES = [
  'rape',
  'sexual_assault',
  'physical_assault',
  'forced_marriage',
  'denial_of_resources_opportunities_or_services',
  'psychological_emotional_abuse',
] as const;
export type GbvCoreType = (typeof GBV_CORE_TYPES)[number];

export const NON_GBV = 'non-gbv' as const;
export const GBV_TYPES = [...GBV_CORE_TYPES, NON_GBV] as const;
export type GbvType = (typeof GBV_TYPES)[number];
export const gbvType = z.enum(GBV_TYPES, { error: 'must be one of the GBVIMS types or non-gbv' });

/** Rape and sexual assault: the types that start the clinical clock and the sexual contexts. */
export const isSexualGbvType = (type: GbvType | null | undefined): boolean =>
  type === 'rape' || type === 'sexual_assault';
