/**
 * The boundaries of the places module, defined once: request validation, response
 * guards and the OpenAPI document. (They belong with core/schemas/*; kept here while the
 * module is reviewed.)
 */
import { z } from 'zod';
import { text } from '../schemas/common';
import { NEUTRAL_NAME_KEY } from './parse';

export const areaLevel = z.coerce
  .number({ error: 'must be a whole number from 0 to 9' })
  .int({ error: 'must be a whole number from 0 to 9' })
  .min(0, { error: 'must be a whole number from 0 to 9' })
  .max(9, { error: 'must be a whole number from 0 to 9' });

const propertyName = text(100);

export const areaMapping = z.object({
  codeProperty: propertyName,
  nameProperty: propertyName,
  nameLanguage: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag such as fr or sw, or und when unknown' })
    .default(NEUTRAL_NAME_KEY),
  parentCodeProperty: propertyName.optional(),
  level: z.number().int().min(0).max(9, { error: 'must be a whole number from 0 to 9' }),
  levelName: text(60),
});

export const simplifyOptions = z.object({
  tolerance: z.number().min(0).max(0.1, { error: 'must be at most 0.1 degree (about 11 km)' }),
  decimals: z.number().int().min(3).max(8).default(5),
});

export const importAreasBody = z.object({
  format: z.enum(['geojson', 'topojson']),
  data: z.record(z.string(), z.unknown(), { error: 'must be the GeoJSON or TopoJSON object' }),
  mapping: areaMapping,
  /** TopoJSON: which object to read; optional when the topology has one. */
  object: text(100).optional(),
  simplify: simplifyOptions.optional(),
  dryRun: z.boolean().default(true),
  source: text(300).optional(),
  attribution: text(300).optional(),
});
export type ImportAreasBody = z.infer<typeof importAreasBody>;

export const featureError = z.object({
  index: z.number(),
  code: z.string().optional(),
  field: z.string(),
  message: z.string(),
});

/**
 * The answer to an import, dry or not. A real import with any bad feature writes nothing:
 * it answers 200 with `written: false` and every error, the same report as a dry run.
 */
export const areaImportReport = z.object({
  dryRun: z.boolean(),
  written: z.boolean(),
  total: z.number(),
  valid: z.number(),
  /** Areas that are (or, in a dry run or a refused import, would be) new, and changed. */
  created: z.number(),
  updated: z.number(),
  errors: z.array(featureError),
  geometryBytes: z.object({ before: z.number(), after: z.number() }),
});
export type AreaImportReport = z.infer<typeof areaImportReport>;

const names = z.record(z.string(), z.string());

export const areaView = z.object({
  id: z.string(),
  code: z.string(),
  level: z.number(),
  levelName: z.string(),
  parentCode: z.string().nullable(),
  names,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  centroid: z.tuple([z.number(), z.number()]).nullable(),
});
export type AreaView = z.infer<typeof areaView>;

/** The list, with the attribution its boundaries' sources ask for. */
export const areaList = z.object({ data: z.array(areaView), attribution: z.string() });

export const areaDetail = areaView.extend({
  source: z.string().nullable(),
  attribution: z.string().nullable(),
  updatedAt: z.string(),
});
export type AreaDetail = z.infer<typeof areaDetail>;

export const listAreasQuery = z.object({
  level: areaLevel.optional(),
  /** Code of the parent area. */
  parent: z.string().trim().min(1).max(64).optional(),
});

export const areaCodeParams = z.object({ code: z.string().trim().min(1).max(64) });
export const areaGeojsonQuery = z.object({ level: areaLevel });

export const areaFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  /** Every source's attribution, to show under the map. */
  attribution: z.string(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      properties: z.object({ code: z.string(), level: z.number(), names, parentCode: z.string().nullable() }),
      geometry: z.unknown(),
    }),
  ),
});
