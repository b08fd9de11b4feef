import { Migration } from '@mikro-orm/migrations';

/**
 * The zone names PostgreSQL also lists as abbreviations (read first, as a fixed offset) that mean
 * UTC to both it and Intl; any other abbreviation (PST, CET, EST) is a fixed offset to PostgreSQL
 * where Intl reads a zone with summer time, or another zone.
 */
const utcNames = `'utc', 'gmt', 'uct', 'zulu'`;

/** SQL true when PostgreSQL does not read `zone` as the zone Intl does: unknown (CAT, SystemV/*), or an abbreviation. */
const misread = (zone: string) => `(not exists (select 1 from pg_timezone_names n where lower(n.name) = lower(${zone}))
  or (exists (select 1 from pg_timezone_abbrevs a where lower(a.abbrev) = lower(${zone})) and lower(${zone}) not in (${utcNames})))`;

/**
 * Written by hand: timezones stored before they were checked as isKnownTimezone checks them now.
 * One PostgreSQL does not know set aside every message of the worker (`at time zone` refused it,
 * SQLSTATE 22023); an abbreviation put PostgreSQL's local day and hour (points, streaks, program
 * dates) an hour off from the engine's (quiet hours, waits). Each is cleared, so the organization's
 * timezone, else UTC, applies: a worker's or a user's column set to null, the organization's
 * setting removed. PostgreSQL matches zone names and abbreviations whatever their case. Each
 * distinct name is judged once (pg_timezone_names reads the zone files on every call), then the
 * rows holding a misread one are cleared in one pass.
 */
export class Migration20261207100000_misreadTimezonesCleared extends Migration {
  override async up(): Promise<void> {
    for (const table of ['workers', 'users']) {
      this.addSql(`update "${table}" set "timezone" = null
        where "timezone" in (select d.zone from (select distinct "timezone" as zone from "${table}" where "timezone" is not null) d where ${misread('d.zone')});`);
    }
    this.addSql(`update "organizations" set "settings" = "settings" - 'timezone' where "settings" ->> 'timezone' is not null and ${misread(`"settings" ->> 'timezone'`)};`);
  }

  override async down(): Promise<void> {
    // The cleared names are gone; nothing to restore.
  }
}
