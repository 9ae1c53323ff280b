/**
 * The alert map as inline SVG (d3-geo, boundaries from the server only: no tiles, nothing
 * fetched from a third party, as the map module). Areas are filled by their count's class;
 * alert officers also get the server's clusters, drawn as bubbles with their count. The view
 * pans by dragging or the arrow keys and zooms with the wheel, +/- or the buttons; every
 * change reports the visible box and a web-map zoom so the page can ask for clusters again.
 *
 * testids: alert-map-svg, alert-map-area-<code>, alert-map-cluster (data-count), alert-map-point
 * (a single alert: a link to /alerts/:id), alert-map-zoom-in, alert-map-zoom-out, alert-map-reset
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { AreaFeatureProperties } from '../../app/api-types';
import { useI18n } from '../../app/i18n';
import { navigate } from '../../app/router';
import { Button } from '../../ui/button';
import type { AreaFeature } from '../map/area-map';
import { colourOf, WITHHELD_COLOUR, ZERO_COLOUR, type CountClass } from './map-legend';

const WITHHELD_PATTERN = 'alert-map-withheld';

const WIDTH = 800;
const PAD = 8;
const MAX_ZOOM_FACTOR = 256;

interface View { x: number; y: number; w: number; h: number }
export type BoundingBox = [number, number, number, number];
export interface Cluster { lat: number; lon: number; count: number; alertId?: string | undefined }

export interface MapCanvasProps {
  /** The frame: provinces, always drawn. */
  provinces: readonly AreaFeature[];
  /** The counted areas (provinces or health zones). */
  areas: readonly AreaFeature[];
  /** Per area code; null where the count is withheld (AGG-2). */
  counts: ReadonlyMap<string, number | null>;
  classes: readonly CountClass[];
  clusters: readonly Cluster[] | null;
  onViewChange: (bbox: BoundingBox, zoom: number) => void;
  onPoint: (code: string | null) => void;
  label: string;
}

/** An area's count: 0 when absent from the answer, null when withheld. */
export const countIn = (counts: ReadonlyMap<string, number | null>, code: string): number | null => {
  const count = counts.get(code);
  return count === undefined ? 0 : count;
};

