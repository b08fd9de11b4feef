import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Content } from '../db/entities/Content';
import { JourneyBlueprint } from '../db/entities/JourneyBlueprint';
import { Phase } from '../db/entities/Phase';
import { Touchpoint } from '../db/entities/Touchpoint';
import { scopeOf } from '../db/tenancy/scopes';
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
  /** created: a new version; published: an existing identical draft was published; unchanged: nothing to do. */
  outcome: 'created' | 'published' | 'unchanged';
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
 * An unchanged document is a no-op; a changed one becomes the next version.
 */
export async function storeBlueprintVersion(em: EntityManager, document: FlowDocument, options: StoreOptions = {}): Promise<StoredVersion> {
  const scope = scopeOf(em);
  if (!scope || !('organizationId' in scope)) throw new Error('Blueprints are stored for one organization: use forOrganization()');
  const organization = scope.organizationId;
  const contentHash = hashBlueprint(document);
  return em.transactional(async (tx) => {
    const latest = await tx.findOne(JourneyBlueprint, { key: document.blueprint.key }, { orderBy: { version: 'desc' } });
    if (latest && latest.contentHash === contentHash) {
      if (options.publish && latest.status === 'draft') {
        latest.status = 'published';
        return { id: latest.id, key: latest.key, version: latest.version, status: latest.status, outcome: 'published' };
      }
      return { id: latest.id, key: latest.key, version: latest.version, status: latest.status, outcome: 'unchanged' };
    }
    const blueprint = tx.create(JourneyBlueprint, {
      id: randomUUID(),
      organization,
      title: document.blueprint.title,
      purpose: document.blueprint.purpose,
      key: document.blueprint.key,
      version: (latest?.version ?? 0) + 1,
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
    return { id: blueprint.id, key: blueprint.key, version: blueprint.version, status: blueprint.status, outcome: 'created' };
  });
}
