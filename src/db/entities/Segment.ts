import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const Segment = defineEntity({
  name: 'Segment',
  tableName: 'segments',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    name: p.string().length(255).index('idx_segment_name'),
    /** JSON rule (see the segments API); null for a static segment. */
    ruleDefinition: p.text().nullable(),
    ...timestamps(),
  },
});
export type ISegment = InferEntity<typeof Segment>;