export function MapCanvas({ provinces, areas, counts, classes, clusters, onViewChange, onPoint, label }: MapCanvasProps) {
  const { t } = useI18n();
  const svg = useRef<SVGSVGElement>(null);
  const { path, projection, whole } = useMemo(() => {
    const collection: FeatureCollection<Geometry, AreaFeatureProperties> = { type: 'FeatureCollection', features: [...provinces] };
    const fitted = geoMercator().fitWidth(WIDTH, collection);
    const drawer = geoPath(fitted).digits(1);
    const [, [, bottom]] = drawer.bounds(collection);
    const height = Math.max(1, Math.ceil(bottom));
    return { path: drawer, projection: fitted, whole: { x: -PAD, y: -PAD, w: WIDTH + 2 * PAD, h: height + 2 * PAD } };
  }, [provinces]);
  const [view, setView] = useState<View>(whole);
  useEffect(() => setView(whole), [whole]);
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);
  const [scale, setScale] = useState(1);

  /** viewBox units per screen pixel (the SVG keeps its aspect: the larger ratio applies). */
  const unitsPerPixel = (v: View) => {
    const rect = svg.current?.getBoundingClientRect();
    return rect && rect.width > 0 ? Math.max(v.w / rect.width, v.h / Math.max(1, rect.height)) : v.w / WIDTH;
  };

  useEffect(() => {
    const units = unitsPerPixel(view);
    setScale(units);
    const rect = svg.current?.getBoundingClientRect();
    const widthPx = rect?.width || WIDTH;
    const heightPx = rect?.height || WIDTH;
    // What is visible: the viewBox, widened to the element's aspect (meet).
    const cx = view.x + view.w / 2;
    const cy = view.y + view.h / 2;
    const halfW = (widthPx * units) / 2;
    const halfH = (heightPx * units) / 2;
    const topLeft = projection.invert?.([cx - halfW, cy - halfH]);
    const bottomRight = projection.invert?.([cx + halfW, cy + halfH]);
    if (!topLeft || !bottomRight) return;
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    const bbox: BoundingBox = [clamp(topLeft[0], -180, 180), clamp(bottomRight[1], -90, 90), clamp(bottomRight[0], -180, 180), clamp(topLeft[1], -90, 90)];
    const lonSpan = Math.max(1e-6, bbox[2] - bbox[0]);
    const zoom = Math.round(Math.log2((360 / lonSpan) * (widthPx / 256)));
    onViewChange(bbox, Math.min(18, Math.max(0, zoom)));
    // onViewChange is the page's debounced reporter; the view alone decides when to report.
  }, [view, projection]);

  const zoomBy = (factor: number, around?: [number, number]) =>
    setView((v) => {
      const w = Math.min(whole.w, Math.max(whole.w / MAX_ZOOM_FACTOR, v.w / factor));
      const applied = v.w / w;
      const [px, py] = around ?? [v.x + v.w / 2, v.y + v.h / 2];
      return { x: px - (px - v.x) / applied, y: py - (py - v.y) / applied, w, h: v.h / applied };
    });
  const panBy = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx * v.w, y: v.y + dy * v.h }));

  const toViewBox = (clientX: number, clientY: number): [number, number] => {
    const rect = svg.current!.getBoundingClientRect();
    const units = unitsPerPixel(view);
    return [view.x + view.w / 2 + (clientX - rect.left - rect.width / 2) * units, view.y + view.h / 2 + (clientY - rect.top - rect.height / 2) * units];
  };

  useEffect(() => {
    const element = svg.current;
    if (!element) return;
    // Native and not passive, so the page does not scroll while the map zooms.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      zoomBy(event.deltaY < 0 ? 1.25 : 0.8, toViewBox(event.clientX, event.clientY));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  });

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    drag.current = { x: event.clientX, y: event.clientY, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const start = drag.current;
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < 5) return;
    if (!start.moved) svg.current?.setPointerCapture(event.pointerId);
    start.moved = true;
    const units = unitsPerPixel(start.view);
    setView({ ...start.view, x: start.view.x - dx * units, y: start.view.y - dy * units });
  };
  const onPointerUp = () => {
    // A drag that moved is not a click on what lies under the pointer.
    window.setTimeout(() => (drag.current = null), 0);
  };
  const wasDrag = () => drag.current?.moved === true;
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const moves: Record<string, () => void> = {
      ArrowLeft: () => panBy(-0.15, 0),
      ArrowRight: () => panBy(0.15, 0),
      ArrowUp: () => panBy(0, -0.15),
      ArrowDown: () => panBy(0, 0.15),
      '+': () => zoomBy(1.5),
      '=': () => zoomBy(1.5),
      '-': () => zoomBy(1 / 1.5),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  const shapes = (features: readonly AreaFeature[]) =>
    features.flatMap((feature) => {
      const d = path(feature);
      return d ? [{ code: feature.properties.code, d }] : [];
    });
  const provinceShapes = useMemo(() => shapes(provinces), [provinces, path]);
  const areaShapes = useMemo(() => (areas === provinces ? provinceShapes : shapes(areas)), [areas, provinces, provinceShapes, path]);

  return (
    <div className="aa-map">
      <div className="aa-map__tools button-row">
        <Button onClick={() => zoomBy(1.5)} aria-label={t('alertAdmin.map.zoomIn')} testId="alert-map-zoom-in">+</Button>
        <Button onClick={() => zoomBy(1 / 1.5)} aria-label={t('alertAdmin.map.zoomOut')} testId="alert-map-zoom-out">−</Button>
        <Button variant="quiet" onClick={() => setView(whole)} testId="alert-map-reset">{t('alertAdmin.map.reset')}</Button>
      </div>
      <svg
        ref={svg}
        className="aa-map__svg"
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label={label}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => onPoint(null)}
        data-testid="alert-map-svg"
      >
        <defs>
          {/* Withheld counts (AGG-2) are hatched, so they read apart from every class without colour. */}
          <pattern id={WITHHELD_PATTERN} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={ZERO_COLOUR} />
            <rect width="3" height="6" fill={WITHHELD_COLOUR} />
          </pattern>
        </defs>
        {areas !== provinces ? (
          <g>{provinceShapes.map((s) => <path key={s.code} d={s.d} className="aa-map__frame" />)}</g>
        ) : null}
        <g>
          {areaShapes.map((s) => (
            <path
              key={s.code}
              d={s.d}
              className="aa-map__area"
              style={{ fill: countIn(counts, s.code) === null ? `url(#${WITHHELD_PATTERN})` : colourOf(countIn(counts, s.code), classes) }}
              onPointerEnter={() => onPoint(s.code)}
              data-testid={`alert-map-area-${s.code}`}
              data-count={countIn(counts, s.code) ?? 'withheld'}
            />
          ))}
        </g>
        {areas !== provinces ? <g>{provinceShapes.map((s) => <path key={s.code} d={s.d} className="aa-map__outline" />)}</g> : null}
        {clusters ? (
          <g className="aa-map__clusters">
            {clusters.map((c) => {
              const at = projection([c.lon, c.lat]);
              if (!at) return null;
              const radius = (c.count === 1 ? 7 : 9 + 4 * Math.log10(c.count)) * scale;
              if (c.count === 1 && c.alertId) {
                const href = `/alerts/${c.alertId}`;
                return (
                  <a
                    key={`${c.lat},${c.lon}`}
                    href={href}
                    aria-label={t('alertAdmin.map.singleLabel')}
                    onClick={(event) => {
                      event.preventDefault();
                      if (!wasDrag()) navigate(href);
                    }}
                    data-testid="alert-map-point"
                  >
                    <circle cx={at[0]} cy={at[1]} r={radius} className="aa-map__point" />
                  </a>
                );
              }
              const label = t('alertAdmin.map.clusterLabel', { count: c.count });
              const zoomHere = () => {
                if (!wasDrag()) zoomBy(3, at);
              };
              return (
                <g
                  key={`${c.lat},${c.lon}`}
                  role="button"
                  tabIndex={0}
                  aria-label={label}
                  onClick={zoomHere}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      event.stopPropagation();
                      zoomBy(3, at);
                    }
                  }}
                  className="aa-map__cluster"
                  data-testid="alert-map-cluster"
                  data-count={c.count}
                >
                  <title>{label}</title>
                  <circle cx={at[0]} cy={at[1]} r={radius} />
                  <text x={at[0]} y={at[1]} dy="0.35em" textAnchor="middle" style={{ fontSize: `${11 * scale}px` }}>
                    {c.count}
                  </text>
                </g>
              );
            })}
          </g>
        ) : null}
      </svg>
      <p className="field__hint">{t('alertAdmin.map.panHint')}</p>
    </div>
  );
}
