import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
import { JourneyBlueprint } from './JourneyBlueprint';
import { organizationId } from './organizationColumn';

export const Phase = defineEntity({
  name: 'Phase',
  tableName: 'phases',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    journeyBlueprint: p.manyToOne(JourneyBlueprint).mapToPk().deleteRule('cascade'),
    key: p.string().length(100),
    name: p.string().length(255),
    sequenceOrder: p.integer(),
  },
  indexes: [{ name: 'idx_phase_sequence', properties: ['journeyBlueprint', 'sequenceOrder'] }],
});
export type IPhase = InferEntity<typeof Phase>;
