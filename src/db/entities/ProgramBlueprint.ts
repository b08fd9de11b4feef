import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
import { JourneyBlueprint } from './JourneyBlueprint';
import { organizationId } from './organizationColumn';
import { Program } from './Program';

export const ProgramBlueprint = defineEntity({
  name: 'ProgramBlueprint',
  tableName: 'program_blueprints',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    program: p.manyToOne(Program).mapToPk().deleteRule('cascade').index('idx_pb_program'),
    // NO ACTION DEFERRABLE rather than RESTRICT, for the same reason as touchpoints.content_id.
    journeyBlueprint: p.manyToOne(JourneyBlueprint).mapToPk().deleteRule('no action').deferMode('deferred'),
    orderInProgram: p.integer(),
  },
});
export type IProgramBlueprint = InferEntity<typeof ProgramBlueprint>;
