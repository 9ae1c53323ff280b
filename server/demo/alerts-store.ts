/** The SQL the alert demo needs of its own: zones to place alerts in, and the triage and response it plays out. */
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../db/database';
import type { AlertEventsTable, AlertsTable, AlertTasksTable } from '../db/schema';

export interface DemoZone {
  id: string;
  code: string;
  name: string;
  lat: number | null;
  lon: number | null;
}

/** Health zones (level 2) in code order, with a name and a centre to place alerts around. */
export async function listDemoZones(ex: Executor): Promise<DemoZone[]> {
  const rows = await ex.selectFrom('areas').select(['id', 'code', 'names', 'centroid_lat', 'centroid_lon']).where('level', '=', 2).orderBy('code').execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: Object.values(row.names)[0] ?? row.code,
    lat: row.centroid_lat,
    lon: row.centroid_lon,
  }));
}

/** Sets the triage columns of one demo alert (state, clocks, severity, area...). */
export async function updateDemoAlert(ex: Executor, organisationId: string, id: string, changes: Updateable<AlertsTable>): Promise<void> {
  await ex.updateTable('alerts').set(changes).where('organisation_id', '=', organisationId).where('id', '=', id).execute();
}

const CHUNK = 500;

export async function insertDemoAlertEvents(ex: Executor, rows: Insertable<AlertEventsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await ex.insertInto('alert_events').values(rows.slice(i, i + CHUNK)).execute();
}

export async function insertDemoTasks(ex: Executor, rows: Insertable<AlertTasksTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await ex.insertInto('alert_tasks').values(rows.slice(i, i + CHUNK)).execute();
}

export async function saveDemoTargets(
  ex: Executor,
  organisationId: string,
  userId: string,
  targets: Record<string, { acknowledge: number; verify: number; respond: number }>,
): Promise<void> {
  await ex
    .insertInto('alert_response_targets')
    .values(
      Object.entries(targets).map(([severity, t]) => ({
        organisation_id: organisationId,
        severity,
        acknowledge_minutes: t.acknowledge,
        verify_minutes: t.verify,
        respond_minutes: t.respond,
        updated_by: userId,
      })),
    )
    .execute();
}

export async function saveDemoOutboundChannel(ex: Executor, organisationId: string, userId: string, channelId: string): Promise<void> {
  await ex.insertInto('alert_response_settings').values({ organisation_id: organisationId, outbound_channel_id: channelId, updated_by: userId }).execute();
}
