import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../db/entities/Organization';
import { asSystem } from '../db/tenancy/scopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Organizations listed by name when none matches, up to this many. */
const LISTED = 10;

/** The organization named on a command line, or why none is chosen. */
export type OrganizationChoice =
  | { ok: true; id: string; name: string; /** Set when the name was not given exactly: which one was chosen. */ note?: string }
  | { ok: false; message: string };

const quoted = (names: string[]) => names.map((name) => `'${name}'`).join(', ');

/**
 * Finds an organization by id, exact name, or else a name that matches ignoring case (whole, then
 * a part of it) when only one does. Several matches are refused, listing them.
 */
export async function resolveOrganization(em: EntityManager, idOrName: string): Promise<OrganizationChoice> {
  const system = asSystem(em, 'CLI: find the organization named on the command line');
  if (UUID.test(idOrName)) {
    const byId = await system.findOne(Organization, { id: idOrName });
    return byId ? { ok: true, id: byId.id, name: byId.name } : { ok: false, message: `no organization has the id ${idOrName}` };
  }
  const all = (await system.find(Organization, {}, { fields: ['id', 'name'], orderBy: { name: 'asc' } })).map(({ id, name }) => ({ id, name }));
  const wanted = idOrName.trim().toLowerCase();
  const stages = [
    all.filter((o) => o.name === idOrName),
    all.filter((o) => o.name.toLowerCase() === wanted),
    all.filter((o) => o.name.toLowerCase().includes(wanted)),
  ];
  for (const [stage, matches] of stages.entries()) {
    if (matches.length > 1) return { ok: false, message: `'${idOrName}' matches ${matches.length} organizations: ${quoted(matches.map((o) => o.name))}; give the exact name or the id` };
    if (matches.length === 1) return { ok: true, ...matches[0], ...(stage > 0 ? { note: `'${idOrName}' taken as organization '${matches[0].name}' (${matches[0].id})` } : {}) };
  }
  const listed = all.length > LISTED ? `${quoted(all.slice(0, LISTED).map((o) => o.name))}, ...` : quoted(all.map((o) => o.name));
  return { ok: false, message: `no organization is named '${idOrName}'${all.length > 0 ? `: there are ${listed}` : ' (there is none yet)'}` };
}
