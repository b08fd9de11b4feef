import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the fast acknowledgement (issue 16): a verified webhook's messages are made
 * durable here in one statement and answered; a processor runs each one's step right behind,
 * per sender in arrival order (`id`), and deletes the row once the step committed. The provider
 * message id is unique per channel, so a provider retry of a queued message is dropped at the
 * door (one already processed is dropped by the step's own deduplication). `claimed_by` and
 * `claimed_until` are a processor's lease on a sender's rows: another instance takes them over
 * only once it ran out (a crashed instance).
 */
export class Migration20261206060000_16_inboundQueue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "inbound_queue" (
      "id" bigint generated always as identity primary key,
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "channel_id" uuid not null,
      "sender" text not null,
      "provider_message_id" text not null,
      "message" jsonb not null,
      "received_at" timestamptz not null,
      "claimed_by" text null,
      "claimed_until" timestamptz null,
      constraint "inbound_queue_channel_same_organization" foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade,
      constraint "inbound_queue_provider_message_unique" unique ("channel_id", "provider_message_id"));`);
    // The claim: a sender's rows, and whether any of them is under a lease.
    this.addSql(`create index "inbound_queue_sender_index" on "inbound_queue" ("organization_id", "sender", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbound_queue";`);
  }
}
