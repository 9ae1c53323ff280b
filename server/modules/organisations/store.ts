import type { Executor } from '../../db/database';
import type { NewOrganisation, OrganisationsTable } from '../../db/schema';
import type { Updateable } from 'kysely';

const COLUMNS = ['id', 'name', 'short_name', 'kind', 'country_code', 'is_platform_operator', 'created_at', 'disabled_at'] as const;

export function listOrganisations(ex: Executor) {
  return ex.selectFrom('organisations').select(COLUMNS).orderBy('name').execute();
}

export function findOrganisation(ex: Executor, id: string) {
  return ex.selectFrom('organisations').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findOrganisationByShortName(ex: Executor, shortName: string) {
  return ex
    .selectFrom('organisations')
    .select(COLUMNS)
    .where((eb) => eb(eb.fn('lower', ['short_name']), '=', shortName.toLowerCase()))
    .executeTakeFirst();
}

export function insertOrganisation(ex: Executor, values: NewOrganisation) {
  return ex.insertInto('organisations').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export function updateOrganisation(ex: Executor, id: string, values: Updateable<OrganisationsTable>) {
  return ex.updateTable('organisations').set(values).where('id', '=', id).returning(COLUMNS).executeTakeFirst();
}

export async function endOrganisationSessions(ex: Executor, organisationId: string) {
  await ex
    .deleteFrom('sessions')
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('organisation_id', '=', organisationId))
    .execute();
}
