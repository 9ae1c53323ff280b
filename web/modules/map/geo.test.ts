import { geoArea } from 'd3-geo';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaName, matchesQuery, rewindFeature, signedArea } from './geo';

// A 1° square, outer ring counter-clockwise as RFC 7946 writes it.
const square: Feature<Polygon, null> = {
  type: 'Feature',
  properties: null,
  geometry: { type: 'Polygon', coordinates: [[[29, -2], [30, -2], [30, -1], [29, -1], [29, -2]]] },
};

describe('rewindFeature', () => {
  it('turns an RFC 7946 ring into the small area d3-geo expects', () => {
    expect(signedArea(square.geometry.coordinates[0]!)).toBeGreaterThan(0);
    expect(geoArea(square)).toBeGreaterThan(2 * Math.PI); // the whole globe but the square
    const rewound = rewindFeature(square);
    expect(geoArea(rewound)).toBeLessThan(0.001);
  });

  it('leaves a clockwise ring alone', () => {
    const once = rewindFeature(square);
    expect(rewindFeature(once)).toEqual(once);
  });
});

describe('areaName', () => {
  it('falls back from the language to English, French, any name, then the code', () => {
    expect(areaName({ code: 'X', names: { fr: 'Nord-Kivu', en: 'North Kivu' } }, 'fr')).toBe('Nord-Kivu');
    expect(areaName({ code: 'X', names: { fr: 'Nord-Kivu', en: 'North Kivu' } }, 'ar')).toBe('North Kivu');
    expect(areaName({ code: 'X', names: { fr: 'Ituri' } }, 'sw')).toBe('Ituri');
    expect(areaName({ code: 'X', names: { ln: 'Kinshasa' } }, 'en')).toBe('Kinshasa');
    expect(areaName({ code: 'cod300001', names: {} }, 'en')).toBe('cod300001');
  });
});

describe('matchesQuery', () => {
  it('ignores case and accents and looks at codes too', () => {
    const area = { code: 'cod300014', names: { fr: 'Équateur' } };
    expect(matchesQuery(area, 'equa')).toBe(true);
    expect(matchesQuery(area, '300014')).toBe(true);
    expect(matchesQuery(area, 'kivu')).toBe(false);
  });
});
