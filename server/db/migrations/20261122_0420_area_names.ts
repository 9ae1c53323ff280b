import { sql, type Kysely } from 'kysely';

// Every name of every area (any language), lower-cased, for finding the areas an alert's text
// names (issue 4, triage: parsing of area names from free text). Reading them out of
// areas.names scanned every area's names for each batch of alerts; this table answers from
// its index. A trigger keeps it in step with areas.names, whoever writes the areas.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table area_names (
      name text not null,
      area_id uuid not null references areas(id) on delete cascade,
      primary key (name, area_id)
    );
    create index area_names_area_idx on area_names (area_id);

    create function area_names_sync() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'UPDATE' then
        if new.names is not distinct from old.names then
          return null;
        end if;
        delete from area_names where area_id = new.id;
      end if;
      insert into area_names (name, area_id)
        select distinct lower(n.value), new.id from jsonb_each_text(new.names) n where n.value <> ''
        on conflict do nothing;
      return null;
    end;
    $fn$;
    create trigger areas_names_sync after insert or update of names on areas
      for each row execute function area_names_sync();

    insert into area_names (name, area_id)
      select distinct lower(n.value), a.id from areas a cross join lateral jsonb_each_text(a.names) n where n.value <> ''
      on conflict do nothing;
  `.execute(db);
}
