/** Small synthetic boundaries for tests: squares, a square with a hole, a topology of two. */
import type { Ring } from './geometry';

/** A counter-clockwise square ring. */
export const square = (x: number, y: number, size = 1): Ring => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

export const areaFeature = (properties: Record<string, unknown>, coordinates: unknown = [square(10, -2)], type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates },
});

export const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** Two unit squares side by side sharing one arc, quantized like topojson's output. */
export const twoSquaresTopology = () => ({
  type: 'Topology',
  transform: { scale: [0.5, 0.5], translate: [20, -4] },
  arcs: [
    [[2, 0], [0, 2]], // shared edge x=21, from (21,-4) up to (21,-3)
    [[2, 2], [-2, 0], [0, -2], [2, 0]], // west square, from (21,-3) round to (21,-4)
    [[2, 0], [2, 0], [0, 2], [-2, 0]], // east square, from (21,-4) round to (21,-3)
  ],
  objects: {
    zones: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Polygon', arcs: [[0, 1]], properties: { pcode: 'W1', name: 'West' } },
        { type: 'Polygon', arcs: [[2, ~0]], properties: { pcode: 'E1', name: 'East' } },
      ],
    },
  },
});
