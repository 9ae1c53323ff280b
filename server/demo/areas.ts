/**
 * The real DR Congo boundaries the demo stands on: the 26 provinces (UNDP/OCHA) and the
 * health zones of Ituri, Nord-Kivu and Sud-Kivu (WHO/OMS), both as republished in
 * heidieh/msf_ocb_puc (see the shared data README). Imported through the places service,
 * so they pass the same checks as any boundary file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportAreasInput } from '../modules/places/service';

export interface DemoAreaFile {
  /** Relative to the shared data folder. */
  file: string;
  label: string;
  input: Omit<ImportAreasInput, 'data'>;
}

// Tolerances measured on these files: provinces 946 kB -> 196 kB, zones 1.95 MB -> 347 kB,
// with no visible change at the scale the map shows them (0.005° is about 550 m).
export const DEMO_AREA_FILES: readonly DemoAreaFile[] = [
  {
    file: 'drc/provinces.topo.json',
    label: 'provinces',
    input: {
      format: 'topojson',
      object: 'rdc_prov',
      mapping: { codeProperty: 'pcode', nameProperty: 'name', level: 1, levelName: 'province' },
      simplify: { tolerance: 0.005, decimals: 4 },
      source: 'heidieh/msf_ocb_puc provinces (drc/provinces.topo.json)',
      attribution: 'UNDP/OCHA',
    },
  },
  {
    file: 'drc/health-zones-east.geojson',
    label: 'health zones',
    input: {
      format: 'geojson',
      mapping: { codeProperty: 'pcode', nameProperty: 'name', parentCodeProperty: 'lvl3_pcode', level: 2, levelName: 'health zone' },
      simplify: { tolerance: 0.001, decimals: 4 },
      source: 'heidieh/msf_ocb_puc health zones (drc/health-zones-east.geojson)',
      attribution: 'WHO/OMS',
    },
  },
];

export interface LoadedAreaFile extends DemoAreaFile {
  input: ImportAreasInput;
}

/** The files found under the shared folder, read as text, and the ones missing. */
export function loadDemoAreaFiles(sharedDataDir: string): { found: LoadedAreaFile[]; missing: string[] } {
  const found: LoadedAreaFile[] = [];
  const missing: string[] = [];
  for (const entry of DEMO_AREA_FILES) {
    const file = path.join(sharedDataDir, entry.file);
    if (!fs.existsSync(file)) {
      missing.push(entry.file);
      continue;
    }
    found.push({ ...entry, input: { ...entry.input, data: fs.readFileSync(file, 'utf8') } });
  }
  return { found, missing };
}
