import { sql, type Kysely } from 'kysely';

// Delivery reports of outbound SMS (issue 4, part 4). SMSSync phones report, per message they
// were handed, whether it left the phone and whether it reached the handset (its Message
// Results API): a message handed over ('sent') becomes 'delivered', with the time the report
// came, or 'failed' with a short reason. The index serves SMSSync's question "which of mine
// still wait for a report?" (GET ?task=result), newest hand-overs only.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table sms_outbox
      drop constraint sms_outbox_status_check,
      add constraint sms_outbox_status_check check (status in ('pending', 'sent', 'delivered', 'recorded', 'failed')),
      add column delivered_at timestamptz;

    create index sms_outbox_awaiting_report_idx on sms_outbox (channel_id, sent_at, id)
      where status = 'sent' and transport = 'smssync';
  `.execute(db);
}
