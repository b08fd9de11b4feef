import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../../src/blueprints/validateFlow';

/** Publishes example flows (flows/<name>.yaml) in the scope's organization. */
export async function publishFlows(em: EntityManager, names: string[]) {
  for (const name of names) {
    const flow = validateFlowFile(join('flows', `${name}.yaml`));
    if (!flow.doc) throw new Error(`flows/${name}.yaml does not validate`);
    await storeBlueprintVersion(em, flow.doc, { publish: true });
  }
}

/** Adds `count` active workers with phones +1777<7 digits from `offset`, in one statement; returns nothing. */
export const bulkWorkersSql = `insert into workers (organization_id, full_name, phone_number, language, attributes)
  select :organization_id, 'Bulk ' || i, '+1777' || lpad(i::text, 7, '0'), 'en', jsonb_build_object('site', case when i % 2 = 0 then 'Nairobi' else 'Mombasa' end)
    from generate_series(:offset::int, :offset::int + :count::int - 1) i`;
