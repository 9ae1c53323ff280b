import { describe, expect, it } from 'vitest';
import { square } from '../../core/places/test-shapes';
import type { AreaShape } from '../modules/places/service';
import { chooseDemoFacilities, parseFacilities } from './facilities';
import { createSeededRandom } from './random';

const header = ['WKT', 'type', 'lat', 'lon', 'osm_id', 'osm_way_id', 'amenity', 'name', ' is_in:health_zone'].join('\t');
const row = (lat: number, lon: number, node: string, way: string, amenity: string, name: string) =>
  ['"POINT (0 0)"', 'points', String(lat), String(lon), node, way ? `"${way}"` : '', amenity, name, ''].join('\t');

describe('demo facilities', () => {
  it('reads the OpenStreetMap export, quotes and stray header spaces included', () => {
    const rows = parseFacilities([header, row(-1.5, 29.5, '', '123', 'hospital', '"CLIN ""AGAPE"""'), row(0, 0, '9', '', 'clinic', 'Nowhere'), ''].join('\n'));
    expect(rows).toEqual([{ osmId: 'way/123', name: 'CLIN "AGAPE"', amenity: 'hospital', lon: 29.5, lat: -1.5 }]);
  });

  it('picks the best facility per zone, provinces in turn, the same for the same seed', () => {
    const zone = (code: string, parentCode: string, x: number): AreaShape => ({ code, parentCode, names: { und: code }, bbox: [x, 0, x + 1, 1], polygons: [[square(x, 0)]] });
    const zones = [zone('Z1', 'A', 0), zone('Z2', 'A', 1), zone('Z3', 'B', 2)];
    const rows = parseFacilities([
      header,
      row(0.5, 0.5, '1', '', 'clinic', 'Clinique du Lac'),
      row(0.5, 0.6, '2', '', 'hospital', 'Hôpital Général de Référence de Z1'),
      row(0.5, 1.5, '3', '', 'hospital', 'Hôpital de Z2'),
      row(0.5, 2.5, '4', '', 'hospital', 'Hôpital MONUSCO'),
      row(0.5, 2.6, '5', '', 'doctors', 'Hôpital privé'),
      row(0.5, 2.7, '6', '', 'clinic', 'Clinique de Z3'),
      row(5.5, 5.5, '7', '', 'hospital', 'Hôpital hors zone'),
    ].join('\n'));
    const chosen = chooseDemoFacilities(rows, zones, createSeededRandom('t'), 2);
    expect(chosen.map((f) => f.zone.parentCode).sort()).toEqual(['A', 'B']);
    expect(chosen.find((f) => f.zone.code === 'Z3')?.name).toBe('Clinique de Z3');
    const all = chooseDemoFacilities(rows, zones, createSeededRandom('t'), 10);
    expect(all.find((f) => f.zone.code === 'Z1')?.osmId).toBe('node/2');
    expect(all).toHaveLength(3);
    expect(chooseDemoFacilities(rows, zones, createSeededRandom('t'), 10)).toEqual(all);
  });
});

describe('seeded random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createSeededRandom('weft');
    const b = createSeededRandom('weft');
    const c = createSeededRandom('other');
    const take = (r: ReturnType<typeof createSeededRandom>) => Array.from({ length: 5 }, () => r.int(1000));
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1000)).toBe(true);
    expect(createSeededRandom('s').shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
