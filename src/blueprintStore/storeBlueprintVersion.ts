import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JourneyBlueprint, type IJourneyBlueprint } from '../db/entities/JourneyBlueprint';
import { Phase } from '../db/entities/Phase';
import { Touchpoint } from '../db/entities/Touchpoint';
import { scopeOf } from '../db/tenancy/scopes';
import { createBlueprintBadges } from './createBlueprintBadges';
import { hashBlueprint } from '../blueprints/compileBlueprint';
import type { FlowDocument } from '../blueprints/flowSchema';
import { splitTouchpoint } from '../blueprints/splitTouchpoint';
import { placeContentItems, type LicenseType } from './placeContentItems';

export interface StoreOptions {
  /** Publish the version (published versions never change). */
  publish?: boolean;
  /** The staff user importing, for created_by. */
  userId?: string | null;
  /** Ownership of the content rows this import adds: 'own' (default), or 'licensed' for a marketplace install. */
  licenseType?: LicenseType;
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

/**
 * Writes a validated flow document as a blueprint version of the scope's organization: the
 * journey_blueprints row (with the normalized document, library content resolved), its phases and
 * touchpoints, each pointing to a content row of the organization's library (placeContentItems:
 * an unchanged item reuses its row, a changed one becomes the key's next version).
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
    const language = document.blueprint.defaultLanguage;
    const split = document.phases.map((flowPhase) => flowPhase.touchpoints.map((touchpoint) => ({ touchpoint, ...splitTouchpoint(document.blueprint.key, touchpoint) })));
    const contentIds = await placeContentItems(
      tx,
      organization,
      split.flat().map(({ touchpoint, contentKey, body }) => ({ key: contentKey, body, description: touchpoint.text[language] ?? null })),
      options.licenseType ?? 'own',
    );
    let next = 0;
    document.phases.forEach((flowPhase, phaseIndex) => {
      const phase = tx.create(Phase, {
        id: randomUUID(),
        organization,
        journeyBlueprint: blueprint.id,
        key: flowPhase.key,
        name: flowPhase.title[language] ?? flowPhase.key,
        sequenceOrder: phaseIndex + 1,
      });
      split[phaseIndex].forEach(({ touchpoint, logic }, touchpointIndex) => {
        tx.create(Touchpoint, {
          organization,
          phase: phase.id,
          content: contentIds[next++],
          key: touchpoint.key,
          sequenceOrder: touchpointIndex + 1,
          ruleLogic: logic,
        });
      });
    });
    return { ...view(blueprint, 'created'), ...(same ? { sameAs: same.version } : {}), currentVersion: options.publish ? blueprint.version : (current?.version ?? null) };
  });
}
