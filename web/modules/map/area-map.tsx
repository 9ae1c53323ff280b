/**
 * The map as inline SVG drawn with d3-geo: nothing is fetched from outside (no tiles), so
 * it works offline-first and leaks no location to a third party. Mouse and touch select
 * here; keyboard and screen-reader users select in the list beside it.
 */
import { geoMercator, geoPath, type GeoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useMemo, type PointerEvent } from 'react';
import type { AreaFeatureProperties } from '../../app/api-types';

export type AreaFeature = Feature<Geometry, AreaFeatureProperties>;

const WIDTH = 800;
const PAD = 8;

interface Shape {
  code: string;
  level: number;
  d: string;
}

export interface AreaMapProps {
  provinces: readonly AreaFeature[];
  zones: readonly AreaFeature[] | null;
  selectedCode: string | null;
  /** The area to zoom to, or null for the whole map. */
  focusCode: string | null;
  pointedCode: string | null;
  onSelect: (code: string) => void;
  onPoint: (code: string | null) => void;
  label: string;
}

function toShapes(features: readonly AreaFeature[], path: GeoPath): Shape[] {
  return features.flatMap((feature) => {
    const d = path(feature);
    return d ? [{ code: feature.properties.code, level: feature.properties.level, d }] : [];
  });
}

export function AreaMap({ provinces, zones, selectedCode, focusCode, pointedCode, onSelect, onPoint, label }: AreaMapProps) {
  const { path, height } = useMemo(() => {
    const collection: FeatureCollection<Geometry, AreaFeatureProperties> = { type: 'FeatureCollection', features: [...provinces] };
    const projection = geoMercator().fitWidth(WIDTH, collection);
    const drawer = geoPath(projection).digits(1);
    const [, [, bottom]] = drawer.bounds(collection);
    return { path: drawer, height: Math.max(1, Math.ceil(bottom)) };
  }, [provinces]);

  const provinceShapes = useMemo(() => toShapes(provinces, path), [provinces, path]);
  const zoneShapes = useMemo(() => (zones ? toShapes(zones, path) : []), [zones, path]);

  const viewBox = useMemo(() => {
    const whole = `${-PAD} ${-PAD} ${WIDTH + 2 * PAD} ${height + 2 * PAD}`;
    if (!focusCode) return whole;
    const feature = [...provinces, ...(zones ?? [])].find((candidate) => candidate.properties.code === focusCode);
    if (!feature) return whole;
    const [[x0, y0], [x1, y1]] = path.bounds(feature);
    const size = Math.max(x1 - x0, y1 - y0, 40) * 1.15;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    return `${cx - size / 2} ${cy - size / 2} ${size} ${size}`;
  }, [focusCode, provinces, zones, path, height]);

  const selected = [...provinceShapes, ...zoneShapes].find((shape) => shape.code === selectedCode);
  const shapeProps = (shape: Shape, kind: 'province' | 'zone') => ({
    d: shape.d,
    className: [
      'area',
      `area--${kind}`,
      shape.code === selectedCode ? 'is-selected' : '',
      shape.code === pointedCode ? 'is-pointed' : '',
    ]
      .filter(Boolean)
      .join(' '),
    onClick: () => onSelect(shape.code),
    onPointerEnter: () => onPoint(shape.code),
    // A tap ends with pointerleave: keep the tapped name on screen until the next one.
    onPointerLeave: (event: PointerEvent<SVGPathElement>) => {
      if (event.pointerType !== 'touch') onPoint(null);
    },
  });

  return (
    <svg className="area-map__svg" viewBox={viewBox} aria-label={label} data-testid="map-svg" preserveAspectRatio="xMidYMid meet">
      <g className="area-map__provinces">{provinceShapes.map((shape) => <path key={shape.code} {...shapeProps(shape, 'province')} />)}</g>
      {zoneShapes.length > 0 ? (
        <g className="area-map__zones">{zoneShapes.map((shape) => <path key={shape.code} {...shapeProps(shape, 'zone')} />)}</g>
      ) : null}
      {selected ? <path className="area-outline" d={selected.d} aria-hidden="true" /> : null}
    </svg>
  );
}
