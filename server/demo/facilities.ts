/**
 * Real health facilities for the demo, from OpenStreetMap (opendatalabrdc/OSM_Exports,
 * ODbL 1.0, "© OpenStreetMap contributors"). The file's `is_in:health_zone` column is
 * empty, so each facility is placed in a health zone by its coordinates.
 */
import { findContainingShape } from '../../core/places/geometry';
import type { AreaShape } from '../modules/places/service';
import type { SeededRandom } from './random';

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0)';

export interface FacilityRow {
  osmId: string;
  name: string;
  amenity: string;
  lon: number;
  lat: number;
}

export interface DemoFacility extends FacilityRow {
  zone: AreaShape;
}

/** One field of the export: quoted fields have their quotes removed and doubled quotes undone. */
const unquote = (field: string) => (field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);

/** Rows of the tab-separated export. Its header names carry stray spaces; they are trimmed. */
export function parseFacilities(tsv: string): FacilityRow[] {
  const [header, ...lines] = tsv.split(/\r?\n/);
  const columns = (header ?? '').split('\t').map((name) => unquote(name.trim()));
  const at = (name: string) => columns.indexOf(name);
  const [iName, iAmenity, iLat, iLon, iNode, iWay] = ['name', 'amenity', 'lat', 'lon', 'osm_id', 'osm_way_id'].map(at) as [number, number, number, number, number, number];
  if ([iName, iAmenity, iLat, iLon].some((i) => i < 0)) return [];
  const rows: FacilityRow[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const fields = line.split('\t').map((field) => unquote(field.trim()));
    const lat = Number(fields[iLat]);
    const lon = Number(fields[iLon]);
    const name = (fields[iName] ?? '').trim();
    if (!name || !Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    const node = fields[iNode] ?? '';
    const way = fields[iWay] ?? '';
    rows.push({ osmId: node ? `node/${node}` : `way/${way}`, name, amenity: fields[iAmenity] ?? '', lon, lat });
  }
  return rows;
}

// Facilities people would be referred to; no pharmacies or private practices.
const CARE = /h[oô]pital|hospital|clinique|centre hospitalier|centre de sant[eé] de r[eé]f[eé]rence/i;
// Names of real organisations or of military and emergency sites: not shown as demo members.
const EXCLUDED = /monusco|msf|m[eé]decins|militaire|chol[eé]ra|ebola|\?/i;

function rank(row: FacilityRow): number {
  // General referral hospitals first: they are where survivors are referred.
  if (/r[eé]f[eé]rence/i.test(row.name) && row.amenity === 'hospital') return 0;
  return row.amenity === 'hospital' ? 1 : 2;
}

/**
 * Picks `count` facilities in distinct health zones, taking provinces in turn so the
 * demo spreads over Ituri, Nord-Kivu and Sud-Kivu. Deterministic for a given seed.
 */
export function chooseDemoFacilities(rows: readonly FacilityRow[], zones: readonly AreaShape[], random: SeededRandom, count: number): DemoFacility[] {
  const bestByZone = new Map<string, DemoFacility>();
  for (const row of rows) {
    if ((row.amenity !== 'hospital' && row.amenity !== 'clinic') || !CARE.test(row.name) || EXCLUDED.test(row.name) || row.name.length > 120) continue;
    const zone = findContainingShape([row.lon, row.lat], zones);
    if (!zone) continue;
    const current = bestByZone.get(zone.code);
    const better = !current || rank(row) < rank(current) || (rank(row) === rank(current) && row.osmId < current.osmId);
    if (better) bestByZone.set(zone.code, { ...row, zone });
  }
  const byProvince = new Map<string, DemoFacility[]>();
  for (const facility of [...bestByZone.values()].sort((a, b) => a.zone.code.localeCompare(b.zone.code))) {
    const key = facility.zone.parentCode ?? '';
    byProvince.set(key, [...(byProvince.get(key) ?? []), facility]);
  }
  const queues = [...byProvince.keys()].sort().map((key) => random.shuffle(byProvince.get(key)!));
  const chosen: DemoFacility[] = [];
  while (chosen.length < count && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && chosen.length < count) chosen.push(next);
    }
  }
  return chosen;
}
