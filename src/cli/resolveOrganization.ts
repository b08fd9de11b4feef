import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../db/entities/Organization';
import { asSystem } from '../db/tenancy/scopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds an organization by id or exact name; null when there is none (or the name is ambiguous). */
export async function resolveOrganization(em: EntityManager, idOrName: string): Promise<{ id: string; name: string } | null> {
  const system = asSystem(em, 'CLI: find the organization named on the command line');
  const found = UUID.test(idOrName)
    ? await system.find(Organization, { id: idOrName })
    : await system.find(Organization, { name: idOrName });
  return found.length === 1 ? { id: found[0].id, name: found[0].name } : null;
}
