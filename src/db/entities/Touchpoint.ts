import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Content } from './Content';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { Phase } from './Phase';

export const Touchpoint = defineEntity({
  name: 'Touchpoint',
  tableName: 'touchpoints',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    phase: p.manyToOne(Phase).mapToPk().deleteRule('cascade').index('idx_touchpoint_phase'),
    // NO ACTION DEFERRABLE rather than the seed's RESTRICT: deleting an organization
    // cascades to content before touchpoints, which RESTRICT would refuse.
    content: p.manyToOne(Content).mapToPk().deleteRule('no action').deferMode('deferred').index('touchpoints_content_id_index'),
    key: p.string().length(100),
    sequenceOrder: p.integer(),
    /** Branching, pacing, reminders and timeout of this touchpoint, as JSON. */
    ruleLogic: p.json<Record<string, unknown>>().nullable(),
    ...timestamps(),
  },
});
export type ITouchpoint = InferEntity<typeof Touchpoint>;
