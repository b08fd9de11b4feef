import { Migration } from '@mikro-orm/migrations';

/**
 * The inbound step finds its worker by phone number. The unique key on (organization_id,
 * phone_number) led with the organization, so the step's generic plan, made without statistics
 * (a fresh database, or autovacuum not yet run), could not tell it from the other indexes that
 * lead with organization_id and took whichever came first: every worker of the organization read
 * to find one (110 shared blocks a call at 100 workers). The same key, phone number first: the
 * step filters the organization on the row and looks the number up here.
 */
export class Migration20261206220000_hotLookupByPhone extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "workers" add constraint "workers_phone_organization_unique" unique ("phone_number", "organization_id");`);
    this.addSql(`alter table "workers" drop constraint "workers_organization_phone_unique";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "workers" add constraint "workers_organization_phone_unique" unique ("organization_id", "phone_number");`);
    this.addSql(`alter table "workers" drop constraint "workers_phone_organization_unique";`);
  }
}
