import { sql, type Kysely } from 'kysely';

// Outbound SMS through the organisations' own gateways (issue 4, part 4).
//
// - alert_channels: what a channel needs to send, beside what it needs to receive: the number
//   or sender id messages go out from (Twilio From, Vonage from, Africa's Talking from), the
//   URL a generic channel POSTs outgoing messages to, and the send API's own secret (Vonage
//   api_secret, Africa's Talking apiKey), sealed (STO-1).
// - sms_outbox.sender: the number a message goes out from when it is not the channel's
//   default, e.g. the number an acknowledged alert was sent to (the organisation's own
//   number, never a person's).
// - The escalation job's scan, every minute, reads only alerts whose clocks may still run
//   late: open, and not yet escalated for all three stages.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table alert_channels
      add column outbound_sender text,
      add column outbound_url text,
      add column api_secret_sealed bytea,
      add constraint alert_channels_outbound_sender_check check (outbound_sender is null or length(outbound_sender) between 1 and 32),
      add constraint alert_channels_outbound_url_check check (outbound_url is null or (length(outbound_url) <= 500 and outbound_url ~ '^https?://'));

    alter table sms_outbox
      add column sender text,
      add constraint sms_outbox_sender_check check (sender is null or length(sender) between 1 and 64);

    create index alerts_escalation_scan_idx on alerts (received_at)
      where escalation_level < 3 and state not in ('dismissed', 'duplicate', 'closed');
  `.execute(db);
}
