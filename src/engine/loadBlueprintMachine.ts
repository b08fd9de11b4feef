import type { EntityManager } from '@mikro-orm/postgresql';
import { compileBlueprint, type BlueprintMachine } from '../blueprints/compileBlueprint';
import { flowFileSchema, type FlowDocument } from '../blueprints/flowSchema';
import { listVariantDecisions } from '../blueprints/listVariantDecisions';
import { scopedSql } from '../db/tenancy/scopedSql';
import { scopeOf } from '../db/tenancy/scopes';

export interface LoadedBlueprint {
  id: string;
  document: FlowDocument;
  machine: BlueprintMachine;
  /** Touchpoint key → touchpoints.id of this version. */
  touchpointIds: Map<string, string>;
  /** Touchpoint key → experiment keys its rules branch on. */
  variantDecisions: Map<string, string[]>;
}

// Blueprint versions are immutable once stored, so a version is loaded and compiled once per
// process, keyed by organization and id: a hit is only ever one the same organization loaded.
const loaded = new Map<string, LoadedBlueprint>();

/** The compiled machine and touchpoint ids of a stored blueprint version of the em's organization. */
export async function loadBlueprintMachine(em: EntityManager, blueprintId: string): Promise<LoadedBlueprint> {
  const scope = scopeOf(em);
  const key = scope && 'organizationId' in scope ? `${scope.organizationId}:${blueprintId}` : undefined;
  const cached = key ? loaded.get(key) : undefined;
  if (cached) return cached;
  const [row] = await scopedSql<{ definition: unknown }>(
    em,
    'select definition from journey_blueprints where organization_id = :organization_id and id = :id',
    { id: blueprintId },
  );
  if (!row) throw new Error(`Blueprint version ${blueprintId} does not exist in this organization`);
  const document = flowFileSchema.parse(row.definition);
  const touchpoints = await scopedSql<{ id: string; key: string }>(
    em,
    `select t.id, t.key from touchpoints t join phases p on p.id = t.phase_id
      where t.organization_id = :organization_id and p.journey_blueprint_id = :id`,
    { id: blueprintId },
  );
  const blueprint: LoadedBlueprint = {
    id: blueprintId,
    document,
    machine: compileBlueprint(document, { versionId: blueprintId }),
    touchpointIds: new Map(touchpoints.map((t) => [t.key, t.id])),
    variantDecisions: listVariantDecisions(document),
  };
  if (key) loaded.set(key, blueprint);
  return blueprint;
}
