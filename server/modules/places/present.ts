import { joinAttributions } from '../../../core/places/attribution';
import type { AreaDetail, AreaView } from '../../../core/places/schemas';
import type { AreaRow } from './store';

type Bounded = Pick<AreaRow, 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat' | 'centroid_lon' | 'centroid_lat'>;

function bboxOf(row: Bounded): AreaView['bbox'] {
  const { min_lon, min_lat, max_lon, max_lat } = row;
  return min_lon === null || min_lat === null || max_lon === null || max_lat === null ? null : [min_lon, min_lat, max_lon, max_lat];
}

function centroidOf(row: Bounded): AreaView['centroid'] {
  return row.centroid_lon === null || row.centroid_lat === null ? null : [row.centroid_lon, row.centroid_lat];
}

export function presentArea(row: AreaRow): AreaView {
  return {
    id: row.id,
    code: row.code,
    level: row.level,
    levelName: row.level_name,
    parentCode: row.parent_code ?? null,
    names: row.names,
    bbox: bboxOf(row),
    centroid: centroidOf(row),
  };
}

export function presentAreaDetail(row: AreaRow): AreaDetail {
  return { ...presentArea(row), source: row.source, attribution: row.attribution, updatedAt: row.updated_at.toISOString() };
}

export function presentAreaList(rows: AreaRow[]): { data: AreaView[]; attribution: string } {
  return { data: rows.map(presentArea), attribution: joinAttributions(rows.map((row) => row.attribution)) };
}
