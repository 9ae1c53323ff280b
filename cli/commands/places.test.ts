import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaFeature, collection, square, twoSquaresTopology } from '../../core/places/test-shapes';
import { createTestRuntime, type TestRuntime } from '../../server/test/runtime';
import { runPlacesCommand } from './places';

let runtime: TestRuntime;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-places-cli-'));

beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  if (runtime) await runtime.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await runPlacesCommand(args, { ctx: runtime.ctx, out: (line) => lines.push(line) });
  return { code, lines };
}

function write(name: string, data: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

const provinceFlags = ['--code-property', 'code', '--name-property', 'label', '--level', '1', '--level-name', 'province'];

describe('weft places', () => {
  it('prints every bad feature and writes nothing', async () => {
    const file = write('bad.geojson', collection(areaFeature({ code: 'P1', label: 'One' }, [square(20, -4)]), areaFeature({ label: 'No code' }), areaFeature({ code: 'P3' })));
    const { code, lines } = await run('import', file, ...provinceFlags);
    expect(code).toBe(1);
    expect(lines).toEqual([
      '  feature 1: properties.code (the code) is missing',
      '  feature 2 (P3): properties.label (the name) is missing',
      'nothing written: 3 features, 1 valid, 2 errors. Fix the features above and import again.',
    ]);
    expect((await run('list')).lines).toEqual(['0 areas']);
  });

  it('dry-runs, imports GeoJSON then TopoJSON under it, and lists', async () => {
    const provinces = write('provinces.geojson', collection(areaFeature({ code: 'P1', label: 'One' }, [square(20, -4, 2)])));
    const dry = await run('import', provinces, ...provinceFlags, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.lines[0]).toMatch(/^dry run \(geojson, [\d.]+ s\): 1 features, 1 valid, 0 errors; would create 1, update 0/);
    expect((await run('list')).lines).toEqual(['0 areas']);
    const real = await run('import', provinces, ...provinceFlags, '--attribution', 'Fictional Survey Office');
    expect(real.lines[0]).toMatch(/^imported geojson .*created 1, updated 0/);
    const topology = twoSquaresTopology();
    topology.objects.zones.geometries.forEach((g) => Object.assign(g.properties, { up: 'P1' }));
    const zones = write('zones.topo.json', topology);
    const imported = await run('import', zones, '--code-property=pcode', '--name-property', 'name', '--parent-code-property', 'up', '--level', '2', '--level-name', 'zone', '--simplify', '0.001');
    expect(imported.code).toBe(0);
    expect(imported.lines[0]).toMatch(/^imported topojson .*created 2/);
    expect((await run('list', '--level', '2')).lines).toEqual(['E1\t2\tzone\tP1\tEast', 'W1\t2\tzone\tP1\tWest', '2 areas']);
  });

  it('refuses bad options and bad files with a message', async () => {
    expect((await run('import')).code).toBe(2);
    expect((await run('import', 'x.json', '--colour', 'red')).code).toBe(2);
    const missingLevel = await run('import', write('a.json', collection()), '--code-property', 'c', '--name-property', 'n', '--level-name', 'x');
    expect(missingLevel).toMatchObject({ code: 2 });
    expect(missingLevel.lines[0]).toMatch(/^error: --level /);
    expect(await run('import', write('b.json', '{"type":'), ...provinceFlags)).toEqual({ code: 2, lines: [`error: ${path.join(tmp, 'b.json')} is not valid JSON`] });
    const noObject = await run('import', write('c.json', { type: 'Topology', objects: {} }), ...provinceFlags);
    expect(noObject.code).toBe(2);
    expect(noObject.lines[0]).toMatch(/^error: Say which object .*\(object\)$/);
    expect((await run('import', path.join(tmp, 'missing.json'), ...provinceFlags)).code).toBe(3);
    expect((await run('list', '--level', 'ten')).code).toBe(2);
  });
});
