import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Channel } from './Channel';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { User } from './User';

export const programStatuses = ['draft', 'active', 'paused', 'completed'] as const;
export type ProgramStatus = (typeof programStatuses)[number];

export const Program = defineEntity({
  name: 'Program',
  tableName: 'programs',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId().index('idx_program_org'),
    name: p.string().length(255),
    startDate: p.date().nullable(),
    endDate: p.date().nullable(),
    status: p.string().length(20).$type<ProgramStatus>().default('active'),
    /** The channel the program's messages go out on; null: the organization's default (see pickConversationChannel). */
    channel: p.manyToOne(Channel).mapToPk().nullable().deleteRule('set null'),
    createdBy: p.manyToOne(User).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    /** The simulator's program of test runs: left out of program lists. */
    simulated: p.boolean().default(false),
    updatedBy: p.manyToOne(User).mapToPk().fieldName('updated_by').nullable().deleteRule('set null'),
    ...timestamps(),
  },
  checks: [{ name: 'programs_status_check', expression: `status in ('draft', 'active', 'paused', 'completed')` }],
});
export type IProgram = InferEntity<typeof Program>;
