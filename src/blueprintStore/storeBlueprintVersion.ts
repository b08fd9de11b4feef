import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Content } from '../db/entities/Content';
import { JourneyBlueprint, type IJourneyBlueprint } from '../db/entities/JourneyBlueprint';
import { Phase } from '../db/entities/Phase';
import { Touchpoint } from '../db/entities/Touchpoint';
import { scopeOf } from '../db/tenancy/scopes';
import { createBlueprintBadges } from './createBlueprintBadges';
import { hashBlueprint } from '../blueprints/compileBlueprint';
import type { FlowDocument, Touchpoint as FlowTouchpoint } from '../blueprints/flowSchema';

export interface StoreOptions {
  /** Publish the version (published versions never change). */
  publish?: boolean;
  /** The staff user importing, for created_by. */
  userId?: string | null;
}

export interface StoredVersion {
  id: string;
  key: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  /**
   * created: a new version; published: an existing identical draft was published (id and version
   * are that draft's); unchanged: an existing version has this content (id and version are its).
   */
  outcome: 'created' | 'published' | 'unchanged';
  /** created: the earlier version with the same content, when publishing brings it back as the newest. */
  sameAs?: number;
  /** The version new enrollments get: the latest published one; null when none is published. */
  currentVersion: number | null;
}

/** What a touchpoint decides beyond its content: the seed's rule_logic. */
function ruleLogicOf(touchpoint: FlowTouchpoint): Record<string, unknown> {
  const { key: _key, type: _type, text: _text, template: _template, ...rest } = touchpoint;
  const logic: Record<string, unknown> = {};
  for (const name of ['rules', 'wait', 'answers', 'reminders', 'timeout'] as const) {
    if (name in rest) logic[name] = (rest as Record<string, unknown>)[name];
  }
  return logic;
}

/** What a touchpoint shows: the content row's body. */
function contentBodyOf(touchpoint: FlowTouchpoint): Record<string, unknown> {
  const logic = ruleLogicOf(touchpoint);
  return Object.fromEntries(Object.entries(touchpoint).filter(([name]) => name !== 'key' && !(name in logic)));
}

/**
 * Writes a validated flow document as a blueprint version of the scope's organization: the
 * journey_blueprints row (with the normalized document), its phases, touchpoints and content.
 * A document identical to any stored version is a no-op (that version is answered); with
 * `publish`, an identical draft newer than the published version is published, and an identical
 * older version becomes the next version, so that new enrollments (the latest published) get it.
 * Any other document becomes the next version. The badges the document names are created in the
 * organization's catalog whatever the outcome (see createBlueprintBadges).
 */
export async function storeBlueprintVersion(em: EntityManager, document: FlowDocument, options: StoreOptions = {}): Promise<StoredVersion> {
  const scope = scopeOf(em);
  if (!scope || !('organizationId' in scope)) throw new Error('Blueprints are stored for one organization: use forOrganization()');
  const organization = scope.organizationId;
  const contentHash = hashBlueprint(document);
  return em.transactional(async (tx) => {
    await createBlueprintBadges(tx, document);
    const versions = await tx.find(JourneyBlueprint, { key: document.blueprint.key }, { orderBy: { version: 'desc' } });
    const current = versions.find((v) => v.status === 'published');
    const same = versions.find((v) => v.contentHash === contentHash);
    const view = (row: IJourneyBlueprint, outcome: StoredVersion['outcome']) => ({ id: row.id, key: row.key, version: row.version, status: row.status, outcome });
    if (same && !options.publish) return { ...view(same, 'unchanged'), currentVersion: current?.version ?? null };
    if (same && same === current) return { ...view(same, 'unchanged'), currentVersion: same.version };
    // A draft newer than the current version is published as it is; an older version is brought back below as the newest.
    if (same && same.status === 'draft' && (!current || same.version > current.version)) {
      same.status = 'published';
      return { ...view(same, 'published'), currentVersion: same.version };
    }
    const blueprint = tx.create(JourneyBlueprint, {
      id: randomUUID(),
      organization,
      title: document.blueprint.title,
      purpose: document.blueprint.purpose,
      key: document.blueprint.key,
      version: (versions[0]?.version ?? 0) + 1,
      status: options.publish ? 'published' : 'draft',
      defaultLanguage: document.blueprint.defaultLanguage,
      definition: document as unknown as Record<string, unknown>,
      contentHash,
      createdBy: options.userId ?? null,
      updatedBy: options.userId ?? null,
    });
    document.phases.forEach((flowPhase, phaseIndex) => {
      const phase = tx.create(Phase, {
        id: randomUUID(),
        organization,
        journeyBlueprint: blueprint.id,
        key: flowPhase.key,
        name: flowPhase.title[document.blueprint.defaultLanguage] ?? flowPhase.key,
        sequenceOrder: phaseIndex + 1,
      });
      flowPhase.touchpoints.forEach((flowTouchpoint, touchpointIndex) => {
        const content = tx.create(Content, {
          id: randomUUID(),
          organization,
          type: flowTouchpoint.type,
          title: `${document.blueprint.key}/${flowTouchpoint.key}`,
          description: flowTouchpoint.text[document.blueprint.defaultLanguage] ?? null,
          mediaUrl: flowTouchpoint.type === 'media' ? flowTouchpoint.media.url : null,
          licenseType: null,
          body: contentBodyOf(flowTouchpoint),
        });
        tx.create(Touchpoint, {
          organization,
          phase: phase.id,
          content: content.id,
          key: flowTouchpoint.key,
          sequenceOrder: touchpointIndex + 1,
          ruleLogic: ruleLogicOf(flowTouchpoint),
        });
      });
    });
    return { ...view(blueprint, 'created'), ...(same ? { sameAs: same.version } : {}), currentVersion: options.publish ? blueprint.version : (current?.version ?? null) };
  });
}
