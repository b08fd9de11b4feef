import { Migration } from '@mikro-orm/migrations';

/** Written by hand for the simulator: its test workers and program are flagged, so real lists, counts, exports, segments and broadcasts leave them out. */
export class Migration20261206043000_simulatorData extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "workers" add column "simulated" boolean not null default false;`);
    this.addSql(`alter table "programs" add column "simulated" boolean not null default false;`);
    this.addSql(`update "workers" set "simulated" = true where "attributes" @> '{"simulator": true}' and "phone_number" like '+99%';`);
    this.addSql(`update "programs" set "simulated" = true where "name" = 'Simulator (test runs)';`);
    this.addSql(`delete from "worker_segment" ws using "workers" w where w.id = ws.worker_id and w.simulated;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "workers" drop column "simulated";`);
    this.addSql(`alter table "programs" drop column "simulated";`);
  }
}
