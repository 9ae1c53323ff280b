/**
 * `weft places …`: import a boundary file (GeoJSON or TopoJSON) with a dry run that lists
 * every bad feature, and list the areas. Acts as the system, like every CLI command: the
 * person at the console already has the server's configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDomainError } from '../../core/errors';
import { AREA_IMPORT_LIMITS } from '../../core/places/parse';
import { areaMapping, simplifyOptions } from '../../core/places/schemas';
import { findAreas, runAreaImport } from '../../server/modules/places/service';
import { systemRequest, type AppContext } from '../../server/platform/context';

export interface PlacesCommandDeps {
  ctx: AppContext;
  out: (line: string) => void;
}

const USAGE = [
  'usage: weft places <command>',
  '  import <file> --code-property X --name-property Y --level N --level-name NAME',
  '         [--parent-code-property Z] [--name-language TAG] [--object NAME]',
  '         [--simplify DEGREES [--decimals N]] [--source TEXT] [--attribution TEXT] [--dry-run]',
  '      import a GeoJSON FeatureCollection or TopoJSON Topology; one bad feature and nothing is written',
  '  list [--level N]                    the areas: code, level, parent, name',
];

const FLAGS = new Set(['code-property', 'name-property', 'parent-code-property', 'name-language', 'level', 'level-name', 'object', 'simplify', 'decimals', 'source', 'attribution']);

const OPTION_OF: Record<string, string> = {
  codeProperty: 'code-property',
  nameProperty: 'name-property',
  parentCodeProperty: 'parent-code-property',
  nameLanguage: 'name-language',
  level: 'level',
  levelName: 'level-name',
  tolerance: 'simplify',
  decimals: 'decimals',
};

/** `--name value` pairs and bare words; null when a flag is unknown or lacks its value. */
function parseFlags(args: string[]): { words: string[]; flags: Map<string, string>; dryRun: boolean } | null {
  const words: string[] = [];
  const flags = new Map<string, string>();
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dry-run') dryRun = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const value = inline ?? args[++i];
      if (!FLAGS.has(name) || value === undefined) return null;
      flags.set(name, value);
    } else words.push(arg);
  }
  return { words, flags, dryRun };
}

/**
 * Runs `weft places <args>` and returns the exit code, as `weft` numbers them: 0 done,
 * 1 bad features (each printed), 2 usage or a file that cannot be read as boundaries,
 * 3 no such file.
 */
export async function runPlacesCommand(args: string[], deps: PlacesCommandDeps): Promise<number> {
  const [command, ...rest] = args;
  const parsed = parseFlags(rest);
  if (!parsed) return usage(deps);
  try {
    if (command === 'import' && parsed.words.length === 1) return await importFile(parsed.words[0]!, parsed.flags, parsed.dryRun, deps);
    if (command === 'list' && parsed.words.length === 0 && !parsed.dryRun) return await list(parsed.flags, deps);
    return usage(deps);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    deps.out(`error: ${error.message}${error.field ? ` (${error.field})` : ''}`);
    return error.category === 'validation' ? 2 : 1;
  }
}

function usage(deps: PlacesCommandDeps): number {
  USAGE.forEach((line) => deps.out(line));
  return 2;
}

async function importFile(file: string, flags: Map<string, string>, dryRun: boolean, deps: PlacesCommandDeps): Promise<number> {
  const mapping = areaMapping.safeParse({
    codeProperty: flags.get('code-property'),
    nameProperty: flags.get('name-property'),
    parentCodeProperty: flags.get('parent-code-property'),
    nameLanguage: flags.get('name-language'),
    level: flags.has('level') ? Number(flags.get('level')) : undefined,
    levelName: flags.get('level-name'),
  });
  const simplify = flags.has('simplify')
    ? simplifyOptions.safeParse({ tolerance: Number(flags.get('simplify')), decimals: flags.has('decimals') ? Number(flags.get('decimals')) : undefined })
    : null;
  for (const result of [mapping, simplify]) {
    if (result && !result.success) {
      for (const issue of result.error.issues) deps.out(`error: --${OPTION_OF[String(issue.path[0])] ?? String(issue.path[0])} ${issue.message}`);
      return 2;
    }
  }
  if (!mapping.success) return 2;

  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    deps.out(`error: no file ${file}`);
    return 3;
  }
  const size = fs.statSync(file).size;
  // REL-4: the same limit as over HTTP, checked before the file is read.
  if (size > AREA_IMPORT_LIMITS.maxInputBytes) {
    deps.out(`error: ${file} is ${size} bytes; at most ${AREA_IMPORT_LIMITS.maxInputBytes} can be imported at once`);
    return 2;
  }
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    deps.out(`error: ${file} is not valid JSON`);
    return 2;
  }
  // The file says what it is: TopoJSON's top level is a Topology.
  const format = (data as { type?: unknown } | null)?.type === 'Topology' ? 'topojson' : 'geojson';
  const started = performance.now();
  const report = await runAreaImport(deps.ctx.db, systemRequest(), {
    format,
    data,
    mapping: mapping.data,
    ...(flags.has('object') ? { object: flags.get('object') } : {}),
    ...(simplify?.success ? { simplify: simplify.data } : {}),
    source: flags.get('source') ?? path.basename(file),
    attribution: flags.get('attribution'),
  }, { dryRun });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  for (const error of report.errors)
    deps.out(`  feature ${error.index}${error.code ? ` (${error.code})` : ''}: ${error.field} ${error.message}`);
  const counts = `${report.total} features, ${report.valid} valid, ${report.errors.length} errors`;
  const bytes = `geometry ${report.geometryBytes.before} -> ${report.geometryBytes.after} bytes`;
  if (report.written) deps.out(`imported ${format} in ${seconds} s: ${counts}; created ${report.created}, updated ${report.updated}; ${bytes}`);
  else if (dryRun) deps.out(`dry run (${format}, ${seconds} s): ${counts}; would create ${report.created}, update ${report.updated}; ${bytes}`);
  else deps.out(`nothing written: ${counts}. Fix the features above and import again.`);
  return report.errors.length > 0 ? 1 : 0;
}

async function list(flags: Map<string, string>, deps: PlacesCommandDeps): Promise<number> {
  const level = flags.has('level') ? Number(flags.get('level')) : undefined;
  if (flags.size > (level === undefined ? 0 : 1) || (level !== undefined && !(Number.isInteger(level) && level >= 0 && level <= 9))) return usage(deps);
  const rows = await findAreas(deps.ctx.db, { level });
  for (const row of rows)
    deps.out([row.code, String(row.level), row.level_name, row.parent_code ?? '-', Object.values(row.names)[0] ?? ''].join('\t'));
  deps.out(`${rows.length} areas`);
  return 0;
}

