import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { compileBlueprint, type BlueprintMachine } from '../blueprints/compileBlueprint';
import { flowFileSchema, type FlowDocument } from '../blueprints/flowSchema';
import { listVariantDecisions } from '../blueprints/listVariantDecisions';
import { scopedSql } from '../db/tenancy/scopedSql';
import { scopeOf } from '../db/tenancy/scopes';
import { warnOfUnstorableValues } from './warnOfUnstorableValues';

export interface LoadedBlueprint {
  id: string;
  document: FlowDocument;
  machine: BlueprintMachine;
  /** Touchpoint key → touchpoints.id of this version. */
  touchpointIds: Map<string, string>;
  /** Touchpoint key → experiment keys its rules branch on. */
  variantDecisions: Map<string, string[]>;
}

/** Versions kept compiled per process, the most recently used: beyond it a version is loaded and compiled again when used. */
export const COMPILED_VERSIONS_KEPT = 256;

// Blueprint versions are immutable once stored, so a version is loaded and compiled once per
// process, keyed by organization and id: a hit is only ever one the same organization loaded.
// Bounded: a process serving many organizations (each publish a new version) would otherwise keep
// every version it ever ran, with its machine, for its whole life.
const loaded = new LRUCache<string, LoadedBlueprint>({ max: COMPILED_VERSIONS_KEPT });

/** A version this process already compiled for this organization (versions never change: no invalidation). */
export function cachedBlueprintMachine(organizationId: string, blueprintId: string): LoadedBlueprint | undefined {
  return loaded.get(`${organizationId}:${blueprintId}`);
}

/** Compiles a stored version from its row and its touchpoints, and keeps it for the organization. */
export function compileStoredBlueprint(organizationId: string | undefined, blueprintId: string, definition: unknown, touchpoints: readonly { id: string; key: string }[]): LoadedBlueprint {
  const document = flowFileSchema.parse(definition);
  warnOfUnstorableValues(organizationId, blueprintId, document);
  const blueprint: LoadedBlueprint = {
    id: blueprintId,
    document,
    machine: compileBlueprint(document, { versionId: blueprintId }),
    touchpointIds: new Map(touchpoints.map((t) => [t.key, t.id])),
    variantDecisions: listVariantDecisions(document),
  };
  if (organizationId) loaded.set(`${organizationId}:${blueprintId}`, blueprint);
  return blueprint;
}

/** The compiled machine and touchpoint ids of a stored blueprint version of the em's organization. */
export async function loadBlueprintMachine(em: EntityManager, blueprintId: string): Promise<LoadedBlueprint> {
  const scope = scopeOf(em);
  const organizationId = scope && 'organizationId' in scope ? scope.organizationId : undefined;
  const cached = organizationId ? cachedBlueprintMachine(organizationId, blueprintId) : undefined;
  if (cached) return cached;
  const [row] = await scopedSql<{ definition: unknown }>(
    em,
    'select definition from journey_blueprints where organization_id = :organization_id and id = :id',
    { id: blueprintId },
  );
  if (!row) throw new Error(`Blueprint version ${blueprintId} does not exist in this organization`);
  const touchpoints = await scopedSql<{ id: string; key: string }>(
    em,
    `select t.id, t.key from touchpoints t join phases p on p.id = t.phase_id
      where t.organization_id = :organization_id and p.journey_blueprint_id = :id`,
    { id: blueprintId },
  );
  return compileStoredBlueprint(organizationId, blueprintId, row.definition, touchpoints);
}
